import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';
import { expectAllVideosAdvancing, joinTogether, launchCrowd, tileNames } from '../support/meeting.js';

// Four and five browsers on two cores: small 10 fps cameras (see support/meeting.ts) and room to breathe.
test.describe.configure({ timeout: 180_000 });

test.describe('mesh rooms', () => {
  test('four people pressing Join in the same instant each see the other three, twice in a row', async ({ parley, people }) => {
    const room = randomRoomId('mesh');
    const four = await launchCrowd(people, 'Ada', 'Bob', 'Cyd', 'Dan');
    await joinTogether(parley.url, room, four);
    for (const viewer of four) await expectAllVideosAdvancing(viewer, 3);

    // Round two: everyone leaves, then all rejoin in the same instant (new ids, new connections).
    await Promise.all(four.map((person) => person.leave()));
    await Promise.all(four.map((person) => expect(person.page.getByTestId('rejoin-button')).toBeVisible()));
    await Promise.all(four.map((person) => person.page.getByTestId('rejoin-button').click()));
    for (const viewer of four) await expectAllVideosAdvancing(viewer, 3);
    for (const viewer of four) {
      const others = four
        .filter((person) => person !== viewer)
        .map((person) => person.name)
        .sort();
      expect(await tileNames(viewer)).toEqual(others);
    }
  });

  test('a fifth joining at the same moment as a fourth: everyone still sees everyone', async ({ parley, people }) => {
    const room = randomRoomId('mesh');
    const all = await launchCrowd(people, 'Ada', 'Bob', 'Cyd', 'Dan', 'Eve');
    const [first, late] = [all.slice(0, 3), all.slice(3)];
    await joinTogether(parley.url, room, first);
    for (const viewer of first) await expect(viewer.tiles).toHaveCount(2, { timeout: 20_000 });

    await joinTogether(parley.url, room, late);
    for (const viewer of all) await expectAllVideosAdvancing(viewer, 4);
    for (const viewer of all) {
      const others = all
        .filter((person) => person !== viewer)
        .map((person) => person.name)
        .sort();
      expect(await tileNames(viewer), `${viewer.name}'s tiles`).toEqual(others);
      await expect(viewer.page.getByTestId('participant-count')).toHaveText('5 in the meeting');
    }
  });
});
