import { describe, expect, it } from 'vitest';
import { QueueDelayMeter } from '../../src/peer/QueueDelayMeter.js';

type Stat = Record<string, unknown> & { id: string; type: string };

/** A report on pair `pairId` with one video receiver report stream carrying these totals. */
function report(pairId: string, totalSeconds: number, count: number, kind = 'video'): Map<string, Stat> {
  return new Map<string, Stat>([
    ['T', { id: 'T', type: 'transport', selectedCandidatePairId: pairId }],
    [pairId, { id: pairId, type: 'candidate-pair', state: 'succeeded', nominated: true }],
    ['R', { id: 'R', type: 'remote-inbound-rtp', kind, totalRoundTripTime: totalSeconds, roundTripTimeMeasurements: count }],
  ]);
}

/** `read`'s arguments, as the guard passes them: the report and its selected pair. */
function reading(pairId: string, totalSeconds: number, count: number, kind = 'video'): [Map<string, Stat>, string] {
  return [report(pairId, totalSeconds, count, kind), pairId];
}

describe('QueueDelayMeter', () => {
  it('is the round trip of the new measurements beyond the shortest seen on the path', () => {
    const meter = new QueueDelayMeter();
    expect(meter.read(...reading('P', 0.02, 1))).toBeNull();
    // Two new measurements of 20 ms: no queue.
    expect(meter.read(...reading('P', 0.06, 3))).toBeCloseTo(0);
    // Two of 520 ms each: half a second of queue.
    expect(meter.read(...reading('P', 1.1, 5))).toBeCloseTo(500);
  });

  it('gives nothing when no new measurement came (a stream that stopped reporting), and ignores audio', () => {
    const meter = new QueueDelayMeter();
    meter.read(...reading('P', 0.02, 1));
    meter.read(...reading('P', 1.02, 2));
    expect(meter.read(...reading('P', 1.02, 2))).toBeNull();
    const audioOnly = new QueueDelayMeter();
    audioOnly.read(...reading('P', 0.02, 1, 'audio'));
    expect(audioOnly.read(...reading('P', 2.02, 2, 'audio'))).toBeNull();
  });

  it('another path starts from its own shortest round trip', () => {
    const meter = new QueueDelayMeter();
    meter.read(...reading('P', 0.01, 1));
    expect(meter.read(...reading('P', 0.02, 2))).toBeCloseTo(0);
    // A relay 150 ms away: its round trip is its base, not a queue.
    expect(meter.read(...reading('Q', 0.17, 3))).toBeCloseTo(0);
    expect(meter.read(...reading('Q', 0.32, 4))).toBeCloseTo(0);
  });
});
