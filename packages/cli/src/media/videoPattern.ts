import type { I420Frame } from '@parley/client/node';

/**
 * A test pattern that visibly moves: colour bars drifting sideways under a white bar that sweeps
 * across, so a viewer (or a test counting decoded frames) can tell frames advance. I420 (YUV
 * 4:2:0, the format libwebrtc encodes from): a Y plane of width×height, then U and V planes of
 * (width/2)×(height/2).
 */
export class MovingPattern {
  readonly width: number;
  readonly height: number;
  #frame = 0;
  readonly #data: Uint8Array;

  constructor(width: number, height: number) {
    if (width % 2 || height % 2) throw new Error('I420 needs an even width and height');
    this.width = width;
    this.height = height;
    this.#data = new Uint8Array(width * height * 1.5);
  }

  /** The next frame (the same buffer, redrawn: the source copies it). */
  next(): I420Frame {
    const { width, height } = this;
    const data = this.#data;
    const shift = this.#frame * 2;
    const bar = (this.#frame * 4) % width;
    // Luma: eight vertical bands that drift, and the sweeping bar at full brightness.
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        data[row + x] = Math.abs(x - bar) < width / 40 ? 235 : 40 + ((((x + shift) * 8) / width) & 7) * 24;
      }
    }
    // Chroma: hue turning with the bands.
    const cw = width / 2;
    const ch = height / 2;
    const u = width * height;
    const v = u + cw * ch;
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        const band = ((((x * 2 + shift) * 8) / width) & 7) * 32;
        data[u + y * cw + x] = band;
        data[v + y * cw + x] = 255 - band;
      }
    }
    this.#frame++;
    return { width, height, data };
  }
}
