import { writeFile } from 'node:fs/promises';
import { randomRoomId } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { openChat, readChat, sendChat } from '../support/files.js';
import { expect, test } from '../support/fixtures.js';
import { frameGaps, startFrameGapWatch, stopFrameGapWatch } from '../support/frameGaps.js';
import { advancingVideosPerConnection, connectionSummary, screenTileOf, startSfuParley } from '../support/janus.js';
import { watchVideo } from '../support/media.js';
import { expectAllVideosAdvancing, joinTogether, launchCrowd, openLobby } from '../support/meeting.js';

// Five browsers and Janus on two cores: small cameras and windows (see launchCrowd) and room to breathe.
test.describe.configure({ timeout: 300_000 });

let sfu: Awaited<ReturnType<typeof startSfuParley>>;
test.beforeAll(async () => {
  sfu = await startSfuParley();
});
test.afterAll(async () => {
  await sfu?.close();
});

test.describe('SFU mode (Janus)', () => {
  test('a room grows 4 → 5: it moves to the SFU without a frozen tile; then everyone sees four videos, a screen share and chat', async ({
    people,
  }) => {
    const url = sfu.parley.url;
    const room = randomRoomId('sfu');
    const everyone = await launchCrowd(people, 'Ana', 'Ben', 'Cai', 'Dee', 'Eve');
    const [ana, ben, , , eve] = everyone;
    const four = everyone.slice(0, 4);
    await joinTogether(url, room, four);
    for (const viewer of four) await expectAllVideosAdvancing(viewer, 3);

    // Watch every tile frame by frame while Eve's arrival moves the room to the SFU.
    // Eve's lobby is open (her page loaded, camera started) before the watch: the move starts at her Join.
    await openLobby(url, room, eve!);
    await Promise.all(four.map((viewer) => startFrameGapWatch(viewer.page)));
    await eve!.page.getByTestId('join-button').click();
    for (const viewer of four) {
      // One connection (the SFU subscriber) decodes all four videos; the mesh links none any more.
      await expect(async () => {
        const perConnection = await advancingVideosPerConnection(viewer.page);
        const where = `${viewer.name}: ${JSON.stringify(perConnection)} ${await connectionSummary(viewer.page)}`;
        expect(
          perConnection.filter((n) => n > 0),
          where,
        ).toEqual([4]);
      }).toPass({ timeout: 60_000, intervals: [500, 1_000] });
    }
    const watches = await Promise.all(four.map((viewer) => stopFrameGapWatch(viewer.page, viewer.name)));
    for (const viewer of four) {
      const gaps = frameGaps(viewer.name, watches);
      // Kept with the run's output (test-results/): the numbers behind the assertions below.
      const path = test.info().outputPath(`frame-gaps-${viewer.name}.json`);
      await writeFile(path, JSON.stringify(gaps, null, 2));
      await test.info().attach(`frame gaps at ${viewer.name}`, { path, contentType: 'application/json' });
      const others = four.filter((person) => person !== viewer).map((person) => person.name);
      const switchGaps: number[] = [];
      for (const name of others) {
        const gap = gaps.find((g) => g.name === name);
        const where = `${viewer.name} watching ${name} across the switch: ${JSON.stringify(gap)}`;
        expect(gap, where).toBeDefined();
        expect(gap!.vanished, where).toBe(false);
        // The tile moved to the SFU stream exactly once (nobody left, no second rebuild).
        expect(gap!.switchGapsMs, where).toHaveLength(1);
        // Times are counted while both pages were rendering: the machine is shared by several
        // test runs, and a stall of a whole page (every tile at once, up to 4.7 s seen at load
        // average 35) is the CPU being elsewhere, not the switch. The sender's page counts too: its
        // renderer also encodes its camera (a tile froze 3.2 s beyond its viewer's stalls 9 s
        // before the switch, at load 13-21, which only the sender's page could explain).
        switchGaps.push(gap!.switchGapsBeyondStallsMs[0]!);
        // No tile is ever frozen for long, at the switch or otherwise.
        expect(gap!.maxGapBeyondStallsMs, where).toBeLessThanOrEqual(2_500);
      }
      // The switch itself: the old stream's last frame and the new one's first under a second
      // apart (the median of this viewer's three; a single one can also catch the sender's browser
      // starved for a moment, which this page cannot tell apart).
      const median = [...switchGaps].sort((a, b) => a - b)[1]!;
      expect(median, `${viewer.name}: switch gaps ${JSON.stringify(switchGaps)}`).toBeLessThanOrEqual(1_000);
    }

    // Everyone sees four moving videos; Eve, who came into the room as it moved, gets all four
    // through the SFU. (A sixth person on two cores beside other work left every browser at
    // 2 fps; a newcomer to a room already on the SFU is tested in Node: sfuRoom.test.)
    for (const viewer of everyone) await expectAllVideosAdvancing(viewer, 4);
    await expect(async () => {
      expect((await advancingVideosPerConnection(eve!.page)).filter((n) => n > 0)).toEqual([4]);
    }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [500, 1_000] });

    // Screen share goes on the publisher's screen slot: a moving screen tile at the others.
    await ana!.page.getByTestId('screen-share-toggle').click();
    for (const viewer of [eve!, ben!]) {
      await expect(screenTileOf(viewer.page, 'Ana')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
      await expect(async () => {
        const shown = await watchVideo(screenTileOf(viewer.page, 'Ana').locator('video'), 1_500);
        expect(shown.videoWidth, `${viewer.name} watching Ana's screen`).toBeGreaterThan(0);
        expect(shown.frames, `${viewer.name} watching Ana's screen: ${JSON.stringify(shown)}`).toBeGreaterThan(1);
      }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });
    }

    // Chat still rides the (now media-less) mesh links' data channels.
    await openChat(eve!);
    await openChat(ana!);
    await sendChat(ana!, 'hello through the SFU room');
    await expect(eve!.page.getByTestId('chat-message')).toHaveCount(1, { timeout: 20_000 });
    expect((await readChat(eve!.page))[0]).toMatchObject({ name: 'Ana', text: 'hello through the SFU room' });
  });
});
