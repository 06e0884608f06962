import { Signaling } from '@parley/client';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';
import { joinTogether, launchSmall, openLobby } from '../support/meeting.js';

test.describe('a full room', () => {
  test('the seventh person sees the room-full page, and gets in once someone leaves', async ({ parley, people }) => {
    const room = randomRoomId('full');
    // Five members join through the lighter path, signaling only (no media: seven browsers on two
    // cores would measure the machine, not the cap); the sixth and the seventh are real browsers.
    const members = Array.from({ length: 5 }, () => new Signaling({ serverUrl: parley.url }));
    try {
      for (const [index, member] of members.entries()) {
        await member.connect();
        await member.request('join', { room, name: `Member ${index + 1}` });
      }
      const [ada, zoe] = await launchSmall(people, 'Ada', 'Zoe');
      await joinTogether(parley.url, room, [ada!]);
      await expect(ada!.page.getByTestId('participant-count')).toHaveText('6 in the meeting');

      // Zoe is the seventh: a clear page, not a silent failure or an empty call.
      await openLobby(parley.url, room, zoe!);
      await zoe!.page.getByTestId('join-button').click();
      const full = zoe!.page.getByTestId('room-full');
      await expect(full).toBeVisible();
      await expect(full).toContainText('Room is full (6/6)');
      await expect(zoe!.page.getByTestId('leave-button')).toHaveCount(0);
      await expect(ada!.tiles).toHaveCount(5);

      // One member leaves; Zoe tries again from the same page and is in.
      members.pop()!.close();
      await expect(ada!.page.getByTestId('participant-count')).toHaveText('5 in the meeting');
      await zoe!.page.getByRole('button', { name: 'Try again' }).click();
      await zoe!.page.getByTestId('join-button').click();
      await expect(zoe!.page.getByTestId('participant-count')).toHaveText('6 in the meeting');
      await expect(zoe!.tileOf('Ada')).toHaveCount(1);
    } finally {
      for (const member of members) member.close();
    }
  });
});
