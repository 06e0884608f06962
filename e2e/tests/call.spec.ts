import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears, GONE_WITHIN, MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { readDeviceUse, sampleInbound } from '../support/media.js';

test.describe('a call through the web app', () => {
  test('two people in separate browsers see and hear each other', async ({ parley, people }) => {
    const room = randomRoomId();
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);

    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);

    // Each tile is the other person, not oneself: the ids differ and name the right people.
    const adaSeesId = await ada!.tileOf('Bob').getAttribute('data-participant-id');
    const bobSeesId = await bob!.tileOf('Ada').getAttribute('data-participant-id');
    expect(adaSeesId).not.toBe(bobSeesId);
  });

  test('someone in another room sees and receives nobody, and the call stays two people', async ({ parley, people }) => {
    const room = randomRoomId();
    const otherRoom = randomRoomId();
    const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room), cyd!.join(parley.url, otherRoom)]);

    // By the time media flows between Ada and Bob, anything leaking to Cyd would have arrived too.
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);

    await expect(cyd!.page.getByTestId('leave-button')).toBeVisible(); // Cyd is in a call view...
    await expect(cyd!.tiles).toHaveCount(0); // ...with nobody in it,
    await expect(cyd!.page.getByText('You are the only one here')).toBeVisible();
    await expect(cyd!.page.getByTestId('participant-count')).toHaveText('1 in the meeting');
    const cydStats = await sampleInbound(cyd!.page, { windowMs: 1_000 });
    expect(cydStats.after, 'Cyd receives no media from anyone').toMatchObject({
      videoStreams: 0,
      audioStreams: 0,
      framesDecoded: 0,
      audioPacketsReceived: 0,
    });

    for (const [viewer, other] of [
      [ada!, bob!],
      [bob!, ada!],
    ] as const) {
      await expect(viewer.tiles).toHaveCount(1);
      await expect(viewer.tileOf(other.name)).toHaveCount(1);
      await expect(viewer.tileOf('Cyd')).toHaveCount(0);
      await expect(viewer.page.getByTestId('participant-count')).toHaveText('2 in the meeting');
      // Exactly one inbound video and one inbound audio stream in the whole page: nothing from Cyd.
      const all = await sampleInbound(viewer.page, { windowMs: 500 });
      expect(all.after.videoStreams, `${viewer.name}'s inbound video streams`).toBe(1);
      expect(all.after.audioStreams, `${viewer.name}'s inbound audio streams`).toBe(1);
    }
    await expect(cyd!.tiles).toHaveCount(0);
  });

  test('a person who clicks Leave disappears from the other screen within 5 s, and can rejoin', async ({ parley, people }) => {
    const room = randomRoomId();
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);
    await expect(ada!.tileOf('Bob')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
    await expect(bob!.tileOf('Ada')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
    expect((await readDeviceUse(ada!.page)).liveCaptureTracks.sort()).toEqual(['audio', 'video']);

    await ada!.leave();

    await expect(bob!.tileOf('Ada')).toHaveCount(0, { timeout: GONE_WITHIN });
    await expect(bob!.tiles).toHaveCount(0);
    // Bob is told, in a corner notice that goes by itself.
    await expect(bob!.page.getByTestId('arrival').filter({ hasText: 'Ada left' })).toBeVisible();
    // Ada is out of the call: told so, no call controls, no tile of Bob; her connections are
    // closed and her camera and microphone released (the camera light goes off).
    await expect(ada!.page.getByRole('heading', { name: 'You left the meeting' })).toBeVisible();
    await expect(ada!.page.getByTestId('leave-button')).toHaveCount(0);
    await expect(ada!.tiles).toHaveCount(0);
    await expect.poll(() => readDeviceUse(ada!.page)).toEqual({ openPeerConnections: 0, liveCaptureTracks: [] });

    // Rejoining brings her back on Bob's screen, with picture and sound both ways, and Bob is told.
    await ada!.page.getByTestId('rejoin-button').click();
    await expect(bob!.page.getByTestId('arrival').filter({ hasText: 'Ada joined' })).toBeVisible();
    await Promise.all([expectSeesAndHears(bob!, ada!), expectSeesAndHears(ada!, bob!)]);
    await expect(bob!.page.getByTestId('arrival')).toHaveCount(0, { timeout: 10_000 });
  });

  test('a person whose tab or browser closes abruptly disappears from the others within 5 s', async ({ parley, people }) => {
    const room = randomRoomId();
    const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room), cyd!.join(parley.url, room)]);
    for (const viewer of [ada!, bob!, cyd!]) {
      await expect(viewer.tiles).toHaveCount(2, { timeout: MEDIA_TIMEOUT });
    }
    await expect(ada!.tileOf('Bob')).toHaveCount(1);
    await expect(ada!.tileOf('Cyd')).toHaveCount(1);

    // Bob's tab closes (no Leave click).
    await bob!.page.close();
    await Promise.all([
      expect(ada!.tileOf('Bob')).toHaveCount(0, { timeout: GONE_WITHIN }),
      expect(cyd!.tileOf('Bob')).toHaveCount(0, { timeout: GONE_WITHIN }),
    ]);
    await expect(ada!.tileOf('Cyd')).toHaveCount(1); // the rest of the call goes on
    await expect(cyd!.tileOf('Ada')).toHaveCount(1);

    // Cyd's whole browser goes away.
    await cyd!.close();
    await expect(ada!.tileOf('Cyd')).toHaveCount(0, { timeout: GONE_WITHIN });
    await expect(ada!.tiles).toHaveCount(0);
  });
});

test.describe('room links', () => {
  for (const [label, path] of [
    ['spaces and punctuation', '/r/bad%20id!'],
    ['more than 64 characters', `/r/${'a'.repeat(65)}`],
  ] as const) {
    test(`an invalid room id (${label}) shows an error instead of the lobby`, async ({ parley, page }) => {
      await page.goto(new URL(path, parley.url).toString());
      await expect(page.getByRole('heading', { name: 'This meeting link is not valid' })).toBeVisible();
      await expect(page.getByTestId('join-button')).toHaveCount(0);
      await expect(page.getByTestId('name-input')).toHaveCount(0);
    });
  }

  test('a valid room id shows the lobby (the contrast to the invalid ones)', async ({ parley, page }) => {
    await page.goto(new URL(`/r/${randomRoomId()}?name=Ada`, parley.url).toString());
    await expect(page.getByTestId('join-button')).toBeVisible();
    await expect(page.getByTestId('name-input')).toHaveValue('Ada');
    await expect(page.getByRole('heading', { name: 'This meeting link is not valid' })).toHaveCount(0);
  });
  test('the lobby says whether the meeting is on: nobody yet behind a mistyped link, how many once someone is in, "you are first" after New meeting', async ({
    parley,
    people,
  }) => {
    const [ada, bob] = await people.launch('Ada', 'Bob');
    const room = randomRoomId('presence');
    await bob!.page.goto(new URL(`/r/${room}?name=Bob`, parley.url).toString());
    const presence = bob!.page.getByTestId('room-presence');
    await expect(presence).toHaveText('Nobody is here yet. If you were invited, check the link: joining starts a new meeting.');
    // Ada joins while Bob is still in the lobby: his lobby catches up by itself.
    await ada!.join(parley.url, room);
    await expect(presence).toHaveText('1 already in the meeting', { timeout: 15_000 });

    // Someone who starts a meeting with "New meeting" is expected to be alone: no warning about the link.
    const starter = await bob!.context.newPage();
    await starter.goto(parley.url);
    await starter.getByTestId('new-meeting-button').click();
    // A code to read out and type: four groups of four, without 0/o, 1/i/l (protocol/meetingCode.ts).
    await expect(starter).toHaveURL(/\/r\/[2-9a-hjkmnp-tv-z]{4}(?:-[2-9a-hjkmnp-tv-z]{4}){3}$/);
    await expect(starter.getByTestId('room-presence')).toHaveText(
      'You are the first one here: the meeting starts when you join. Invite others with its link.',
    );
  });
});
