import { describe, expect, it } from 'vitest';
import { FrameRateWatch } from '../src/background/FrameRateWatch.js';

/** `rate` frames a second for `seconds`, asked on a 33 ms clock as BackgroundProcessor does. */
function run(watch: FrameRateWatch, start: number, seconds: number, rate: number, camera?: number): { end: number; said: number[] } {
  const said: number[] = [];
  let nextFrame = start;
  for (let now = start; now <= start + seconds * 1_000; now += 33) {
    while (nextFrame <= now) {
      watch.frame();
      nextFrame += 1_000 / rate;
    }
    const slow = watch.tooSlow(now, camera);
    if (slow !== null) said.push(Math.round(slow));
  }
  return { end: start + seconds * 1_000, said };
}

describe('FrameRateWatch', () => {
  it('says once that 10 frames a second for 5 s is too slow, and not before 5 s', () => {
    const watch = new FrameRateWatch();
    expect(run(watch, 0, 4.5, 10).said).toEqual([]);
    const later = run(watch, 4_500, 10, 10);
    expect(later.said).toHaveLength(1);
    expect(later.said[0]).toBeGreaterThanOrEqual(9);
    expect(later.said[0]).toBeLessThanOrEqual(11);
  });

  it('lets a short stall pass, and a camera slower than 15 fps that is kept up with', () => {
    const watch = new FrameRateWatch();
    const first = run(watch, 0, 3, 25);
    const stall = run(watch, first.end, 3, 5);
    expect(run(watch, stall.end, 10, 25).said).toEqual([]);
    expect(stall.said).toEqual([]);
    expect(run(new FrameRateWatch(), 0, 20, 12, 12).said).toEqual([]);
    expect(run(new FrameRateWatch(), 0, 20, 5, 12).said).toHaveLength(1);
  });

  it('measures again for a new camera', () => {
    const watch = new FrameRateWatch();
    expect(run(watch, 0, 8, 8).said).toHaveLength(1);
    watch.reset();
    expect(run(watch, 10_000, 8, 8).said).toHaveLength(1);
  });
});
