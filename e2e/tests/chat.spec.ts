import type { Participant } from '../support/browsers.js';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';
import { offerFiles, openChat, readChat, sendChat } from '../support/files.js';

/** Each sender's messages on one page: exactly once each, in the order they were sent. */
async function expectEveryMessageOnceInOrder(viewer: Participant, expected: Map<string, string[]>): Promise<void> {
  const total = [...expected.values()].reduce((n, list) => n + list.length, 0);
  await expect(viewer.page.getByTestId('chat-message')).toHaveCount(total, { timeout: 20_000 });
  const shown = await readChat(viewer.page);
  expect(new Set(shown.map((m) => m.id)).size, `${viewer.name}: ids are unique`).toBe(total);
  for (const [sender, texts] of expected) {
    const theirs = shown.filter((m) => m.text.startsWith(`${sender} #`));
    expect(
      theirs.map((m) => m.text),
      `${viewer.name} sees ${sender}'s messages once, in order`,
    ).toEqual(texts);
    const seqs = theirs.map((m) => m.seq);
    expect(seqs, `${viewer.name}: ${sender}'s sequence numbers grow`).toEqual([...seqs].sort((a, b) => a - b));
  }
}

test.describe('chat over data channels', () => {
  test('three people: per-sender order, exactly once, unread badge, history for a late joiner', async ({ parley, people }) => {
    test.setTimeout(120_000);
    const room = randomRoomId();
    const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
    await ada!.join(parley.url, room);
    await bob!.join(parley.url, room);
    await expect(ada!.tileOf('Bob')).toHaveCount(1, { timeout: 20_000 });

    // Bob's panel is closed: Ada's first message shows as an unread badge.
    await openChat(ada!);
    await expect(ada!.page.getByTestId('chat-input')).toBeVisible();
    const expected = new Map<string, string[]>([
      ['Ada', []],
      ['Bob', []],
      ['Cyd', []],
    ]);
    const say = async (person: Participant, n: number) => {
      for (let i = 0; i < n; i++) {
        const text = `${person.name} #${expected.get(person.name)!.length + 1}`;
        expected.get(person.name)!.push(text);
        await sendChat(person, text);
      }
    };
    await say(ada!, 1);
    await expect(bob!.page.getByTestId('chat-unread')).toHaveText('1', { timeout: 10_000 });
    // Said to a screen reader too, while the chat is closed (a polite live region).
    await expect(bob!.page.getByTestId('chat-announcement')).toContainText('Ada says:');
    await openChat(bob!);
    await expect(bob!.page.getByTestId('chat-unread')).toHaveCount(0);
    await expect(bob!.page.getByTestId('chat-message')).toHaveCount(1);
    const first = (await readChat(bob!.page))[0]!;
    expect(first).toMatchObject({ name: 'Ada', text: 'Ada #1' });

    // Both type at once.
    await Promise.all([say(ada!, 5), say(bob!, 5)]);
    await expectEveryMessageOnceInOrder(ada!, new Map([...expected].filter(([k]) => k !== 'Cyd')));

    // Cyd joins late: the recent history comes from a peer already there, each message once.
    await cyd!.join(parley.url, room);
    await openChat(cyd!);
    await expectEveryMessageOnceInOrder(cyd!, new Map([...expected].filter(([k]) => k !== 'Cyd')));
    const history = await cyd!.page.locator('[data-testid="chat-message"][data-history="true"]').count();
    expect(history).toBe(11);

    // All three type at once.
    await expect(ada!.tileOf('Cyd')).toHaveCount(1, { timeout: 20_000 });
    await expect(bob!.tileOf('Cyd')).toHaveCount(1, { timeout: 20_000 });
    await expect.poll(() => Promise.all([ada!, bob!, cyd!].map((p) => p.page.getByTestId('participant-tile').count()))).toEqual([2, 2, 2]);
    // The data channels open right after the peer connections: give Cyd's links a moment to be
    // usable. At load 11 one of Cyd's took over 10 s with its media long flowing (a lost SCTP
    // INIT is retried after 1, 2, 4 s, RFC 4960 §6.3.3, the likely cause).
    await expect
      .poll(
        () =>
          cyd!.page.evaluate(
            () =>
              ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.sctp?.state === 'connected').length,
          ),
        { timeout: 30_000, message: "Cyd's connected SCTP associations" },
      )
      .toBe(2);
    await Promise.all([say(ada!, 5), say(bob!, 5), say(cyd!, 5)]);
    for (const viewer of [ada!, bob!, cyd!]) await expectEveryMessageOnceInOrder(viewer, expected);
  });

  test('an XSS corpus in messages, names and file names is shown as text and never runs', async ({ parley, people }) => {
    test.setTimeout(90_000);
    const room = randomRoomId();
    const names = ['<img src=x onerror=alert(1)>', '<svg onload=alert(2)>'];
    const [ada, bob] = await people.launch(...names);
    const events: string[] = [];
    for (const person of [ada!, bob!]) {
      // Any script from a payload would show as a dialog, a console line, or the marker global.
      person.page.on('dialog', (dialog) => {
        events.push(`${person.name}: dialog ${dialog.type()} ${dialog.message()}`);
        void dialog.dismiss();
      });
      person.page.on('console', (message) => {
        if (/PWNED/.test(message.text())) events.push(`${person.name}: console ${message.text()}`);
      });
      person.page.on('pageerror', (error) => {
        if (/PWNED/.test(error.message)) events.push(`${person.name}: ${error.message}`);
      });
    }
    await ada!.join(parley.url, room);
    await bob!.join(parley.url, room);
    await expect(ada!.tileOf(names[1]!)).toHaveCount(1, { timeout: 20_000 });

    const corpus = [
      '<script>alert("PWNED-script")</script>',
      '<img src=x onerror="console.log(\'PWNED-img\');window.__pwned=1">',
      '<svg/onload=alert("PWNED-svg")>',
      '<a href="javascript:alert(\'PWNED-link\')">click</a>',
      'javascript:alert("PWNED-bare")',
      'JaVaScRiPt:window.__pwned=1//https://example.org',
      '"><iframe src="javascript:alert(`PWNED-iframe`)"></iframe>',
      '<details open ontoggle=console.log("PWNED-details")>',
      '<style>@import "javascript:alert(1)"</style><b onmouseover=alert("PWNED")>x</b>',
      'https://example.org/ok?q=<script>alert("PWNED-url")</script>',
    ];
    await openChat(ada!);
    await openChat(bob!);
    for (const text of corpus) await sendChat(ada!, text);
    const fileNames = [
      '<img src=x onerror=alert("PWNED-file")>.txt',
      '..\\..\\<script>alert(1)<\u002fscript>.html',
      'invoice\u202Etxt.exe',
    ];
    await offerFiles(
      ada!,
      fileNames.map((name) => ({ name, mimeType: 'text/html', buffer: Buffer.from('<script>alert("PWNED-content")</script>') })),
    );

    await expect(bob!.page.getByTestId('chat-message')).toHaveCount(corpus.length, { timeout: 20_000 });
    const shown = await readChat(bob!.page);
    expect(shown.map((m) => m.text)).toEqual(corpus); // the exact characters, as text
    expect(shown.every((m) => m.name === names[0])).toBe(true);
    // Nothing from a payload became an element; only full https:// URLs became links.
    const list = bob!.page.locator('.chat__list');
    await expect(list.locator('script, img, svg, iframe, details, style, b')).toHaveCount(0);
    const hrefs = await list.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    // (the https:// URL inside the "JaVaScRiPt:" line is a real one; a URL stops at '<')
    expect(hrefs).toEqual(['https://example.org/', 'https://example.org/ok?q=']);
    const rels = await list.locator('a').evaluateAll((links) => links.map((a) => `${a.getAttribute('rel')} ${a.getAttribute('target')}`));
    expect(new Set(rels)).toEqual(new Set(['noopener noreferrer nofollow _blank']));

    // File names: sanitised (no path, no bidi override), shown as text.
    const offers = bob!.page.getByTestId('file-offer');
    await expect(offers).toHaveCount(3);
    const offered = await offers.evaluateAll((items) => items.map((item) => item.getAttribute('data-file-name')));
    // (< > " \ / are characters Windows forbids in names: they become _)
    expect(offered).toEqual(['_img src=x onerror=alert(_PWNED-file_)_.txt', '_..__script_alert(1)__script_.html', 'invoicetxt.exe']);
    await expect(bob!.page.locator('[data-testid="file-list"]').locator('script, img')).toHaveCount(0);
    // The tile name and the chat name are the typed text.
    await expect(bob!.tileOf(names[0]!)).toContainText(names[0]!);

    // Accepting runs nothing either (the content is stored, never rendered).
    await offers.first().getByTestId('file-accept').click();
    await expect(bob!.page.getByTestId('file-done')).toHaveCount(1, { timeout: 20_000 });
    // Let any deferred handler (onerror, onload, ontoggle) fire before checking.
    await bob!.page.waitForTimeout(500);
    for (const person of [ada!, bob!]) {
      expect(await person.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    }
    expect(events).toEqual([]);
  });
});
