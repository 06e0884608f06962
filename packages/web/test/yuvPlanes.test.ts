import { describe, expect, it } from 'vitest';
import { createPlanes, planesToRgbInput, rgbaToPlanes } from '../src/background/yuvPlanes.js';

/** RGBA pixels of one colour. */
const filled = (width: number, height: number, [r, g, b]: [number, number, number]) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i += 1) data.set([r, g, b, 255], i * 4);
  return data;
};

describe('YUV planes', () => {
  it('lays out I420: luma, then half-size chroma rounded up, in one buffer', () => {
    const planes = createPlanes(5, 3);
    expect([planes.chromaWidth, planes.chromaHeight]).toEqual([3, 2]);
    expect(planes.data.length).toBe(15 + 2 * 6);
    expect(planes.u.byteOffset).toBe(15);
    expect(planes.v.byteOffset).toBe(21);
  });

  it.each([
    ['white', [255, 255, 255], [235, 128, 128]],
    ['black', [0, 0, 0], [16, 128, 128]],
    ['red', [255, 0, 0], [81, 90, 240]],
  ] as const)('converts %s to BT.601 limited range and back', (_, rgb, yuv) => {
    const planes = createPlanes(4, 2);
    rgbaToPlanes(filled(4, 2, [...rgb]), planes);
    expect(planes.y[0]).toBeCloseTo(yuv[0], -0.5);
    expect(planes.u[0]).toBeCloseTo(yuv[1], -0.5);
    expect(planes.v[0]).toBeCloseTo(yuv[2], -0.5);
    const input = new Float32Array(2 * 1 * 3);
    planesToRgbInput(planes, input, 2, 1);
    for (let channel = 0; channel < 3; channel += 1) expect(input[channel]! * 255).toBeCloseTo(rgb[channel]!, -1);
  });

  it('samples the nearest pixel when scaling to the model’s size', () => {
    const planes = createPlanes(4, 2);
    const rgba = filled(4, 2, [0, 0, 0]);
    for (const x of [2, 3]) for (const y of [0, 1]) rgba.set([255, 255, 255, 255], (y * 4 + x) * 4);
    rgbaToPlanes(rgba, planes);
    const input = new Float32Array(2 * 3);
    planesToRgbInput(planes, input, 2, 1);
    expect(input[0]).toBeLessThan(0.05); // left: black
    expect(input[3]).toBeGreaterThan(0.95); // right: white
  });
});
