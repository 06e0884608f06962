import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VideoBandwidthGuard } from '../../src/peer/VideoBandwidthGuard.js';
import { PAUSE_AFTER_SAMPLES, PROBE_WAITS_MS } from '../../src/peer/videoPausePolicy.js';

/**
 * A connection whose selected pair reports `estimate.kbps` as availableOutgoingBitrate, and whose
 * video receiver reports one round trip of `estimate.rttMs` per reading (none while it is null).
 */
function connectionWith(estimate: { kbps: number; rttMs?: number | null }): RTCPeerConnection {
  const rtt = { totalRoundTripTime: 0, roundTripTimeMeasurements: 0 };
  return {
    connectionState: 'connected',
    getStats: async () => {
      if (estimate.rttMs != null) {
        rtt.totalRoundTripTime += estimate.rttMs / 1000;
        rtt.roundTripTimeMeasurements += 1;
      }
      return new Map<string, Record<string, unknown>>([
        ['T', { id: 'T', type: 'transport', selectedCandidatePairId: 'P' }],
        ['P', { id: 'P', type: 'candidate-pair', state: 'succeeded', nominated: true, availableOutgoingBitrate: estimate.kbps * 1000 }],
        ['R', { id: 'R', type: 'remote-inbound-rtp', kind: 'video', ...rtt }],
      ]);
    },
  } as unknown as RTCPeerConnection;
}

/** A camera sender whose one encoding starts at half size (as VideoFastStart leaves an HD camera). */
function cameraSender() {
  const encoding: RTCRtpEncodingParameters = { active: true, scaleResolutionDownBy: 2 };
  const sender = {
    track: { kind: 'video' },
    getParameters: () => ({ encodings: [{ ...encoding }] }),
    setParameters: vi.fn(async (parameters: { encodings: RTCRtpEncodingParameters[] }) => {
      for (const key of Object.keys(encoding) as (keyof RTCRtpEncodingParameters)[]) delete encoding[key];
      Object.assign(encoding, parameters.encodings[0]);
    }),
  };
  return { sender: sender as unknown as RTCRtpSender & { track: unknown }, encoding };
}

/** Lets a tick's awaited getStats and setParameters settle. */
async function seconds(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await vi.advanceTimersByTimeAsync(1_000);
}

describe('VideoBandwidthGuard', () => {
  let guard: VideoBandwidthGuard | null = null;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    guard?.dispose();
    vi.useRealTimers();
  });

  /** A guard on a camera sender over a link whose estimate is `kbps`, run until it paused the video. */
  async function pausedAt(kbps: number) {
    const estimate = { kbps };
    const { sender, encoding } = cameraSender();
    const changes: boolean[] = [];
    const started = new VideoBandwidthGuard(
      connectionWith(estimate),
      () => sender,
      (paused) => changes.push(paused),
    );
    guard = started;
    await seconds(PAUSE_AFTER_SAMPLES + 1);
    expect(encoding.active).toBe(false);
    expect(started.paused).toBe(true);
    expect(changes).toEqual([true]);
    return { guard: started, estimate, sender, encoding, changes };
  }

  it('pauses the camera encoding on a link too slow for video, probes with the smallest picture, and resumes as it was', async () => {
    const { guard, estimate, encoding, changes } = await pausedAt(120);

    // The first probe: a quarter of the size, a low cap; the link is still too slow, so video pauses again, quietly.
    await seconds(PROBE_WAITS_MS[0] / 1_000);
    expect(encoding).toMatchObject({ active: true, scaleResolutionDownBy: 4, maxBitrate: 150_000 });
    await seconds(4);
    expect(encoding.active).toBe(false);
    expect(changes).toEqual([true]);

    // The link is fine again: the next probe finds room, and the encoding is as before the pause.
    estimate.kbps = 2_000;
    await seconds(PROBE_WAITS_MS[1] / 1_000 + 2);
    expect(encoding).toEqual({ active: true, scaleResolutionDownBy: 2 });
    expect(guard.paused).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('resumes at no more than the scale floor set meanwhile (a busy computer asked for smaller video)', async () => {
    const estimate = { kbps: 120 };
    const { sender, encoding } = cameraSender();
    let floor = 1;
    guard = new VideoBandwidthGuard(
      connectionWith(estimate),
      () => sender,
      () => undefined,
      () => floor,
    );
    await seconds(PAUSE_AFTER_SAMPLES + 1);
    expect(encoding.active).toBe(false);
    floor = 4;
    estimate.kbps = 2_000;
    await seconds(PROBE_WAITS_MS[0] / 1_000 + 12);
    expect(encoding).toEqual({ active: true, scaleResolutionDownBy: 4 });
  });

  it('an estimate stuck at the controller floor (just above the pause floor) pauses once the round trip shows a standing queue', async () => {
    const estimate: { kbps: number; rttMs: number | null } = { kbps: 153.2, rttMs: 20 };
    const { sender, encoding } = cameraSender();
    const changes: boolean[] = [];
    guard = new VideoBandwidthGuard(
      connectionWith(estimate),
      () => sender,
      (paused) => changes.push(paused),
    );
    // At the floor with a short queue: the encoder's lowest rate still fits.
    await seconds(2 * PAUSE_AFTER_SAMPLES);
    expect(encoding.active).toBe(true);
    // The queue grows to a second (what a 120 kbit/s link with 200 ms of buffer did in the lab).
    estimate.rttMs = 1_100;
    await seconds(PAUSE_AFTER_SAMPLES + 1);
    expect(encoding.active).toBe(false);
    expect(changes).toEqual([true]);
  });

  it('a camera turned off while paused: the encoding is made active again for the next camera, and the pause ends', async () => {
    const { sender, encoding, changes } = await pausedAt(100);
    (sender as { track: unknown }).track = null;
    await seconds(1);
    expect(encoding.active).toBe(true);
    expect(changes).toEqual([true, false]);
  });
});
