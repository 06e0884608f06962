/** Below this many processed frames a second, video looks jerky (the and Meet's bar). */
export const MIN_FRAMES_PER_SECOND = 15;
/** How long the rate must stay below it before processing is given up: a moment's stall is not a slow device. */
export const SLOW_FOR_MS = 5_000;

/**
 * Tells when the device cannot keep up with background processing: fewer than 15 frames out a
 * second (or, for a camera slower than that, under 80 % of its own rate) for 5 s in a row. Fed
 * each frame that comes out and asked on a clock; says so once per input.
 */
export class FrameRateWatch {
  #windowStart: number | null = null;
  #frames = 0;
  #slowSince: number | null = null;
  #reported = false;

  frame(): void {
    this.#frames += 1;
  }

  /** A new camera: measuring starts again. */
  reset(): void {
    this.#windowStart = null;
    this.#frames = 0;
    this.#slowSince = null;
    this.#reported = false;
  }

  /** The rate measured, once it has been too slow for long enough (and only that once); else null. */
  tooSlow(now: number, cameraFramesPerSecond?: number): number | null {
    if (this.#windowStart === null) {
      this.#windowStart = now;
      this.#frames = 0;
      return null;
    }
    const elapsed = now - this.#windowStart;
    if (elapsed < 1_000) return null;
    const rate = (this.#frames * 1_000) / elapsed;
    this.#windowStart = now;
    this.#frames = 0;
    const floor = Math.min(MIN_FRAMES_PER_SECOND, (cameraFramesPerSecond || 30) * 0.8);
    if (rate >= floor) {
      this.#slowSince = null;
      return null;
    }
    this.#slowSince ??= now - elapsed;
    if (this.#reported || now - this.#slowSince < SLOW_FOR_MS) return null;
    this.#reported = true;
    return rate;
  }
}
