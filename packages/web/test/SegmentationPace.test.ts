import { describe, expect, it } from 'vitest';
import { MAX_INTERVAL_MS, MODEL_CORE_SHARE, SegmentationPace } from '../src/background/SegmentationPace.js';

/** Frames every `frameMs` for `seconds`, each segmented at `costMs` when due: which were. */
function run(pace: SegmentationPace, frameMs: number, costMs: number, seconds = 2): number[] {
  const segmented: number[] = [];
  for (let now = 0; now < seconds * 1_000; now += frameMs) {
    if (!pace.due(now)) continue;
    pace.segmented(now, costMs);
    segmented.push(now);
  }
  return segmented;
}

describe('SegmentationPace', () => {
  it('segments every frame when the model is cheap', () => {
    const segmented = run(new SegmentationPace(), 33, 4);
    expect(segmented.length).toBe(Math.ceil(2_000 / 33));
  });

  it('keeps the model within its share of a core when it is costly', () => {
    const costMs = 13;
    const segmented = run(new SegmentationPace(), 33, costMs);
    const share = (segmented.length * costMs) / 2_000;
    expect(share).toBeLessThanOrEqual(MODEL_CORE_SHARE);
    expect(segmented.length).toBe(Math.ceil(2_000 / 66)); // every other frame of a 30 fps camera
  });

  it('still finds the person on the first frame after every 100 ms on a very slow device', () => {
    const segmented = run(new SegmentationPace(), 33, 60);
    const gaps = segmented.slice(1).map((at, i) => at - segmented[i]!);
    expect(Math.max(...gaps)).toBeLessThan(MAX_INTERVAL_MS + 33);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MAX_INTERVAL_MS);
  });

  it('segments the first frame of a new camera at once', () => {
    const pace = new SegmentationPace();
    pace.segmented(0, 30);
    expect(pace.due(10)).toBe(false);
    pace.reset();
    expect(pace.due(10)).toBe(true);
  });
});
