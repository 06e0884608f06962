import { writeFile } from 'node:fs/promises';
import { concealedShare, makeTone, readAudioLink } from '../support/audioLink.js';
import { expect, test } from '../support/fixtures.js';
import { frameGaps, startFrameGapWatch, stopFrameGapWatch } from '../support/frameGaps.js';
import { callBetween, useLabWorld } from '../support/lab.js';

/**
 * A call where one person's link loses packets at random (the network lab's router drops them,
 * each direction): what a person sees and hears of the other, and how Parley's mesh link carries
 * audio (RED, Opus FEC, DTX; see packages/client/src/peer/audioResilience.ts).
 */
test.describe('a call over a lossy link (network lab)', () => {
  test.describe.configure({ timeout: 150_000 });
  const world = useLabWorld();

  test('5 % loss: video keeps moving both ways; 10 % loss: RED carries the audio, little of it concealed', async ({ people }, testInfo) => {
    const tone = await makeTone(testInfo.outputPath('audio'));
    const anaHome = await world().lab.household('ana', { nat: 'endpoint-independent' });
    const benHome = await world().lab.household('ben', { nat: 'endpoint-independent', lossPercent: 5 });
    const [ana, ben] = await callBetween(world(), people, [anaHome, benHome], [`--use-file-for-fake-audio-capture=${tone}`]);

    // Both browsers support RED, so both send it, and each asked the other for FEC and DTX.
    for (const person of [ana, ben]) {
      const link = await readAudioLink(person.page);
      const where = `${person.name}: ${JSON.stringify(link)}`;
      expect(link.sendCodec, where).toBe('red/48000/2');
      expect(link.remoteOpusParameters, where).toContain('useinbandfec=1');
      expect(link.remoteOpusParameters, where).toContain('usedtx=1');
    }

    // 5 % loss each way on Ben's link: lost video packets are sent again (NACK, RFC 4585 §6.2.1)
    // or a new key frame asked for (PLI, §6.3.1); no picture stands still for a second.
    await Promise.all([ana, ben].map((person) => startFrameGapWatch(person.page)));
    await ana.page.waitForTimeout(12_000);
    const watches = await Promise.all([ana, ben].map((person) => stopFrameGapWatch(person.page, person.name)));
    for (const [viewer, other] of [
      [ana, ben],
      [ben, ana],
    ] as const) {
      const gap = frameGaps(viewer.name, watches).find((g) => g.name === other.name);
      const where = `${viewer.name} watching ${other.name} at 5 % loss: ${JSON.stringify(gap)}`;
      expect(gap, where).toBeDefined();
      expect(gap!.frames, where).toBeGreaterThan(60);
      expect(gap!.maxGapMs, where).toBeLessThan(1_000);
    }

    // 10 % loss: with each packet carrying the previous frame too, audio is lost only when two
    // packets in a row are (about 1 % of them); without RED about 10 % would be made up.
    await benHome.setLoss(10);
    await ana.page.waitForTimeout(3_000);
    const before = await Promise.all([ana, ben].map((person) => readAudioLink(person.page)));
    await ana.page.waitForTimeout(15_000);
    const after = await Promise.all([ana, ben].map((person) => readAudioLink(person.page)));
    const shares = { atAna: concealedShare(before[0]!, after[0]!), atBen: concealedShare(before[1]!, after[1]!) };
    const numbers = JSON.stringify({ shares, before, after });
    const path = testInfo.outputPath('audio-at-10-percent-loss.json');
    await writeFile(path, numbers);
    await testInfo.attach('audio at 10 % loss', { path, contentType: 'application/json' });
    expect(shares.atAna, numbers).toBeLessThan(0.04);
    expect(shares.atBen, numbers).toBeLessThan(0.04);
  });
});
