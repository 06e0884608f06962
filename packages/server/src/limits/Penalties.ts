/** The first wait after a flood; each further flood within REPEAT_WINDOW_MS doubles it, up to MAX_WAIT_MS. */
const FIRST_WAIT_MS = 5_000;
const MAX_WAIT_MS = 60_000;
const REPEAT_WINDOW_MS = 60_000;
/** Forgotten addresses are swept when this many are held (a flood from many addresses cannot grow it without bound). */
const SWEEP_AT = 10_000;

/**
 * How long an address that flooded must wait before connecting again. A client that reconnected
 * at once after being disconnected for flooding would just flood again; growing waits (5 s, 10 s,
 * 20 s… up to a minute) make a loop pointless, and an honest client told `retryInMs` waits it out.
 */
export class Penalties {
  readonly #byAddress = new Map<string, { until: number; waitMs: number; at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records a flood from `address`; returns how long it must wait. */
  add(address: string): number {
    const now = this.#now();
    const last = this.#byAddress.get(address);
    const waitMs = last && now - last.at < REPEAT_WINDOW_MS ? Math.min(MAX_WAIT_MS, last.waitMs * 2) : FIRST_WAIT_MS;
    if (this.#byAddress.size >= SWEEP_AT) this.#sweep(now);
    this.#byAddress.set(address, { until: now + waitMs, waitMs, at: now });
    return waitMs;
  }

  /** How long `address` must still wait (0: it may connect). */
  remainingMs(address: string): number {
    const entry = this.#byAddress.get(address);
    return entry ? Math.max(0, entry.until - this.#now()) : 0;
  }

  #sweep(now: number): void {
    for (const [address, entry] of this.#byAddress) if (now - entry.at >= REPEAT_WINDOW_MS) this.#byAddress.delete(address);
  }
}
