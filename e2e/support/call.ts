import { expect } from '@playwright/test';
import type { Participant } from './browsers.js';
import { sampleInbound, SILENCE_ENERGY, tileTrackIds, watchVideo } from './media.js';

/** How long media may take to start flowing after the tile appears (ICE + DTLS + first keyframe). */
export const MEDIA_TIMEOUT = 20_000;
/** A person who leaves, closes the tab or crashes must vanish from the others' screens this fast. */
export const GONE_WITHIN = 5_000;

/** One look at `other`'s tile on `viewer`'s screen: frames presented, and inbound stats of its tracks. */
export async function observe(viewer: Participant, other: Pick<Participant, 'name'>) {
  const tile = viewer.tileOf(other.name);
  const video = tile.locator('video');
  const tracks = await tileTrackIds(tile);
  expect(tracks.video, `${viewer.name}'s tile of ${other.name} plays a video track`).toHaveLength(1);
  expect(tracks.audio, `${viewer.name}'s tile of ${other.name} plays an audio track`).toHaveLength(1);
  const [shown, stats] = await Promise.all([
    watchVideo(video, 1_000),
    sampleInbound(viewer.page, { trackIds: [...tracks.video, ...tracks.audio], windowMs: 1_500 }),
  ]);
  const muted = await video.evaluate((element: HTMLVideoElement) => element.muted);
  return { shown, stats, muted, where: `${viewer.name} watching ${other.name}: ${JSON.stringify({ shown, stats })}` };
}

/**
 * What `viewer` sees and hears of `other`: exactly one tile, labelled with their name, whose
 * `<video>` has a picture that keeps changing, fed by an inbound video stream whose decoded frames
 * grow and an inbound audio stream whose packets and energy grow (the fake mic beeps).
 */
export async function expectSeesAndHears(viewer: Participant, other: Pick<Participant, 'name'>): Promise<void> {
  await expect(viewer.tiles).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
  const tile = viewer.tileOf(other.name);
  await expect(tile).toHaveCount(1);
  await expect(tile).toHaveAttribute('data-participant-id', /\S/);
  await expect(tile).toContainText(other.name);

  await expect(async () => {
    const { shown, stats, muted, where } = await observe(viewer, other);
    expect(shown.videoWidth, where).toBeGreaterThan(0);
    expect(shown.paused, where).toBe(false);
    expect(shown.frames, where).toBeGreaterThan(5);
    expect(stats.after.videoStreams, where).toBe(1);
    expect(stats.after.audioStreams, where).toBe(1);
    expect(stats.delta.framesDecoded, where).toBeGreaterThan(0);
    expect(stats.delta.audioPacketsReceived, where).toBeGreaterThan(0);
    expect(stats.delta.totalAudioEnergy, where).toBeGreaterThan(SILENCE_ENERGY);
    // A remote tile must not be muted, or nobody hears anyone.
    expect(muted, where).toBe(false);
  }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });
}
