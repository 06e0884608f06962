import type { Page } from '@playwright/test';
import { randomRoomId } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { readDeviceUse, sampleInbound, tileTrackIds, watchVideo } from '../support/media.js';
import { browserStopsSharing, expectAllVideosAdvancing, joinTogether, launchCrowd, launchSmall } from '../support/meeting.js';

test.describe.configure({ timeout: 150_000 });

test.describe('media controls in a call', () => {
  test('switching camera mid-call keeps the same RTCPeerConnection and the picture keeps moving; an unplugged camera falls back and says so', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('devices');
    const [ada, bob] = await launchSmall(people, 'Ada', 'Bob');
    await joinTogether(parley.url, room, [ada!, bob!]);
    await expectAllVideosAdvancing(bob!, 1);

    // Mark Ada's one peer connection, and note how many offers/answers it has applied so far.
    const before = await ada!.page.evaluate(() => {
      const pcs = (window as unknown as { __pcs: Array<RTCPeerConnection & { __mark?: string }> }).__pcs.filter(
        (pc) => pc.signalingState !== 'closed',
      );
      pcs[0]!.__mark = 'original';
      const sender = pcs[0]!.getSenders().find((s) => s.track?.kind === 'video');
      return { open: pcs.length, label: sender?.track?.label ?? '', sdp: pcs[0]!.localDescription?.sdp ?? '' };
    });
    expect(before.open).toBe(1);
    expect(before.label).toBe('fake_device_0');

    // Open the devices panel and pick another camera; Bob's view of Ada is watched meanwhile.
    // (fake_device_2, not fake_device_1: Chromium's fake_device_1 is a Y16 depth camera, see support/meeting.ts.)
    await ada!.page.getByTestId('devices-toggle').click();
    const cameraSelect = ada!.page.getByTestId('camera-select');
    await expect(cameraSelect.locator('option')).toHaveCount(3);
    const secondCamera = await cameraSelect.locator('option', { hasText: 'fake_device_2' }).getAttribute('value');
    const watching = watchFrameGaps(bob!.page, 6_000);
    await cameraSelect.selectOption(secondCamera);

    await expect
      .poll(() =>
        ada!.page.evaluate(() => {
          const pcs = (window as unknown as { __pcs: Array<RTCPeerConnection & { __mark?: string }> }).__pcs.filter(
            (pc) => pc.signalingState !== 'closed',
          );
          const sender = pcs[0]?.getSenders().find((s) => s.track?.kind === 'video');
          return { open: pcs.length, mark: pcs[0]?.__mark, label: sender?.track?.label, sdp: pcs[0]?.localDescription?.sdp };
        }),
      )
      .toEqual({ open: 1, mark: 'original', label: 'fake_device_2', sdp: before.sdp }); // same connection, no renegotiation
    const gaps = await watching;
    test
      .info()
      .annotations.push({ type: 'longest frame gap at Bob across the switch (ms)', description: String(Math.round(gaps.longestGapMs)) });
    expect(gaps.frames, 'Bob kept receiving frames across the switch').toBeGreaterThan(10);
    await expectAllVideosAdvancing(bob!, 1);
    // Only one camera is in use: the first was released.
    expect((await readDeviceUse(ada!.page)).liveCaptureTracks.sort()).toEqual(['audio', 'video']);
    // Remembered for the next visit.
    expect(await ada!.page.evaluate(() => localStorage.getItem('parley.devices'))).toContain(secondCamera!);

    // That camera is unplugged: the browser ends its track. Ada's call falls back to another camera
    // on the same connection, tells her which, and Bob's picture keeps moving.
    await ada!.page.evaluate(() => {
      const tracks = (window as unknown as { __captured: MediaStreamTrack[] }).__captured;
      const camera = tracks.find((track) => track.kind === 'video' && track.readyState === 'live')!;
      camera.stop();
      camera.dispatchEvent(new Event('ended')); // what the browser fires for an unplugged device
    });
    await expect(ada!.page.getByTestId('device-notice')).toContainText('Camera was disconnected. Now using fake_device_0.');
    await expect
      .poll(() =>
        ada!.page.evaluate(() => {
          const pcs = (window as unknown as { __pcs: Array<RTCPeerConnection & { __mark?: string }> }).__pcs.filter(
            (pc) => pc.signalingState !== 'closed',
          );
          return {
            open: pcs.length,
            mark: pcs[0]?.__mark,
            label: pcs[0]?.getSenders().find((s) => s.track?.kind === 'video')?.track?.label,
          };
        }),
      )
      .toEqual({ open: 1, mark: 'original', label: 'fake_device_0' });
    await expectAllVideosAdvancing(bob!, 1);
  });

  test('mute and camera off show on everyone’s tile of that person, also for someone who joins later; the one speaking is highlighted', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('mute');
    const [ada, bob, cyd] = await launchSmall(people, 'Ada Lovelace', 'Bob', 'Cyd');
    await joinTogether(parley.url, room, [ada!, bob!]);
    await expectAllVideosAdvancing(bob!, 1);
    const adaAtBob = bob!.tileOf('Ada Lovelace');
    await expect(adaAtBob.getByTestId('muted-indicator')).toHaveCount(0);

    const clicked = Date.now();
    await ada!.page.getByTestId('mic-toggle').click();
    await expect(adaAtBob.getByTestId('muted-indicator')).toBeVisible();
    test.info().annotations.push({ type: 'mute visible at Bob after the click (ms)', description: String(Date.now() - clicked) });
    // Muting disables the track that is sent: it stays (unmuting is instant) but sends silence. (The
    // microphone behind it stays open for the noise suppressor, which "you are muted" listens through.)
    expect(
      await ada!.page.evaluate(() =>
        (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
          .filter((pc) => pc.signalingState !== 'closed')
          .flatMap((pc) => pc.getSenders())
          .filter((sender) => sender.track?.kind === 'audio')
          .map((sender) => sender.track?.enabled),
      ),
    ).toEqual([false]);

    // Camera off: the camera is released (its light goes off) and Bob sees initials, not a frozen frame.
    await ada!.page.getByTestId('camera-toggle').click();
    await expect(adaAtBob.getByTestId('tile-avatar')).toHaveText('AL');
    await expect.poll(async () => (await readDeviceUse(ada!.page)).liveCaptureTracks).toEqual(['audio']);

    // Cyd joins late and learns both at once.
    await joinTogether(parley.url, room, [cyd!]);
    const adaAtCyd = cyd!.tileOf('Ada Lovelace');
    await expect(adaAtCyd.getByTestId('muted-indicator')).toBeVisible({ timeout: MEDIA_TIMEOUT });
    await expect(adaAtCyd.getByTestId('tile-avatar')).toHaveText('AL');
    await expect(cyd!.tileOf('Bob').getByTestId('muted-indicator')).toHaveCount(0);
    // Cyd mutes too: only Bob's microphone sends sound (the fake one beeps), so his tile is the
    // active speaker's at Cyd, and at Bob his own.
    await cyd!.page.getByTestId('mic-toggle').click();
    await expect(cyd!.tileOf('Bob')).toHaveAttribute('data-speaking', 'true', { timeout: MEDIA_TIMEOUT });
    await expect(cyd!.tileOf('Ada Lovelace')).toHaveAttribute('data-speaking', 'false');
    await expect(bob!.page.getByTestId('self-tile')).toHaveAttribute('data-speaking', 'true', { timeout: MEDIA_TIMEOUT });

    // Back on: indicator and avatar go away for both, and the picture moves again.
    await ada!.page.getByTestId('mic-toggle').click();
    await ada!.page.getByTestId('camera-toggle').click();
    for (const viewer of [bob!, cyd!]) {
      await expect(viewer.tileOf('Ada Lovelace').getByTestId('muted-indicator')).toHaveCount(0);
      await expect(viewer.tileOf('Ada Lovelace').getByTestId('tile-avatar')).toHaveCount(0, { timeout: MEDIA_TIMEOUT });
    }
    await expectAllVideosAdvancing(cyd!, 2);
  });

  test('a screen share is an extra moving video at everyone else, and ends everywhere when stopped', async ({ parley, people }) => {
    const room = randomRoomId('screen');
    // Small cameras at 10 fps, one microphone (launchCrowd): three browsers each sending a camera
    // and a screen to two others, end-to-end encrypted, on two cores.
    const trio = await launchCrowd(people, 'Ada', 'Bob', 'Cyd');
    for (const person of trio) await person.page.setViewportSize({ width: 1280, height: 720 });
    const [ada, bob, cyd] = trio;
    await joinTogether(parley.url, room, trio);
    for (const viewer of trio) await expectAllVideosAdvancing(viewer, 2);

    const share = ada!.page.getByTestId('screen-share-toggle');
    await share.click();
    await expect(share).toHaveAttribute('aria-pressed', 'true');
    // Ada sees that she presents, with Stop, not a mirror of her own screen; the button says Stop.
    const presenting = ada!.page.getByTestId('self-screen-tile');
    await expect(presenting).toContainText('You are presenting your screen to everyone');
    await expect(presenting.locator('video')).toHaveCount(0);
    await expect(share.locator('.control__caption')).toHaveText('Stop');
    for (const viewer of [bob!, cyd!]) await expectScreenOf(viewer, 'Ada');
    for (const viewer of trio) await expectAllVideosAdvancing(viewer, 2); // cameras go on beside it
    // The browser offered the screen's sound too: it plays in Ada's screen tile at the others.
    await expect(async () => {
      const tracks = await tileTrackIds(bob!.page.locator('[data-testid="screen-tile"][data-participant-name="Ada"]'));
      expect(tracks.audio).toHaveLength(1);
      const sound = await sampleInbound(bob!.page, { trackIds: tracks.audio, windowMs: 1_000 });
      expect(sound.delta.audioPacketsReceived, JSON.stringify(sound)).toBeGreaterThan(0);
    }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });

    // Stopped with "Stop presenting": gone everywhere, the call back to the grid.
    await presenting.getByTestId('stop-presenting').click();
    await expect(share).toHaveAttribute('aria-pressed', 'false');
    await expect(share.locator('.control__caption')).toHaveText('Share');
    for (const viewer of [bob!, cyd!]) {
      await expect(viewer.page.getByTestId('screen-tile')).toHaveCount(0, { timeout: MEDIA_TIMEOUT });
      await expect(viewer.page.locator('[data-layout="grid"]')).toBeVisible();
    }

    // Shared again, and stopped from the browser's own "Stop sharing": same result.
    await share.click();
    for (const viewer of [bob!, cyd!]) await expectScreenOf(viewer, 'Ada');
    await browserStopsSharing(ada!.page);
    await expect(share).toHaveAttribute('aria-pressed', 'false');
    for (const viewer of [bob!, cyd!]) await expect(viewer.page.getByTestId('screen-tile')).toHaveCount(0, { timeout: MEDIA_TIMEOUT });

    // Two people start sharing at the same moment: all screens and all cameras keep going.
    await Promise.all([bob!.page.getByTestId('screen-share-toggle').click(), cyd!.page.getByTestId('screen-share-toggle').click()]);
    await expectScreenOf(ada!, 'Bob');
    await expectScreenOf(ada!, 'Cyd');
    await expectScreenOf(bob!, 'Cyd');
    await expectScreenOf(cyd!, 'Bob');
    await expect(ada!.page.getByTestId('screen-tile')).toHaveCount(2);
    for (const viewer of trio) await expectAllVideosAdvancing(viewer, 2);
  });

  test('the connection panel shows each remote path, round trip, bitrates, resolution and codec', async ({ parley, people }) => {
    const room = randomRoomId('stats');
    const [ada, bob] = await launchSmall(people, 'Ada', 'Bob');
    await joinTogether(parley.url, room, [ada!, bob!]);
    await expectAllVideosAdvancing(ada!, 1);

    await ada!.page.getByTestId('stats-toggle').click();
    const panel = ada!.tileOf('Bob').getByTestId('connection-stats');
    await expect(panel).toBeVisible();
    await expect(panel).toHaveAttribute('data-candidate-type', 'host');
    await expect(panel.locator('[data-stat="resolution"] dd')).toHaveText('320×180', { timeout: MEDIA_TIMEOUT });
    await expect(panel.locator('[data-stat="rtt"] dd')).toHaveText(/^\d+ ms$/);
    await expect(panel.locator('[data-stat="bitrate-in"] dd')).toHaveText(/^[1-9]\d* kbit\/s$/);
    await expect(panel.locator('[data-stat="bitrate-out"] dd')).toHaveText(/^[1-9]\d* kbit\/s$/);
    await expect(panel.locator('[data-stat="codec"] dd')).toHaveText(/^(VP8|VP9|H264|AV1) \/ opus$/);
    await expect(panel.locator('[data-stat="loss"] dd')).toHaveText(/^\d+\.\d %$/);
    await expect(ada!.tileOf('Bob').getByTestId('quality-indicator')).toHaveAttribute('data-quality', 'good');

    await ada!.page.getByTestId('stats-toggle').click();
    await expect(panel).toHaveCount(0);
  });
});

/** `viewer` has a screen tile of `name` whose video presents new frames. */
async function expectScreenOf(viewer: { page: Page; name: string }, name: string): Promise<void> {
  const tile = viewer.page.locator(`[data-testid="screen-tile"][data-participant-name="${name}"]`);
  await expect(tile).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
  await expect(viewer.page.locator('[data-layout="speaker"]')).toBeVisible();
  await expect(async () => {
    const shown = await watchVideo(tile.locator('video'), 1_500);
    expect(shown.videoWidth, `${viewer.name} watching ${name}'s screen`).toBeGreaterThan(0);
    expect(shown.frames, `${viewer.name} watching ${name}'s screen: ${JSON.stringify(shown)}`).toBeGreaterThan(1);
  }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });
}

/** Counts frames of the page's first remote video over `ms` and the longest pause between two of them. */
function watchFrameGaps(page: Page, ms: number): Promise<{ frames: number; longestGapMs: number }> {
  return page
    .getByTestId('remote-video')
    .first()
    .evaluate(
      (video: HTMLVideoElement, windowMs: number) =>
        new Promise<{ frames: number; longestGapMs: number }>((resolve) => {
          let frames = 0;
          let last = performance.now();
          let longest = 0;
          let running = true;
          const onFrame = (now: number) => {
            if (!running) return;
            frames += 1;
            longest = Math.max(longest, now - last);
            last = now;
            video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
          setTimeout(() => {
            running = false;
            resolve({ frames, longestGapMs: longest });
          }, windowMs);
        }),
      ms,
    );
}
