import { describe, expect, it } from 'vitest';
import {
  PAUSE_AFTER_SAMPLES,
  PAUSE_BELOW_KBPS,
  PROBE_SAMPLES,
  PROBE_WAITS_MS,
  RESUME_AT_KBPS,
  STANDING_QUEUE_MS,
  VideoPausePolicy,
  type LinkSample,
} from '../../src/peer/videoPausePolicy.js';

/** An estimate with no queue reading. */
const at = (kbps: number | null): LinkSample => ({ availableKbps: kbps, queueDelayMs: null });

/** Feeds one reading a second from `start` (a number: an estimate alone); returns the actions taken, with the second each came at. */
function feed(policy: VideoPausePolicy, readings: Array<number | null | LinkSample>, start = 0): Array<[number, string]> {
  const actions: Array<[number, string]> = [];
  readings.forEach((reading, index) => {
    const action = policy.sample(typeof reading === 'object' && reading !== null ? reading : at(reading), start + index * 1_000);
    if (action) actions.push([index, action]);
  });
  return actions;
}

const LOW = PAUSE_BELOW_KBPS - 40;
const AMPLE = RESUME_AT_KBPS + 200;

describe('VideoPausePolicy', () => {
  it('pauses only after the estimate stayed under the floor for PAUSE_AFTER_SAMPLES seconds in a row', () => {
    const policy = new VideoPausePolicy();
    // A dip while the encoder adapts, then a rise: nothing.
    expect(feed(policy, [LOW, LOW, LOW, AMPLE, LOW, null, LOW, AMPLE])).toEqual([]);
    expect(policy.state).toBe('sending');
    expect(feed(policy, Array(PAUSE_AFTER_SAMPLES).fill(LOW), 10_000)).toEqual([[PAUSE_AFTER_SAMPLES - 1, 'pause']]);
    expect(policy.state).toBe('paused');
  });

  it('an estimate stuck just above the floor pauses too once a standing queue shows the video does not fit', () => {
    const policy = new VideoPausePolicy();
    const floor = { availableKbps: PAUSE_BELOW_KBPS + 3, queueDelayMs: 30 };
    const queued = { availableKbps: PAUSE_BELOW_KBPS + 3, queueDelayMs: STANDING_QUEUE_MS + 800 };
    // The estimate at the controller's floor without a queue, or a queue that comes and goes: nothing.
    expect(feed(policy, [floor, floor, queued, queued, floor, queued, { ...queued, queueDelayMs: null }, floor])).toEqual([]);
    // A queue with an ample estimate is not this link's doing: nothing either.
    expect(feed(policy, Array(2 * PAUSE_AFTER_SAMPLES).fill({ availableKbps: AMPLE, queueDelayMs: 900 }), 10_000)).toEqual([]);
    expect(feed(policy, Array(PAUSE_AFTER_SAMPLES).fill(queued), 30_000)).toEqual([[PAUSE_AFTER_SAMPLES - 1, 'pause']]);
  });

  it('while paused, probes after the first wait; a probe that finds room resumes', () => {
    const policy = new VideoPausePolicy();
    feed(policy, Array(PAUSE_AFTER_SAMPLES).fill(LOW));
    const pausedAt = (PAUSE_AFTER_SAMPLES - 1) * 1_000;
    expect(policy.sample(at(null), pausedAt + PROBE_WAITS_MS[0] - 1)).toBeNull();
    expect(policy.sample(at(null), pausedAt + PROBE_WAITS_MS[0])).toBe('probe');
    expect(policy.state).toBe('probing');
    expect(policy.sample(at(PAUSE_BELOW_KBPS + 10), pausedAt + PROBE_WAITS_MS[0] + 1_000)).toBeNull();
    expect(policy.sample(at(AMPLE), pausedAt + PROBE_WAITS_MS[0] + 2_000)).toBe('resume');
    expect(policy.state).toBe('sending');
  });

  it('a probe that finds no room pauses again, and the waits between probes grow', () => {
    const policy = new VideoPausePolicy();
    feed(policy, Array(PAUSE_AFTER_SAMPLES).fill(LOW));
    let now = (PAUSE_AFTER_SAMPLES - 1) * 1_000;
    const waits: number[] = [];
    for (let probe = 0; probe < 4; probe++) {
      let probedAt = now;
      while (policy.sample(at(null), probedAt) !== 'probe') probedAt += 1_000;
      waits.push(probedAt - now);
      // The estimate stays just above the floor: the whole probe runs, then video pauses again.
      const actions = feed(policy, Array(PROBE_SAMPLES).fill(PAUSE_BELOW_KBPS + 20), probedAt + 1_000);
      expect(actions).toEqual([[PROBE_SAMPLES - 1, 'pause']]);
      now = probedAt + PROBE_SAMPLES * 1_000;
    }
    expect(waits).toEqual([PROBE_WAITS_MS[0], PROBE_WAITS_MS[1], PROBE_WAITS_MS[2], PROBE_WAITS_MS[2]]);
  });

  it('a probe that pushes the estimate under the floor ends after three samples, to spare the audio', () => {
    const policy = new VideoPausePolicy();
    feed(policy, Array(PAUSE_AFTER_SAMPLES).fill(LOW));
    expect(policy.sample(at(null), 60_000)).toBe('probe');
    expect(feed(policy, [LOW, LOW, LOW, LOW], 61_000)).toEqual([[2, 'pause']]);
  });

  it('reset: back to sending, and a new pause needs the full run of low samples again', () => {
    const policy = new VideoPausePolicy();
    feed(policy, Array(PAUSE_AFTER_SAMPLES).fill(LOW));
    policy.reset();
    expect(policy.state).toBe('sending');
    expect(feed(policy, Array(PAUSE_AFTER_SAMPLES - 1).fill(LOW), 100_000)).toEqual([]);
  });
});
