import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayWindow } from '../src/replayWindow.js';

describe('ReplayWindow', () => {
  it('accepts a first counter, then refuses it again', () => {
    const window = new ReplayWindow(8);
    expect(window.accept(5n)).toBeUndefined();
    expect(window.accept(5n)).toBe('duplicate');
  });

  it('accepts counters out of order inside the window, and refuses those that fall out of it', () => {
    const window = new ReplayWindow(8);
    expect(window.accept(10n)).toBeUndefined();
    expect(window.accept(3n)).toBeUndefined(); // age 7: the oldest the window keeps
    expect(window.accept(2n)).toBe('too-old'); // age 8
    expect(window.accept(12n)).toBeUndefined(); // now 3 is age 9
    expect(window.accept(4n)).toBe('too-old');
    expect(window.accept(11n)).toBeUndefined();
    expect(window.accept(11n)).toBe('duplicate');
    expect(window.accept(10n)).toBe('duplicate');
  });

  it('check() says what accept() would, without recording', () => {
    const window = new ReplayWindow(4);
    expect(window.check(1n)).toBeUndefined();
    expect(window.check(1n)).toBeUndefined();
    window.accept(1n);
    expect(window.check(1n)).toBe('duplicate');
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new ReplayWindow(0)).toThrow(RangeError);
    expect(() => new ReplayWindow(1.5)).toThrow(RangeError);
  });

  it('behaves like the model "not accepted before and within size of the highest accepted"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.array(fc.bigInt({ min: 0n, max: 300n }), { maxLength: 200 }), (size, counters) => {
        const window = new ReplayWindow(size);
        const accepted = new Set<bigint>();
        let highest: bigint | undefined;
        for (const counter of counters) {
          const expected =
            highest !== undefined && highest - counter >= BigInt(size) ? 'too-old' : accepted.has(counter) ? 'duplicate' : undefined;
          expect(window.accept(counter)).toBe(expected);
          if (expected === undefined) {
            accepted.add(counter);
            if (highest === undefined || counter > highest) highest = counter;
          }
        }
      }),
    );
  });
});
