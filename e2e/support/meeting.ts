import { expect, type Page } from '@playwright/test';
import type { Participant } from './browsers.js';
import type { People } from './fixtures.js';
import { MEDIA_TIMEOUT } from './call.js';
import { watchVideo } from './media.js';

/** Chromium picks the whole screen for getDisplayMedia() without a picker (headless has none). */
export const SCREEN_CAPTURE_ARGS = [
  '--auto-select-desktop-capture-source=Entire screen',
  // Cameras to switch between; this later flag wins over browsers.ts's. Chromium's fake_device_1 is
  // a depth camera (Y16) whose frames WebRTC does not send, so tests switch to fake_device_2 (MJPEG).
  '--use-fake-device-for-media-stream=device-count=3',
] as const;

/**
 * Test-side, before any page script: cameras capture at 320×180 and 15 fps whatever the app asks
 * (many browsers on two cores stay honest at that size), screens at most 640×360 and 10 fps, and
 * every getDisplayMedia() track is kept
 * in `window.__screenTracks` so a test can press the browser's own "Stop sharing" (see
 * `browserStopsSharing`). The app under test is not changed. Self-contained: Playwright serializes it.
 */
export function installSmallCameraAndScreenRecorder(): void {
  const devices = navigator.mediaDevices;
  const scope = window as unknown as { __screenTracks?: MediaStreamTrack[] };
  if (!devices || scope.__screenTracks) return;
  scope.__screenTracks = [];
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    if (constraints?.video) {
      const asked = typeof constraints.video === 'object' ? constraints.video : {};
      constraints = { ...constraints, video: { ...asked, width: { exact: 320 }, height: { exact: 180 }, frameRate: { max: 15 } } };
    }
    return getUserMedia(constraints);
  };
  if (devices.getDisplayMedia) {
    const getDisplayMedia = devices.getDisplayMedia.bind(devices);
    devices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      // Screens small too: two 1280-wide shares encoded and decoded by three browsers starve two cores.
      const video = {
        ...(typeof options?.video === 'object' ? options.video : {}),
        width: { max: 640 },
        height: { max: 360 },
        frameRate: { max: 10 },
      };
      const stream = await getDisplayMedia({ ...options, video });
      scope.__screenTracks?.push(...stream.getTracks());
      return stream;
    };
  }
}

/**
 * People who join with small cameras and can share their screen. The browser-level side of the
 * shrink is the init script above; the call itself is unchanged.
 */
export async function launchSmall(people: People, ...names: string[]): Promise<Participant[]> {
  const launched = await people.launchWith(SCREEN_CAPTURE_ARGS, ...names);
  await Promise.all(launched.map((person) => person.context.addInitScript(installSmallCameraAndScreenRecorder)));
  return launched;
}

/**
 * Test-side, before any page script, after launchSmall's own: what lets four to six browsers
 * (and Janus) share two cores. Cameras at 10 fps: at 320×180 libwebrtc cannot scale a starved
 * encoder down any further, so its CPU adaptation drops frames instead, to one a second (seen at
 * load 24); 10 fps still shows a freeze of a second as ten missing frames.
 *
 * Sound runs on real-time threads that preempt the renderers decoding the pictures these tests
 * watch. Measured over 15 s of a five-person mesh, per thread: audio (capture, one Opus encoder
 * per link, four decoders, mixing and output, in each browser) took 55 % of both cores, and a
 * tile fell to one frame in 3 s. So only `withMicrophone` people capture sound (the room still
 * carries a voice, sent, received and played); the others join as someone without a microphone
 * does. A microphone here runs without echo cancellation, noise suppression and gain control,
 * which Chromium's audio service would add on the same threads. Self-contained: Playwright
 * serializes it.
 */
export function installCrowdMedia(withMicrophone: boolean): void {
  const devices = navigator.mediaDevices;
  const scope = window as unknown as { __crowdMedia?: boolean };
  if (!devices?.getUserMedia || scope.__crowdMedia) return;
  scope.__crowdMedia = true;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const audio = !withMicrophone
      ? false
      : constraints?.audio
        ? {
            ...(typeof constraints.audio === 'object' ? constraints.audio : {}),
            echoCancellation: false,
            noiseSuppression: false,
            autoGainControl: false,
          }
        : constraints?.audio;
    const stream = await getUserMedia({ ...constraints, audio });
    for (const track of stream.getVideoTracks()) await track.applyConstraints({ ...track.getConstraints(), frameRate: { max: 10 } });
    return stream;
  };
}

/**
 * launchSmall for calls of four or more browsers (see installCrowdMedia: the first person named
 * is the one with a microphone), in a small window (a laptop's half screen): every presented
 * frame is composited in software here (no GPU), and a quarter of the pixels is a quarter of that work.
 */
export async function launchCrowd(people: People, ...names: string[]): Promise<Participant[]> {
  const launched = await launchSmall(people, ...names);
  await Promise.all(
    launched.map(async (person, index) => {
      await person.context.addInitScript(installCrowdMedia, index === 0);
      await person.page.setViewportSize({ width: 640, height: 360 });
    }),
  );
  return launched;
}

/**
 * What the browser does when the person clicks its own "Stop sharing" bar: the capture ends and
 * the video track fires `ended` (Screen Capture §5.1). A page cannot click the browser's UI, so
 * the test ends the captured track the same way.
 */
export async function browserStopsSharing(page: Page): Promise<void> {
  const stopped = await page.evaluate(() => {
    const tracks = (window as unknown as { __screenTracks?: MediaStreamTrack[] }).__screenTracks ?? [];
    const live = tracks.filter((track) => track.readyState === 'live');
    for (const track of live) {
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
    return live.length;
  });
  expect(stopped, 'a live screen capture to stop').toBeGreaterThan(0);
}

/** How long a crowd of browsers on two busy cores gets for every tile to show moving video. */
const CROWD_MEDIA_TIMEOUT = 45_000;

/**
 * `viewer` sees `count` remote tiles, and every one's video is presenting new frames: each tile
 * shows three new frames within a 3 s window at some point before the deadline. Each tile is
 * proved on its own: with four to six browsers decoding each other on two busy cores a whole
 * page is held to 1 or 2 presented frames a second now and then (getStats: decoded and encoded
 * alike), and four tiles each in one window seldom line up (seen: every tile decoding 10 fps by
 * getStats, no window of all four at once in 45 s). A frozen tile never passes.
 */
export async function expectAllVideosAdvancing(viewer: Participant, count: number): Promise<void> {
  await expect(viewer.tiles).toHaveCount(count, { timeout: MEDIA_TIMEOUT });
  const proved = new Set<string>();
  await expect(async () => {
    const tiles = await viewer.tiles.all();
    const shown = await Promise.all(
      tiles.map(async (tile) => {
        const id = (await tile.getAttribute('data-participant-id')) ?? '';
        if (proved.has(id)) return null;
        const name = await tile.getAttribute('data-participant-name');
        return { id, name, ...(await watchVideo(tile.locator('video'), 3_000)) };
      }),
    );
    for (const video of shown) if (video && video.videoWidth > 0 && video.frames >= 3) proved.add(video.id);
    for (const video of shown) {
      if (!video) continue;
      const where = `${viewer.name} watching ${video.name}: ${JSON.stringify(video)}`;
      expect(video.videoWidth, where).toBeGreaterThan(0);
      expect(video.frames, where).toBeGreaterThanOrEqual(3);
    }
    expect(proved.size, `${viewer.name}'s tiles seen advancing`).toBe(tiles.length);
    // A whole attempt (a 3 s window per tile, read through a starved page) took most of the
    // media timeout beside two burners while every decoder ran (getStats): a longer deadline,
    // never a laxer test of what a window shows.
  }).toPass({ timeout: CROWD_MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });
}

/** Names of the people `viewer` has a tile of, sorted. */
export async function tileNames(viewer: Participant): Promise<string[]> {
  const names = await viewer.tiles.evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-participant-name') ?? ''));
  return names.sort();
}

/** Opens the room's lobby with the name filled in, and waits until Join can be pressed (devices started). */
export async function openLobby(baseUrl: string, roomId: string, person: Participant): Promise<void> {
  const url = new URL(`/r/${encodeURIComponent(roomId)}`, baseUrl);
  url.searchParams.set('name', person.name);
  await person.page.goto(url.toString());
  await expect(person.page.getByTestId('name-input')).toHaveValue(person.name);
  await expect(person.page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
}

/**
 * Everyone opens the lobby and waits until Join is enabled; then all press Join in the same
 * instant, so the joins reach the server within milliseconds of each other (the glare case).
 */
export async function joinTogether(baseUrl: string, roomId: string, people: Participant[]): Promise<void> {
  await Promise.all(people.map((person) => openLobby(baseUrl, roomId, person)));
  await Promise.all(people.map((person) => person.page.getByTestId('join-button').click()));
  await Promise.all(people.map((person) => expect(person.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 })));
}
