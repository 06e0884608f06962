import { afterEach, describe, expect, it } from 'vitest';
import { digestStats, quality, StatsSampler } from '../src/stats.js';
import { linkedPair, syntheticTracks, type LinkedPair } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

const open: LinkedPair[] = [];
afterEach(() => {
  for (const pair of open.splice(0)) pair.close();
});

/** A report shaped like Chrome's (webrtc-stats), as a Map of id → stats object. */
function report(stats: Array<Record<string, unknown>>): Map<string, Record<string, unknown> & { id: string; type: string }> {
  return new Map(stats.map((stat) => [String(stat.id), { ...stat, id: String(stat.id), type: String(stat.type) }]));
}

function chromeLike(t: number, bytesIn: number, bytesOut: number, received: number, lost: number) {
  return report([
    { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
    {
      id: 'CP1',
      type: 'candidate-pair',
      timestamp: t,
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      currentRoundTripTime: 0.042,
      bytesReceived: bytesIn,
      bytesSent: bytesOut,
    },
    { id: 'CP2', type: 'candidate-pair', timestamp: t, localCandidateId: 'L2', currentRoundTripTime: 0.9 },
    { id: 'L1', type: 'local-candidate', candidateType: 'relay' },
    { id: 'L2', type: 'local-candidate', candidateType: 'host' },
    { id: 'R1', type: 'remote-candidate', candidateType: 'srflx', address: '203.0.113.12', port: 40_123 },
    { id: 'C1', type: 'codec', mimeType: 'video/VP8' },
    { id: 'C2', type: 'codec', mimeType: 'audio/opus' },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      codecId: 'C1',
      frameWidth: 640,
      frameHeight: 360,
      framesPerSecond: 30,
      packetsReceived: received,
      packetsLost: lost,
    },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', codecId: 'C2', audioLevel: 0.25, packetsReceived: 100, packetsLost: 0 },
    { id: 'MS', type: 'media-source', kind: 'audio', audioLevel: 0.5 },
  ]);
}

describe('digestStats', () => {
  it('reads the selected pair, not just any pair, and rates over the interval since the previous sample', () => {
    const first = digestStats(chromeLike(1_000, 0, 0, 900, 0), null);
    expect(first.stats).toMatchObject({
      rttMs: 42,
      candidateType: 'relay',
      remoteAddress: '203.0.113.12:40123',
      bitrateInKbps: null, // no interval yet
      video: { width: 640, height: 360, fps: 30, codec: 'VP8' },
      audioCodec: 'opus',
      audioLevel: 0.25,
      sendingAudioLevel: 0.5,
      packetLossPercent: 0,
      quality: 'good',
    });
    // One second later: 125 000 bytes in (1 Mbit/s), 62 500 out, 100 packets of which 10 lost.
    const second = digestStats(chromeLike(2_000, 125_000, 62_500, 990, 10), first.counters);
    expect(second.stats.bitrateInKbps).toBeCloseTo(1_000);
    expect(second.stats.bitrateOutKbps).toBeCloseTo(500);
    expect(second.stats.packetLossPercent).toBeCloseTo(10);
    expect(second.stats.quality).toBe('poor');
  });

  it('reads the audio level over the whole interval, so a beep between two samples still counts', () => {
    const withAudio = (energyIn: number, energyOut: number, seconds: number) =>
      report([
        { id: 'IA', type: 'inbound-rtp', kind: 'audio', audioLevel: 0, totalAudioEnergy: energyIn, totalSamplesDuration: seconds },
        { id: 'IB', type: 'inbound-rtp', kind: 'audio', audioLevel: 0, totalAudioEnergy: 0, totalSamplesDuration: seconds },
        { id: 'MS', type: 'media-source', kind: 'audio', audioLevel: 0, totalAudioEnergy: energyOut, totalSamplesDuration: seconds },
      ]);
    // No interval yet: the level now, silent at this instant.
    const first = digestStats(withAudio(1, 2, 10), null);
    expect(first.stats).toMatchObject({ audioLevel: 0, sendingAudioLevel: 0 });
    // One second later, silent again at the instant, but a 0.1 s beep at level 0.5 came in
    // (energy 0.5² × 0.1 = 0.025) and 0.2 s at 0.3 went out (0.018): RMS √0.025 ≈ 0.158, √0.018 ≈ 0.134.
    const second = digestStats(withAudio(1.025, 2.018, 11), first.counters);
    expect(second.stats.audioLevel).toBeCloseTo(Math.sqrt(0.025));
    expect(second.stats.sendingAudioLevel).toBeCloseTo(Math.sqrt(0.018));
    // Counters that went back (a stream replaced under the same id) fall back to the level now.
    expect(digestStats(withAudio(0, 0, 1), second.counters).stats.audioLevel).toBe(0);
  });

  it('grades quality by round trip and loss', () => {
    expect(quality(null, null)).toBe('unknown');
    expect(quality(80, 0)).toBe('good');
    expect(quality(350, 0)).toBe('fair');
    expect(quality(80, 3)).toBe('fair');
    expect(quality(700, 0)).toBe('poor');
  });

  it('digests a real connection: a host path on loopback with a measured round trip and bytes flowing', async () => {
    const tracks = syntheticTracks();
    const p = linkedPair({ tracksA: tracks, tracksB: syntheticTracks() });
    open.push(p);
    await waitFor(() => p.a.connectionState === 'connected', { what: 'connected', timeoutMs: 8_000 });
    const sampler = new StatsSampler(p.a.pc);
    let stats = await sampler.sample();
    for (let i = 0; i < 20 && (stats.rttMs === null || stats.bitrateOutKbps === null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stats = await sampler.sample();
    }
    expect(stats.candidateType).toBe('host');
    expect(stats.rttMs).not.toBeNull();
    expect(stats.bitrateOutKbps).not.toBeNull();
    tracks.audio.stop();
    tracks.video.stop();
  });
});
