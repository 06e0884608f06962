import { describe, expect, it } from 'vitest';
import { lowerQuality, ReceiveLayerCap } from '../../src/sfu/ReceiveLayerCap.js';

/** Feeds the cap one 2 s interval at a time: `received` packets arrived and `lost` went missing in it. */
function feeder(cap: ReceiveLayerCap) {
  let packetsReceived = 0;
  let packetsLost = 0;
  cap.update({ packetsReceived, packetsLost });
  return (received: number, lost: number): boolean => {
    packetsReceived += received;
    packetsLost += lost;
    return cap.update({ packetsReceived, packetsLost });
  };
}

describe('the downlink layer cap', () => {
  it('rides out one lossy interval, steps down on steady loss, and back up only after 10 s clean', () => {
    const cap = new ReceiveLayerCap();
    const interval = feeder(cap);
    expect(cap.cap).toBe('high');
    expect(interval(190, 10)).toBe(false); // 5 % once: a burst
    expect(interval(200, 0)).toBe(false);
    expect(interval(180, 20)).toBe(false);
    expect(interval(180, 20)).toBe(true); // 10 % twice in a row
    expect(cap.cap).toBe('medium');
    interval(120, 30);
    interval(120, 30);
    expect(cap.cap).toBe('low');
    interval(100, 30);
    interval(100, 30);
    expect(cap.cap).toBe('low'); // nothing lower
    for (let i = 0; i < 4; i += 1) expect(interval(100, 0)).toBe(false);
    expect(interval(100, 0)).toBe(true); // the fifth clean interval
    expect(cap.cap).toBe('medium');
  });

  it('takes loss between 1 % and 5 % as neither congested nor clean, and ignores near-silent intervals', () => {
    const cap = new ReceiveLayerCap();
    const interval = feeder(cap);
    interval(180, 20);
    interval(195, 5); // 2.5 %: the run of congested intervals is broken
    interval(180, 20);
    expect(cap.cap).toBe('high');
    interval(180, 20);
    expect(cap.cap).toBe('medium');
    for (let i = 0; i < 10; i += 1) interval(5, 5); // video off, a quiet moment: says nothing
    expect(cap.cap).toBe('medium');
    for (let i = 0; i < 4; i += 1) interval(200, 0);
    interval(195, 5); // one slightly lossy interval starts the clean count over
    for (let i = 0; i < 4; i += 1) interval(200, 0);
    expect(cap.cap).toBe('medium');
    interval(200, 0);
    expect(cap.cap).toBe('high');
  });

  it('starts counting afresh on a new subscriber connection (its counters start at zero)', () => {
    const cap = new ReceiveLayerCap();
    cap.update({ packetsReceived: 10_000, packetsLost: 50 });
    cap.reset();
    // Without the reset, 100 received after 10,000 would be a negative interval (ignored) or garbage.
    expect(cap.update({ packetsReceived: 100, packetsLost: 0 })).toBe(false);
    expect(cap.update({ packetsReceived: 280, packetsLost: 20 })).toBe(false);
    expect(cap.update({ packetsReceived: 460, packetsLost: 40 })).toBe(true);
    expect(cap.cap).toBe('medium');
  });

  it('asks for the lower of what the tile wants and what the downlink carries', () => {
    expect(lowerQuality('high', 'medium')).toBe('medium');
    expect(lowerQuality('low', 'high')).toBe('low');
    expect(lowerQuality('medium', 'medium')).toBe('medium');
  });
});
