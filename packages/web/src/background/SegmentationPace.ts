/**
 * The model may take at most this share of one core. Run on every frame it is the costliest part
 * of the effect (about 13 ms a frame on this project's 2-core test machine, 40 % of a core at
 * 30 fps); between runs the last mask is reused.
 */
export const MODEL_CORE_SHARE = 0.25;
/**
 * However slow the device, the person is found again on the first frame after this long, so the
 * mask trails a moving person by little more than a tenth of a second; a device too slow even for
 * that is caught by the frame rate watch instead.
 */
export const MAX_INTERVAL_MS = 100;
/** How much each new run's cost moves the running estimate (an exponential moving average). */
const SMOOTHING = 0.2;

/**
 * When the next camera frame should be segmented rather than reuse the last mask: a person moves
 * little in 50 ms, so on a fast device every frame is segmented, on a slow one every second or
 * third, and what the model costs stays within MODEL_CORE_SHARE of a core.
 */
export class SegmentationPace {
  #lastAt: number | null = null;
  #costMs = 0;

  /** Whether the frame arriving at `now` (ms) should be segmented. */
  due(now: number): boolean {
    if (this.#lastAt === null) return true;
    const interval = Math.min(MAX_INTERVAL_MS, this.#costMs / MODEL_CORE_SHARE);
    return now - this.#lastAt >= interval;
  }

  /** A run started at `startedAt` took `costMs`. */
  segmented(startedAt: number, costMs: number): void {
    this.#costMs = this.#lastAt === null ? costMs : this.#costMs + SMOOTHING * (costMs - this.#costMs);
    this.#lastAt = startedAt;
  }

  /** A new camera: its first frame is segmented. */
  reset(): void {
    this.#lastAt = null;
    this.#costMs = 0;
  }
}
