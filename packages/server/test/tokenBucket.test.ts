import { describe, expect, it } from 'vitest';
import { ConnectionCounter } from '../src/limits/ConnectionCounter.js';
import { TokenBucket } from '../src/limits/TokenBucket.js';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, never more than the burst after a pause', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    const takes = (n: number): number => Array.from({ length: n }, () => bucket.take()).filter(Boolean).length;
    expect(takes(8)).toBe(5);
    now += 100; // 10 per second: one token back
    expect(takes(3)).toBe(1);
    now += 60_000; // a long pause refills to the burst, not beyond
    expect(takes(20)).toBe(5);
  });
});

describe('ConnectionCounter', () => {
  it('counts per address up to the limit, 0 meaning none', () => {
    const counter = new ConnectionCounter();
    expect([1, 2, 3].map(() => counter.tryAdd('10.0.0.1', 2))).toEqual([true, true, false]);
    expect(counter.tryAdd('10.0.0.2', 2)).toBe(true);
    counter.remove('10.0.0.1');
    expect(counter.count('10.0.0.1')).toBe(1);
    expect(counter.tryAdd('10.0.0.1', 2)).toBe(true);
    expect(Array.from({ length: 50 }, () => counter.tryAdd('10.0.0.3', 0)).every(Boolean)).toBe(true);
  });
});
