import { describe, expect, it } from 'vitest';
import { blendScaled, boxBlur, shrink } from '../src/background/planeFilters.js';

const plane = (width: number, height: number, at: (x: number, y: number) => number) => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[y * width + x] = at(x, y);
  return data;
};
/** Sum of squared differences between neighbours: how much detail a plane has. */
const detail = (data: Uint8Array, width: number) => {
  let sum = 0;
  for (let i = 1; i < data.length; i += 1) if (i % width !== 0) sum += (data[i]! - data[i - 1]!) ** 2;
  return sum;
};

describe('plane filters', () => {
  it('keeps the front where the mask is opaque and the background where it is clear, scaling both up', () => {
    const front = plane(8, 4, () => 200);
    // The mask, 4×2: left half person, right half background.
    const mask = { data: plane(4, 2, (x) => (x < 2 ? 255 : 0)), width: 4, height: 2 };
    const back = { data: plane(2, 1, () => 40), width: 2, height: 1 };
    const out = new Uint8Array(32);
    blendScaled(front, 8, 4, mask, back, out);
    for (let y = 0; y < 4; y += 1) {
      expect(out[y * 8]).toBe(200);
      expect(out[y * 8 + 7]).toBe(40);
      // Across the edge the two mix, in order.
      const row = [...out.subarray(y * 8, y * 8 + 8)];
      expect(row).toEqual([...row].sort((a, b) => b - a));
    }
  });

  it('mixes in proportion to the mask', () => {
    const out = new Uint8Array(4);
    blendScaled(
      plane(2, 2, () => 255),
      2,
      2,
      { data: plane(1, 1, () => 128), width: 1, height: 1 },
      { data: plane(1, 1, () => 0), width: 1, height: 1 },
      out,
    );
    expect([...out]).toEqual([128, 128, 128, 128]);
  });

  it('shrinks by block means', () => {
    const source = plane(4, 4, (x, y) => (x < 2 && y < 2 ? 100 : 20));
    const target = new Uint8Array(4);
    shrink(source, 4, 4, 2, target);
    expect([...target]).toEqual([100, 20, 20, 20]);
    const odd = new Uint8Array(4);
    shrink(
      plane(3, 3, () => 7),
      3,
      3,
      2,
      odd,
    ); // partial blocks at the edges
    expect([...odd]).toEqual([7, 7, 7, 7]);
  });

  it('blurs detail away and keeps a flat plane and its mean', () => {
    const flat = plane(20, 10, () => 90);
    boxBlur(flat, 20, 10, 2, new Uint8Array(200));
    expect(new Set(flat)).toEqual(new Set([90]));
    const checker = plane(20, 10, (x, y) => ((x + y) % 2 ? 250 : 10));
    const before = detail(checker, 20);
    const mean = (d: Uint8Array) => d.reduce((s, v) => s + v, 0) / d.length;
    const meanBefore = mean(checker);
    boxBlur(checker, 20, 10, 2, new Uint8Array(200));
    expect(detail(checker, 20)).toBeLessThan(before * 0.01);
    expect(Math.abs(mean(checker) - meanBefore)).toBeLessThan(3);
  });
});
