/**
 * Filters on one 8-bit plane (luma or chroma), row by row, stride = width: what background
 * effects need, in plain loops, so a camera frame is composed in its own YUV without ever being
 * converted to RGB and back.
 */

/** A plane to be read scaled up to another's size. */
export interface PlaneView {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

/**
 * `out` = `front` where `mask` is 255, `back` where it is 0, mixed between, all of `front`'s
 * size (width×height); `mask` and `back` may be smaller and are scaled up bilinearly (pixel
 * centres aligned) on the way, one row at a time, so neither is ever made at full size. Where
 * the mask is opaque, the background is not even read.
 */
export function blendScaled(front: Uint8Array, width: number, height: number, mask: PlaneView, back: PlaneView, out: Uint8Array): void {
  const maskColumns = axis(mask.width, width);
  const maskRows = axis(mask.height, height);
  const backColumns = axis(back.width, width);
  const backRows = axis(back.height, height);
  const maskLine = line(0, mask.width);
  const backLine = line(1, back.width);
  const { first: maskLeft, second: maskRight, weight: maskWeight } = maskColumns;
  const { first: backLeft, second: backRight, weight: backWeight } = backColumns;
  for (let y = 0; y < height; y += 1) {
    lerpRows(mask, maskRows, y, maskLine);
    lerpRows(back, backRows, y, backLine);
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      const m0 = maskLine[maskLeft[x]!]!;
      const m = m0 + (maskLine[maskRight[x]!]! - m0) * maskWeight[x]!;
      const f = front[row + x]!;
      if (m >= 254.5) {
        out[row + x] = f;
        continue;
      }
      const b0 = backLine[backLeft[x]!]!;
      const b = b0 + (backLine[backRight[x]!]! - b0) * backWeight[x]!;
      out[row + x] = b + ((f - b) * m) / 255 + 0.5;
    }
  }
}

/** Row `y` of the target, interpolated between the two source rows around it, into `into`. */
function lerpRows(plane: PlaneView, rows: Axis, y: number, into: Float32Array): void {
  const { data, width } = plane;
  const top = rows.first[y]! * width;
  const bottom = rows.second[y]! * width;
  const weight = rows.weight[y]!;
  for (let i = 0; i < width; i += 1) {
    const a = data[top + i]!;
    into[i] = a + (data[bottom + i]! - a) * weight;
  }
}

/** For each target position along one axis: the two source positions around it and the second's weight. */
interface Axis {
  first: Int32Array;
  second: Int32Array;
  weight: Float32Array;
}

const axes = new Map<string, Axis>();

function axis(sourceSize: number, targetSize: number): Axis {
  const key = `${sourceSize}:${targetSize}`;
  const known = axes.get(key);
  if (known) return known;
  const first = new Int32Array(targetSize);
  const second = new Int32Array(targetSize);
  const weight = new Float32Array(targetSize);
  const scale = sourceSize / targetSize;
  for (let i = 0; i < targetSize; i += 1) {
    const at = Math.min(sourceSize - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    first[i] = Math.floor(at);
    second[i] = Math.min(sourceSize - 1, first[i]! + 1);
    weight[i] = at - first[i]!;
  }
  const made = { first, second, weight };
  axes.set(key, made);
  return made;
}

const lines: Float32Array[] = [];

/** A reusable row buffer (slot 0 for the mask, 1 for the background). */
function line(slot: number, length: number): Float32Array {
  const known = lines[slot];
  if (known && known.length >= length) return known;
  return (lines[slot] = new Float32Array(length));
}

/** `source` (sw×sh) shrunk by `factor` into `target` (ceil(sw/factor)×ceil(sh/factor)), each pixel the mean of its block. */
export function shrink(source: Uint8Array, sw: number, sh: number, factor: number, target: Uint8Array): void {
  const tw = Math.ceil(sw / factor);
  const th = Math.ceil(sh / factor);
  for (let ty = 0; ty < th; ty += 1) {
    const y0 = ty * factor;
    const y1 = Math.min(sh, y0 + factor);
    for (let tx = 0; tx < tw; tx += 1) {
      const x0 = tx * factor;
      const x1 = Math.min(sw, x0 + factor);
      let sum = 0;
      for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) sum += source[y * sw + x]!;
      target[ty * tw + tx] = sum / ((y1 - y0) * (x1 - x0)) + 0.5;
    }
  }
}

/**
 * A box blur of `radius` applied three times each way, close to a Gaussian of standard deviation
 * √(r(r+1)) (each pass adds r(r+1)/3 of variance); edges repeat their outermost pixel.
 */
export function boxBlur(plane: Uint8Array, width: number, height: number, radius: number, scratch: Uint8Array): void {
  if (radius < 1) return;
  for (let pass = 0; pass < 3; pass += 1) {
    blurLines(plane, scratch, width, height, 1, width, radius); // along rows
    blurLines(scratch, plane, height, width, width, 1, radius); // along columns
  }
}

/** One box pass over `lines` lines of `length` pixels, `step` apart within a line and `lineStep` between lines. */
function blurLines(from: Uint8Array, to: Uint8Array, length: number, lines: number, step: number, lineStep: number, radius: number): void {
  const size = 2 * radius + 1;
  const last = length - 1;
  for (let line = 0; line < lines; line += 1) {
    const base = line * lineStep;
    let sum = 0;
    for (let i = -radius; i <= radius; i += 1) sum += from[base + Math.min(last, Math.max(0, i)) * step]!;
    for (let i = 0; i < length; i += 1) {
      to[base + i * step] = sum / size + 0.5;
      sum += from[base + Math.min(last, i + radius + 1) * step]! - from[base + Math.max(0, i - radius) * step]!;
    }
  }
}
