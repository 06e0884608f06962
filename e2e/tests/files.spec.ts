import { randomRoomId } from '../support/browsers.js';
import { expect, test, type People } from '../support/fixtures.js';
import { offerFiles, openChat, randomFile, saveAndHash, transferItem, transferNumbers } from '../support/files.js';

const MB = 1_000_000;

/** Ada and Bob, each in their own browser, in a fresh room and seeing each other. */
async function adaAndBobInACall(url: string, people: People) {
  const room = randomRoomId();
  const [ada, bob] = await people.launch('Ada', 'Bob');
  await ada!.join(url, room);
  await bob!.join(url, room);
  await expect(ada!.tileOf('Bob')).toHaveCount(1, { timeout: 20_000 });
  return { room, ada: ada!, bob: bob! };
}

test.describe('file transfer over data channels', () => {
  test('a 50 MB random file arrives after the receiver accepts, and its SHA-256 matches', async ({ parley, people }) => {
    test.setTimeout(120_000);
    const file = await randomFile('random-50MB.bin', 50 * MB);
    try {
      const { ada, bob } = await adaAndBobInACall(parley.url, people);

      await offerFiles(ada, file.path);
      // Bob sees the offer, with size and type, before anything is sent; nothing moves until he accepts.
      await expect(bob.page.getByTestId('chat-unread')).toHaveText('1');
      await openChat(bob);
      const offer = bob.page.getByTestId('file-offer');
      await expect(offer).toHaveCount(1);
      await expect(offer).toContainText('random-50MB.bin');
      await expect(offer).toContainText('50.0 MB');
      await expect(offer).toContainText('From Ada');
      const sending = transferItem(ada.page, 'random-50MB.bin');
      await expect(sending).toHaveAttribute('data-state', 'offered');
      expect((await transferNumbers(sending)).bytesOnWire).toBe(0);

      await offer.getByTestId('file-accept').click();
      // Progress on both sides, with speed and time left.
      await expect(bob.page.getByTestId('file-progress')).toContainText(/of 50\.0 MB/, { timeout: 20_000 });
      await expect(ada.page.getByTestId('file-progress')).toContainText(/\/s, .* left/, { timeout: 20_000 });

      const received = bob.page.getByTestId('file-done');
      await expect(received).toHaveCount(1, { timeout: 90_000 });
      await expect(received).toHaveAttribute('data-sha256', file.sha256);
      await expect(ada.page.getByTestId('file-done')).toContainText('Delivered to Bob, SHA-256 verified');
      const saved = await saveAndHash(bob, received);
      expect(saved.name).toBe('random-50MB.bin');
      expect(saved.sha256).toBe(file.sha256);
      const sent = await transferNumbers(ada.page.getByTestId('file-done'));
      expect(sent.bytesOnWire).toBe(file.size); // every byte once
    } finally {
      await file.cleanup();
    }
  });

  test('a declined offer says on each screen who declined it, in English and in Korean', async ({ parley, people }) => {
    const file = await randomFile('not-wanted.bin', 1_000);
    try {
      const { ada, bob } = await adaAndBobInACall(parley.url, people);
      await offerFiles(ada, file.path);
      await openChat(bob);
      await bob.page.getByTestId('file-offer').getByTestId('file-decline').click();
      const atBob = transferItem(bob.page, 'not-wanted.bin').locator('.transfer__status');
      const atAda = transferItem(ada.page, 'not-wanted.bin').locator('.transfer__status');
      await expect(atBob).toHaveText('You declined');
      await expect(atAda).toHaveText('Bob declined');
      for (const person of [ada, bob]) await person.page.getByTestId('language-select').selectOption('ko');
      await expect(atBob).toHaveText('거절했습니다');
      await expect(atAda).toHaveText('Bob님이 거절했습니다');
    } finally {
      await file.cleanup();
    }
  });

  test('a file for two people: each is told while the chat is closed, and the sender sees one card with a line each', async ({
    parley,
    people,
  }) => {
    // Three browsers joining, two offers and some fifteen checks: 48–51 s in passing burner runs,
    // over 60 s in two others (CI-41, CI-45; every step had succeeded, the last ones just late).
    test.setTimeout(120_000);
    const file = await randomFile('for-both.bin', 200_000);
    const second = await randomFile('second.bin', 1_000);
    try {
      const room = randomRoomId();
      const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
      for (const person of [ada!, bob!, cyd!]) await person.join(parley.url, room);
      for (const name of ['Bob', 'Cyd']) await expect(ada!.tileOf(name)).toHaveCount(1, { timeout: 20_000 });

      await offerFiles(ada!, file.path);
      // With the chat closed, an offer is a notice above the stage, not only the badge a message gets.
      for (const person of [bob!, cyd!]) {
        await expect(person.page.getByTestId('chat-panel')).toHaveCount(0);
        await expect(person.page.getByTestId('file-offer-notice')).toHaveText(/Ada wants to send you for-both\.bin \(200 kB\)/);
      }
      // Cyd dismisses it: it goes, and the chat stays closed. Bob's "Show" opens the chat at the offer.
      await cyd!.page.getByTestId('file-offer-dismiss').click();
      await expect(cyd!.page.getByTestId('file-offer-notice')).toHaveCount(0);
      await expect(cyd!.page.getByTestId('chat-panel')).toHaveCount(0);
      await bob!.page.getByTestId('file-offer-show').click();
      await expect(bob!.page.getByTestId('file-offer-notice')).toHaveCount(0);
      await bob!.page.getByTestId('file-offer').getByTestId('file-accept').click();
      await expect(bob!.page.getByTestId('file-done')).toHaveAttribute('data-sha256', file.sha256, { timeout: 20_000 });

      // Ada: one card for the file, a line per person, and the whole delivery counted.
      const card = ada!.page.getByTestId('file-group');
      await expect(card).toHaveCount(1);
      await expect(card).toHaveAttribute('data-recipients', '2');
      await expect(ada!.page.locator('.transfers > li')).toHaveCount(1);
      await expect(card.locator('[data-transfer-id]')).toHaveCount(2);
      await expect(card.getByTestId('file-done')).toContainText('Bob');
      await expect(card.getByTestId('file-pending')).toContainText('Cyd');
      await expect(card.getByTestId('file-group-summary')).toHaveText('Delivered to 1 of 2');

      await cyd!.page.getByTestId('chat-toggle').click();
      await cyd!.page.getByTestId('file-offer').getByTestId('file-decline').click();
      await expect(card.getByTestId('file-ended')).toContainText(/Cyd\s*declined/);
      await ada!.page.getByTestId('language-select').selectOption('ko');
      await expect(card.getByTestId('file-group-summary')).toHaveText('2명 중 1명에게 전달됨');

      // An offer that arrives while Bob's chat is open he has seen there: closing the chat brings no notice.
      await offerFiles(ada!, second.path);
      await expect(bob!.page.locator('[data-testid="file-offer"][data-file-name="second.bin"]')).toHaveCount(1);
      await bob!.page.getByTestId('chat-close').click();
      await expect(bob!.page.getByTestId('chat-panel')).toHaveCount(0);
      await expect(bob!.page.getByTestId('file-offer-notice')).toHaveCount(0);
    } finally {
      await file.cleanup();
      await second.cleanup();
    }
  });

  test('the receiver reloads half-way: the transfer resumes from the stored bytes and the hash matches', async ({ parley, people }) => {
    test.setTimeout(150_000);
    const file = await randomFile('resume-50MB.bin', 50 * MB);
    try {
      const { room, ada, bob } = await adaAndBobInACall(parley.url, people);
      await offerFiles(ada, file.path);
      await openChat(bob);
      await bob.page.getByTestId('file-accept').click();

      // About half-way, Bob's page reloads (as if he pressed F5): a new participant id, a new page.
      const receiving = transferItem(bob.page, 'resume-50MB.bin');
      await expect
        .poll(async () => (await transferNumbers(receiving)).bytes, { timeout: 60_000, intervals: [100] })
        .toBeGreaterThan(file.size * 0.45);
      const storedBefore = (await transferNumbers(receiving)).bytes;
      await bob.join(parley.url, room); // navigates again: lobby, Join

      // Ada sees the interruption, then the transfer resumes by itself.
      const sending = transferItem(ada.page, 'resume-50MB.bin');
      await expect(sending).toHaveAttribute('data-resumes', '1', { timeout: 30_000 });
      await openChat(bob);
      const done = bob.page.getByTestId('file-done');
      await expect(done).toHaveCount(1, { timeout: 90_000 });
      await expect(done).toHaveAttribute('data-sha256', file.sha256);
      expect(Number(await done.getAttribute('data-resumes'))).toBe(1);
      const saved = await saveAndHash(bob, done);
      expect(saved.sha256).toBe(file.sha256);

      await expect(ada.page.getByTestId('file-done')).toHaveCount(1);
      const sent = await transferNumbers(ada.page.getByTestId('file-done'));
      const report = `stored before reload ${storedBefore} B; sent ${sent.bytesOnWire} B for ${file.size} B (${(sent.bytesOnWire / file.size).toFixed(3)}×)`;
      test.info().annotations.push({ type: 'resume', description: report });
      console.log(`[files] resume: ${report}`);
      expect(sent.bytesOnWire).toBeGreaterThanOrEqual(file.size);
      expect(sent.bytesOnWire).toBeLessThan(1.3 * file.size);
    } finally {
      await file.cleanup();
    }
  });
});
