import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CpuAdaptation } from '../../src/media/CpuAdaptation.js';
import { WARMUP_MS } from '../../src/media/cpuLoadPolicy.js';

/** A camera track running at 30 fps by its settings. */
const camera = {
  id: 'cam',
  kind: 'video',
  readyState: 'live',
  getSettings: () => ({ frameRate: 30, height: 720 }),
} as unknown as MediaStreamTrack;

/** A connection whose camera media-source delivers `rate.fps` frames a second (webrtc-stats §8.6). */
function connection(rate: { fps: number; reason?: string }): RTCPeerConnection {
  let frames = 0;
  let last = Date.now();
  return {
    getStats: async () => {
      const now = Date.now();
      frames += (rate.fps * (now - last)) / 1000;
      last = now;
      return new Map<string, Record<string, unknown>>([
        ['S', { id: 'S', type: 'media-source', kind: 'video', trackIdentifier: 'cam', frames: Math.round(frames), timestamp: now }],
        ['O', { id: 'O', type: 'outbound-rtp', kind: 'video', mediaSourceId: 'S', qualityLimitationReason: rate.reason ?? 'none' }],
      ]);
    },
  } as unknown as RTCPeerConnection;
}

describe('CpuAdaptation', () => {
  let adaptation: CpuAdaptation | null = null;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    adaptation?.dispose();
    vi.useRealTimers();
  });

  it('a camera delivering 3 of its 30 frames a second: half size after the warm-up, then a quarter; back to full size once it keeps up', async () => {
    const rate = { fps: 3 };
    const pc = connection(rate);
    const changes: Array<[number, boolean]> = [];
    adaptation = new CpuAdaptation({ camera: () => camera, statsSource: () => pc, onChange: (scale, busy) => changes.push([scale, busy]) });
    await vi.advanceTimersByTimeAsync(WARMUP_MS);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(changes).toEqual([[2, true]]);
    expect(adaptation.scale).toBe(2);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(changes).toEqual([
      [2, true],
      [4, true],
    ]);
    rate.fps = 30;
    await vi.advanceTimersByTimeAsync(80_000);
    expect(changes.slice(-2)).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(adaptation.busy).toBe(false);
  });

  it('judges nothing while no mesh connection sends the camera (SFU mode, alone), and warms up again when one does', async () => {
    const pc = connection({ fps: 3 });
    let source: RTCPeerConnection | null = null;
    const changes: number[] = [];
    adaptation = new CpuAdaptation({ camera: () => camera, statsSource: () => source, onChange: (scale) => changes.push(scale) });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(changes).toEqual([]);
    source = pc;
    await vi.advanceTimersByTimeAsync(WARMUP_MS);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(changes).toEqual([2]);
  });
});
