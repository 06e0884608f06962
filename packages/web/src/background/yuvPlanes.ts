import { shrink } from './planeFilters.js';

/**
 * A picture in I420 layout, as cameras deliver it to WebCodecs (W3C WebCodecs §9.8 VideoPixelFormat):
 * full-size luma, chroma at half the width and height (rounded up), each plane packed (stride =
 * its width), all three in one buffer (`data`) in that order.
 */
export interface Planes {
  readonly width: number;
  readonly height: number;
  readonly chromaWidth: number;
  readonly chromaHeight: number;
  readonly data: Uint8Array;
  readonly y: Uint8Array;
  readonly u: Uint8Array;
  readonly v: Uint8Array;
}

export function createPlanes(width: number, height: number): Planes {
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  const lumaSize = width * height;
  const chromaSize = chromaWidth * chromaHeight;
  const data = new Uint8Array(lumaSize + 2 * chromaSize);
  return {
    width,
    height,
    chromaWidth,
    chromaHeight,
    data,
    y: data.subarray(0, lumaSize),
    u: data.subarray(lumaSize, lumaSize + chromaSize),
    v: data.subarray(lumaSize + chromaSize),
  };
}

/** `planes` when it has this size (to be reused), else new ones. */
export function planesSized(planes: Planes | null, width: number, height: number): Planes {
  return planes && planes.width === width && planes.height === height ? planes : createPlanes(width, height);
}

/** Formats readPlanes takes: what Chromium's cameras deliver (I420; NV12 on some platforms). */
export function readablePlanes(frame: VideoFrame): boolean {
  return frame.format === 'I420' || frame.format === 'NV12';
}

/** `planes` shrunk by a whole `factor` (block means), into `reuse` where it fits. */
export function shrinkPlanes(planes: Planes, factor: number, reuse: Planes | null): Planes {
  const small = planesSized(reuse, Math.ceil(planes.width / factor), Math.ceil(planes.height / factor));
  shrink(planes.y, planes.width, planes.height, factor, small.y);
  shrink(planes.u, planes.chromaWidth, planes.chromaHeight, factor, small.u);
  shrink(planes.v, planes.chromaWidth, planes.chromaHeight, factor, small.v);
  return small;
}

let interleaved = new Uint8Array(0);

/** The visible part of `frame` (I420 or NV12) as I420 planes, reusing `reuse` where it fits. */
export async function readPlanes(frame: VideoFrame, reuse: Planes | null): Promise<Planes> {
  const { width, height } = frame.visibleRect ?? { width: frame.displayWidth, height: frame.displayHeight };
  const planes = planesSized(reuse, width, height);
  const { chromaWidth, chromaHeight } = planes;
  if (frame.format === 'I420') {
    await frame.copyTo(planes.data, {
      layout: [
        { offset: 0, stride: width },
        { offset: planes.y.length, stride: chromaWidth },
        { offset: planes.y.length + planes.u.length, stride: chromaWidth },
      ],
    });
    return planes;
  }
  // NV12: U and V interleaved in one plane, split here.
  const size = width * height + 2 * chromaWidth * chromaHeight;
  if (interleaved.length < size) interleaved = new Uint8Array(size);
  await frame.copyTo(interleaved, {
    layout: [
      { offset: 0, stride: width },
      { offset: width * height, stride: 2 * chromaWidth },
    ],
  });
  planes.y.set(interleaved.subarray(0, width * height));
  for (let i = 0, j = width * height; i < chromaWidth * chromaHeight; i += 1, j += 2) {
    planes.u[i] = interleaved[j]!;
    planes.v[i] = interleaved[j + 1]!;
  }
  return planes;
}

// ITU-R BT.601 in limited range (16–235 luma, 16–240 chroma), what cameras send (smpte170m).
const clamp = (value: number) => (value < 0 ? 0 : value > 255 ? 255 : value);

/**
 * The model's input from `planes`: `width`×`height` RGB as float32 in [0, 1], row by row,
 * channels interleaved, each pixel the nearest of the picture's.
 */
export function planesToRgbInput(planes: Planes, input: Float32Array, width: number, height: number): void {
  const { y: luma, u, v, chromaWidth } = planes;
  // The same source column for every row: found once.
  const sourceColumns = new Int32Array(width);
  for (let column = 0; column < width; column += 1) {
    sourceColumns[column] = Math.min(planes.width - 1, Math.floor(((column + 0.5) * planes.width) / width));
  }
  let k = 0;
  for (let row = 0; row < height; row += 1) {
    const sourceRow = Math.min(planes.height - 1, Math.floor(((row + 0.5) * planes.height) / height));
    const lumaRow = sourceRow * planes.width;
    const chromaRow = (sourceRow >> 1) * chromaWidth;
    for (let column = 0; column < width; column += 1) {
      const sourceColumn = sourceColumns[column]!;
      const l = 1.164 * (luma[lumaRow + sourceColumn]! - 16);
      const cb = u[chromaRow + (sourceColumn >> 1)]! - 128;
      const cr = v[chromaRow + (sourceColumn >> 1)]! - 128;
      input[k++] = clamp(l + 1.596 * cr) / 255;
      input[k++] = clamp(l - 0.392 * cb - 0.813 * cr) / 255;
      input[k++] = clamp(l + 2.017 * cb) / 255;
    }
  }
}

/** RGBA pixels (a canvas's ImageData) into `planes` of the same size, chroma averaged over each 2×2 block. */
export function rgbaToPlanes(rgba: Uint8ClampedArray, planes: Planes): void {
  const { width, height, chromaWidth, y: luma, u, v } = planes;
  for (let i = 0; i < width * height; i += 1) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    luma[i] = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
  }
  for (let row = 0; row < planes.chromaHeight; row += 1) {
    for (let column = 0; column < chromaWidth; column += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let dy = 0; dy < 2; dy += 1) {
        for (let dx = 0; dx < 2; dx += 1) {
          const x = column * 2 + dx;
          const yy = row * 2 + dy;
          if (x >= width || yy >= height) continue;
          const p = (yy * width + x) * 4;
          r += rgba[p]!;
          g += rgba[p + 1]!;
          b += rgba[p + 2]!;
          n += 1;
        }
      }
      r /= n;
      g /= n;
      b /= n;
      u[row * chromaWidth + column] = 128 + (-37.797 * r - 74.203 * g + 112 * b) / 255;
      v[row * chromaWidth + column] = 128 + (112 * r - 93.786 * g - 18.214 * b) / 255;
    }
  }
}
