import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/fixtures.js';
import { callBetween, useLabWorld } from '../support/lab.js';
import { sampleInbound, SILENCE_ENERGY, tileTrackIds } from '../support/media.js';
import type { Participant } from '../support/browsers.js';

/** Audio packets and energy from `other`'s tile at `viewer` over two seconds. */
async function hears(viewer: Participant, other: string) {
  const tracks = await tileTrackIds(viewer.tileOf(other));
  return (await sampleInbound(viewer.page, { trackIds: tracks.audio, windowMs: 2_000 })).delta;
}

/**
 * A link too slow for any picture (120 kbit/s each way: about what Opus with RED and its packet
 * overhead need alone). Video sent anyway would fill the router's queue the audio waits in, so
 * neither would get through; Parley pauses the video both ways (peer/VideoBandwidthGuard), says
 * so on both screens, keeps the audio, and brings the video back by itself once the link allows.
 */
test.describe('a link too slow for video (network lab)', () => {
  test.describe.configure({ timeout: 180_000 });
  const world = useLabWorld();

  test('at 120 kbit/s video pauses with a notice on both screens while the audio carries on; it comes back when the link does', async ({
    people,
  }, testInfo) => {
    const anaHome = await world().lab.household('ana', { nat: 'endpoint-independent' });
    const benHome = await world().lab.household('ben', { nat: 'endpoint-independent' });
    const [ana, ben] = await callBetween(world(), people, [anaHome, benHome]);

    await benHome.setRate(120);
    const slowAt = Date.now();
    // Both directions are too slow: each side pauses its own video, and each is told of the other's.
    for (const [viewer, other] of [
      [ana, ben],
      [ben, ana],
    ] as const) {
      const hint = viewer.tileOf(other.name).getByRole('status');
      await expect(hint, `${viewer.name}'s tile of ${other.name}`).toContainText(/video paused both ways/i, { timeout: 40_000 });
    }
    const pausedAfterMs = Date.now() - slowAt;
    // The picture is the avatar, not a frozen frame; the sound still comes.
    for (const [viewer, other] of [
      [ana, ben],
      [ben, ana],
    ] as const) {
      await expect(viewer.tileOf(other.name)).toHaveClass(/tile--no-video/);
      await expect(async () => {
        const heard = await hears(viewer, other.name);
        expect(heard.audioPacketsReceived, `${viewer.name} hears ${other.name}: ${JSON.stringify(heard)}`).toBeGreaterThan(50);
        expect(heard.totalAudioEnergy, `${viewer.name} hears ${other.name}: ${JSON.stringify(heard)}`).toBeGreaterThan(SILENCE_ENERGY);
      }).toPass({ timeout: 10_000 });
    }

    await benHome.setRate(null);
    const fastAt = Date.now();
    for (const [viewer, other] of [
      [ana, ben],
      [ben, ana],
    ] as const) {
      await expect(viewer.tileOf(other.name).getByRole('status'), `${viewer.name}'s tile of ${other.name}`).toHaveCount(0, {
        timeout: 60_000,
      });
      await expect(viewer.tileOf(other.name)).not.toHaveClass(/tile--no-video/, { timeout: 10_000 });
    }
    const resumedAfterMs = Date.now() - fastAt;
    const numbers = JSON.stringify({ pausedAfterMs, resumedAfterMs });
    const saved = testInfo.outputPath('pause-and-resume.json');
    await writeFile(saved, numbers);
    await testInfo.attach('video paused and resumed', { path: saved, contentType: 'application/json' });
    // Moving pictures again both ways.
    for (const [viewer, other] of [
      [ana, ben],
      [ben, ana],
    ] as const) {
      const tracks = await tileTrackIds(viewer.tileOf(other.name));
      await expect(async () => {
        const seen = await sampleInbound(viewer.page, { trackIds: tracks.video, windowMs: 1_000 });
        expect(seen.delta.framesDecoded, `${viewer.name} sees ${other.name} again: ${numbers}`).toBeGreaterThan(5);
      }).toPass({ timeout: 10_000 });
    }
  });
});
