import { describe, expect, it } from 'vitest';
import { boundedScale, CpuLoadPolicy, STEP_UP_WAITS_MS, WARMUP_MS, type CpuSample } from '../../src/media/cpuLoadPolicy.js';

const starved = { sourceFps: 3, cameraFps: 30, cpuLimited: false };
const easy = { sourceFps: 30, cameraFps: 30, cpuLimited: false };

/** Feeds `sample` every 2 s from `from` for `ms`; returns the steps taken, with when. */
function feed(policy: CpuLoadPolicy, sample: CpuSample, from: number, ms: number): Array<[number, number]> {
  const steps: Array<[number, number]> = [];
  for (let t = from; t < from + ms; t += 2_000) {
    const step = policy.sample(sample, t);
    if (step !== null) steps.push([t, step]);
  }
  return steps;
}

describe('CpuLoadPolicy', () => {
  it('judges nothing while the camera warms up, then steps down after two starved readings, one step at a time, to the last', () => {
    const policy = new CpuLoadPolicy(0);
    expect(feed(policy, starved, 0, WARMUP_MS)).toEqual([]);
    const steps = feed(policy, starved, WARMUP_MS, 30_000);
    expect(steps.map(([, step]) => step)).toEqual([1, 2]);
    expect(steps[0]![0]).toBe(WARMUP_MS + 2_000);
    // The encoder settles at its new size before the next judgement.
    expect(steps[1]![0] - steps[0]![0]).toBeGreaterThanOrEqual(4_000);
    expect(policy.step).toBe(2);
  });

  it('takes libwebrtc saying the CPU limits the encoder as starved, whatever the frame count', () => {
    const policy = new CpuLoadPolicy(0);
    expect(feed(policy, { sourceFps: 30, cameraFps: 30, cpuLimited: true }, WARMUP_MS, 4_000).map(([, s]) => s)).toEqual([1]);
  });

  it('leaves a camera delivering half its rate (low light) and an unknown count alone', () => {
    const policy = new CpuLoadPolicy(0);
    expect(feed(policy, { sourceFps: 15, cameraFps: 30, cpuLimited: false }, WARMUP_MS, 60_000)).toEqual([]);
    expect(feed(policy, { sourceFps: null, cameraFps: 30, cpuLimited: false }, WARMUP_MS + 60_000, 60_000)).toEqual([]);
    expect(policy.step).toBe(0);
  });

  it('steps back up after the camera is at ease for a while, and waits longer after a step up it had to take back', () => {
    const policy = new CpuLoadPolicy(0);
    feed(policy, starved, WARMUP_MS, 4_000);
    expect(policy.step).toBe(1);
    const up = feed(policy, easy, 20_000, 60_000);
    expect(up[0]![1]).toBe(0);
    const upAt = up[0]![0];
    expect(upAt - 20_000).toBeGreaterThanOrEqual(STEP_UP_WAITS_MS[0]);
    // Starved again soon after: down, and the next step up waits the longer time.
    const down = feed(policy, starved, upAt + 6_000, 8_000);
    expect(down.map(([, s]) => s)).toEqual([1]);
    const downAt = down[0]![0];
    const again = feed(policy, easy, downAt + 4_000, 200_000);
    expect(again[0]![0] - (downAt + 4_000)).toBeGreaterThanOrEqual(STEP_UP_WAITS_MS[1]);
  });

  it('starts the warm-up over when the camera goes out again, keeping its step', () => {
    const policy = new CpuLoadPolicy(0);
    feed(policy, starved, WARMUP_MS, 4_000);
    policy.restart(100_000);
    expect(feed(policy, starved, 100_000, WARMUP_MS)).toEqual([]);
    expect(policy.step).toBe(1);
  });
});

describe('boundedScale', () => {
  it('never makes a picture smaller than 180p, and leaves a small camera alone', () => {
    expect(boundedScale(2, 720)).toBe(2);
    expect(boundedScale(4, 720)).toBe(4);
    expect(boundedScale(4, 360)).toBe(2);
    expect(boundedScale(2, 180)).toBe(1);
    expect(boundedScale(2, undefined)).toBe(1);
  });
});
