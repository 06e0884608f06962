import { expectNoSeriousViolations } from '../support/axe.js';
import { randomRoomId, type Participant } from '../support/browsers.js';
import { openChat, readChat, sendChat } from '../support/files.js';
import { expect, test } from '../support/fixtures.js';
import { expectAllVideosAdvancing, launchCrowd, tileNames } from '../support/meeting.js';

// Five browsers on two cores, moving between rooms: small cameras (launchCrowd) and time to breathe.
test.describe.configure({ timeout: 300_000 });

/** How long a move between rooms may take on a busy machine (leave, join, new links). */
const MOVE_TIMEOUT = 30_000;

/** `person` is in the breakout room called `room`: its banner, and no main-room tiles. */
async function expectInBreakout(person: Participant, room: string, with_: string): Promise<void> {
  await expect(person.page.getByTestId('breakout-banner')).toHaveAttribute('data-room', room, { timeout: MOVE_TIMEOUT });
  await expect(person.page.getByTestId('breakout-banner')).toContainText(`You are in ${room}`);
  await expectAllVideosAdvancing(person, 1);
  expect(await tileNames(person)).toEqual([with_]);
}

test.describe('breakout rooms', () => {
  test('the host sends 4 people into 2 rooms of 2, each room sees and hears its own, a message reaches every room, and everyone comes back past the lock with the main chat whole', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('breakouts');
    const everyone = await launchCrowd(people, 'Ada', 'Bob', 'Cyd', 'Dee', 'Eve');
    const [ada, bob, cyd, dee, eve] = everyone as [Participant, Participant, Participant, Participant, Participant];
    await ada.page.setViewportSize({ width: 1280, height: 720 });
    for (const person of everyone) await person.join(parley.url, room); // Ada first: the host
    for (const person of everyone) await expect(person.tiles).toHaveCount(4, { timeout: 30_000 });

    // Said in the main room before anyone goes.
    await openChat(bob);
    await sendChat(bob, 'Before the breakout');
    await expect(bob.page.getByTestId('chat-message')).toHaveCount(1);
    await bob.page.keyboard.press('Escape'); // the chat closes (on a small window it is a sheet over the controls)
    await expect(bob.page.getByTestId('chat-panel')).toHaveCount(0);

    // Ada locks the room (nobody new comes in), then plans two rooms by hand and opens them.
    await ada.page.getByTestId('participants-toggle').click();
    await ada.page.getByTestId('lock-room').check();
    await expect(ada.page.getByTestId('room-locked-note')).toBeVisible();
    await ada.page.getByTestId('breakouts-setup').click();
    await expect(ada.page.getByTestId('breakout-count')).toHaveValue('2');
    const assign = (name: string) => ada.page.locator(`[data-testid="breakout-assign"][data-name="${name}"]`);
    for (const [name, index] of [
      ['Bob', '0'],
      ['Cyd', '0'],
      ['Dee', '1'],
      ['Eve', '1'],
    ] as const) {
      await assign(name).selectOption(index);
    }
    await ada.page.getByTestId('breakout-minutes').selectOption('10');
    // The planning panel only: the call page around it is checked in accessibility.spec, without four others on the machine.
    await expectNoSeriousViolations(ada.page, 'the breakout rooms being planned', '[data-testid="breakouts-setup-panel"]');
    await ada.page.getByTestId('breakout-open').click();

    // Each pair is together, alone, with moving video; Ada stays in the main room, which says the rooms are open.
    await expect(ada.page.getByTestId('breakout-room')).toHaveText([/Room 1.*Bob, Cyd/, /Room 2.*Dee, Eve/]);
    await expect(ada.page.getByTestId('breakouts-open-notice')).toContainText(/Breakout rooms are open · (9|10):\d\d left/);
    await expectInBreakout(bob, 'Room 1', 'Cyd');
    await expectInBreakout(cyd, 'Room 1', 'Bob');
    await expectInBreakout(dee, 'Room 2', 'Eve');
    await expectInBreakout(eve, 'Room 2', 'Dee');
    await expect(ada.tiles).toHaveCount(0, { timeout: MOVE_TIMEOUT });
    await expect(bob.page.getByTestId('breakout-banner')).toContainText(/(9|10):\d\d left/);
    // A breakout room's chat is its own.
    await openChat(cyd);
    await expect(cyd.page.getByTestId('chat-message')).toHaveCount(0);
    await cyd.page.keyboard.press('Escape');

    // Ada's message reaches both rooms.
    await ada.page.getByTestId('breakout-message-input').fill('Two minutes left');
    await ada.page.getByTestId('breakout-message-send').click();
    for (const person of [bob, dee])
      await expect(person.page.getByTestId('breakout-message')).toContainText('Ada to all rooms: Two minutes left');
    await expectNoSeriousViolations(ada.page, 'call with the breakout rooms running');
    await expectNoSeriousViolations(bob.page, 'a breakout room with the host’s message');

    // Ada, alone in the main room, is warned before leaving it empty under the breakout rooms.
    await ada.page.getByTestId('leave-button').click();
    await expect(ada.page.getByTestId('host-leave-breakouts')).toContainText('the meeting ends for them');
    await ada.page.getByTestId('host-leave-cancel').click();
    await expect(ada.page.getByTestId('host-leave-panel')).toHaveCount(0);

    // Eve goes back early by herself; Dee stays alone in Room 2.
    await eve.page.getByTestId('breakout-return').click();
    await expect(eve.page.getByTestId('breakout-banner')).toHaveCount(0, { timeout: MOVE_TIMEOUT });
    await expectAllVideosAdvancing(eve, 1);
    expect(await tileNames(eve)).toEqual(['Ada']);
    await expect(dee.tiles).toHaveCount(0, { timeout: MOVE_TIMEOUT });

    // Bring everyone back: all five together again, past the lock, video moving on every screen.
    await ada.page.getByTestId('breakout-close').click();
    await expect(ada.page.getByTestId('breakouts-open-notice')).toHaveCount(0);
    for (const person of everyone) {
      await expect(person.page.getByTestId('breakout-banner')).toHaveCount(0, { timeout: MOVE_TIMEOUT });
      await expect(person.tiles).toHaveCount(4, { timeout: MOVE_TIMEOUT });
    }
    for (const person of [ada, bob, dee]) await expectAllVideosAdvancing(person, 4);
    await expect(ada.page.getByTestId('room-locked-note')).toBeVisible();

    // Bob's main-room chat came back with him, once.
    await openChat(bob);
    await expect(bob.page.getByTestId('chat-message')).toHaveCount(1);
    expect((await readChat(bob.page)).map((message) => message.text)).toEqual(['Before the breakout']);
  });
});
