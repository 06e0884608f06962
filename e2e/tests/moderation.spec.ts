import { randomRoomId } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { boxes, expectNoOverlap } from '../support/layout.js';

test.describe('the host', () => {
  test('asks a guest to mute, locks the room, and removes the guest, who cannot come back with that session', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('host');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await ada!.join(parley.url, room); // first in: the host
    await bob!.join(parley.url, room);
    await expect(ada!.tileOf('Bob')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });

    // Bob sees who hosts, and has no host controls.
    await bob!.page.getByTestId('participants-toggle').click();
    await expect(bob!.page.locator('[data-testid="participant-row"][data-participant-name="Ada"]').getByTestId('host-badge')).toBeVisible();
    await expect(bob!.page.getByTestId('remove-participant')).toHaveCount(0);
    await expect(bob!.page.getByTestId('lock-room')).toHaveCount(0);

    await ada!.page.getByTestId('participants-toggle').click();
    const bobRow = ada!.page.locator('[data-testid="participant-row"][data-participant-name="Bob"]');

    // Mute: Bob's own client mutes itself and tells him who asked.
    await expect(bob!.page.getByTestId('mic-toggle')).toHaveAttribute('aria-pressed', 'true');
    await bobRow.getByTestId('ask-mute').click();
    await expect(bob!.page.getByTestId('muted-by-host')).toContainText('Ada (host) muted your microphone');
    // The notice covers no tile: every name on the stage stays readable.
    expectNoOverlap(
      [
        ...(await boxes(bob!.page.getByTestId('muted-by-host'), () => 'muted-by-host notice')),
        ...(await boxes(bob!.page.locator('[data-testid="participant-tile"], [data-testid="self-tile"]'), (i, id) => `${id} ${i}`)),
      ],
      'Bob, muted by the host',
    );
    await expect(bob!.page.getByTestId('mic-toggle')).toHaveAttribute('aria-pressed', 'false');
    // Ada's list shows Bob's microphone off now (as Bob announced it), his camera still on.
    await expect(bobRow).toHaveAttribute('data-mic', 'off');
    await expect(bobRow).toHaveAttribute('data-camera', 'on');
    await expect(bobRow).toContainText('Microphone off');

    // Lock: someone new (a fresh tab, so a fresh session) is turned away with a clear page.
    // The switch shows the server's state: it turns on once the server confirms the lock.
    const lock = ada!.page.getByTestId('lock-room');
    await lock.click();
    await expect(lock).toBeChecked();
    await expect(bob!.page.getByTestId('room-locked-note')).toBeVisible();
    // Someone else, in a browser of their own (a tab of Bob's browser would be Bob moving his call).
    const [cyd] = await people.launch('Cyd');
    const newcomer = cyd!.page;
    await newcomer.goto(`${parley.url}/r/${room}?name=Cyd`);
    await expect(newcomer.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
    await newcomer.getByTestId('join-button').click();
    await expect(newcomer.getByRole('heading', { name: 'This room is locked' })).toBeVisible();
    await expect(newcomer.getByTestId('join-error')).toHaveAttribute('data-code', 'room-locked');
    await cyd!.close();
    await lock.click();
    await expect(lock).not.toBeChecked();
    await expect(bob!.page.getByTestId('room-locked-note')).toHaveCount(0);

    // Remove: Bob is told, his tile goes, and his session cannot come back.
    await bobRow.getByTestId('remove-participant').click();
    await expect(bob!.page.getByRole('heading', { name: 'You were removed by the host' })).toBeVisible();
    await expect(ada!.tiles).toHaveCount(0, { timeout: 5_000 });
    await expect(bob!.page.getByTestId('leave-button')).toHaveCount(0);
    await bob!.page.goto(`${parley.url}/r/${room}?name=Bob`);
    await expect(bob!.page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
    await bob!.page.getByTestId('join-button').click();
    await expect(bob!.page.getByTestId('removed-page')).toBeVisible();
    await expect(ada!.tiles).toHaveCount(0);
  });

  test('the host who reloads is host again, and everyone is told each change of host', async ({ parley, people }) => {
    const room = randomRoomId('host-reload');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await ada!.join(parley.url, room); // first in: the host
    await bob!.join(parley.url, room);
    await expect(ada!.tileOf('Bob')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });

    await ada!.page.reload(); // her page says goodbye as it unloads: Bob hosts meanwhile, and is told
    await expect(bob!.page.getByTestId('host-change')).toHaveText(/You are now the host/);
    await ada!.join(parley.url, room);
    await expect(bob!.page.getByTestId('host-change')).toHaveText('Ada is now the host.');
    await ada!.page.getByTestId('participants-toggle').click();
    await expect(ada!.page.getByTestId('lock-room')).toBeVisible();
    await bob!.page.getByTestId('participants-toggle').click();
    await expect(bob!.page.locator('[data-testid="participant-row"][data-participant-name="Ada"]').getByTestId('host-badge')).toBeVisible();
    await expect(bob!.page.getByTestId('lock-room')).toHaveCount(0);
  });

  test('a host leaving others behind picks who hosts next, or ends the meeting for everyone', async ({ parley, people }) => {
    const room = randomRoomId('host-leave');
    const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
    for (const person of [ada!, bob!, cyd!]) await person.join(parley.url, room);
    for (const name of ['Bob', 'Cyd']) await expect(ada!.tileOf(name)).toHaveCount(1, { timeout: MEDIA_TIMEOUT });

    // The host's Leave asks first, and she may stay.
    await ada!.page.getByTestId('leave-button').click();
    const panel = ada!.page.getByTestId('host-leave-panel');
    await expect(panel).toBeVisible();
    await panel.getByTestId('host-leave-cancel').click();
    await expect(panel).toHaveCount(0);
    await expect(ada!.page.getByTestId('leave-button')).toBeVisible();

    // She hands the role to Cyd, not to Bob who has been in longer (whom the server would pick).
    await ada!.page.getByTestId('leave-button').click();
    await panel.getByTestId('next-host-select').selectOption({ label: 'Cyd' });
    await panel.getByTestId('host-leave-confirm').click();
    await expect(ada!.page.getByTestId('left-screen')).toBeVisible();
    await expect(cyd!.page.getByTestId('host-change')).toHaveText(/You are now the host/);
    await expect(bob!.page.getByTestId('host-change')).toHaveText('Cyd is now the host.');

    // Cyd, now host, ends the meeting: Bob is told who ended it, and his call is over.
    await cyd!.page.getByTestId('leave-button').click();
    await cyd!.page.getByTestId('host-leave-panel').getByTestId('end-for-everyone').click();
    await expect(cyd!.page.getByTestId('left-screen')).toBeVisible();
    await expect(bob!.page.getByTestId('ended-page')).toContainText('Cyd ended the meeting for everyone.');
    await expect(bob!.page.getByTestId('leave-button')).toHaveCount(0);
  });
});
