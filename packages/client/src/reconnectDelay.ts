/** At most this much random delay is added, so that clients told the same thing do not all come back at the same millisecond. */
export const MAX_JITTER_MS = 250;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** Floods this far apart count as unrelated: the backoff starts again from the first step. */
const FLOOD_MEMORY_MS = 60_000;

/**
 * When to connect again after the server ended the connection on purpose. A server shutting down
 * says when its successor will be up (`reconnectInMs`); a server that disconnected us for flooding
 * says how long our address must wait (`retryInMs`), and without that figure the wait doubles from
 * 1 s to 30 s with each flood in a row. Never at once in a loop.
 */
export class ReconnectDelay {
  readonly #random: () => number;
  readonly #now: () => number;
  #floods = 0;
  #lastFloodAt = Number.NEGATIVE_INFINITY;
  #pendingMs: number | null = null;

  constructor(random: () => number = Math.random, now: () => number = Date.now) {
    this.#random = random;
    this.#now = now;
  }

  /** The server is restarting; its successor (or another node) is expected in `reconnectInMs`. */
  shutdown(reconnectInMs: number): void {
    this.#pendingMs = reconnectInMs + this.#jitter();
  }

  /** We were refused for flooding; `retryInMs` when the server said how long to wait. */
  rateLimited(retryInMs: number | undefined): void {
    const now = this.#now();
    this.#floods = now - this.#lastFloodAt < FLOOD_MEMORY_MS ? this.#floods + 1 : 1;
    this.#lastFloodAt = now;
    const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.#floods - 1));
    this.#pendingMs = Math.max(retryInMs ?? 0, backoff) + this.#jitter();
  }

  /** The wait before the next connection attempt, once (then back to none). */
  take(): number {
    const ms = this.#pendingMs ?? 0;
    this.#pendingMs = null;
    return ms;
  }

  #jitter(): number {
    return Math.floor(this.#random() * MAX_JITTER_MS);
  }
}
