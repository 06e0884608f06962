/**
 * A token bucket: `burst` tokens, refilled at `ratePerSecond`; each message takes one (or, metering
 * bytes, its size).
 * Allows short bursts (a join's offers and candidates) while capping the sustained rate.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now: () => number = () => performance.now()) {
    this.#rate = ratePerSecond / 1000;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  /** Takes `count` tokens (one message, or its bytes); false, taking none, when there are fewer. */
  take(count = 1): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) * this.#rate);
    this.#updatedAt = now;
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }
}
