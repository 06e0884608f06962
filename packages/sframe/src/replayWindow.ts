/**
 * Receiver-side anti-replay for one KID, after the sliding window of SRTP (RFC 3711 §3.3.2), which
 * §9.3 of RFC 9605 suggests adapting with the CTR as the counter. RFC 9605 leaves replay to the
 * application (§7.4); a receiver of this package always applies it.
 *
 * Why a window and not "each CTR must exceed the last": frames of one sender reach the receiver
 * out of order. Video frames span many packets, retransmissions (RTX, NACK) and FEC recover some
 * late, and simulcast or SVC layers travel separately, so a valid frame with a smaller CTR often
 * arrives after a larger one. Strict ordering would drop those frames; the window accepts any
 * counter it has not seen among the last `size` below the highest one accepted, and refuses
 * anything older, whose state it no longer keeps.
 */
import { type ReplayReason } from './errors.js';

/** The default window: 128 counters, about 4 s of 30 fps video or 2.5 s of 50 packet/s audio. */
export const DEFAULT_REPLAY_WINDOW = 128;

/** Throws a RangeError unless `size` can be a window's size: a positive integer. */
export function assertWindowSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('replay window size must be a positive integer');
}

export class ReplayWindow {
  /** The highest counter accepted so far; undefined before the first. */
  #highest: bigint | undefined;
  /** Bit i set: counter `highest - i` was accepted. Bit 0 is `highest` itself. */
  #seen = 0n;
  readonly #mask: bigint;

  /** @param size how many counters, ending at the highest accepted one, the window remembers. */
  constructor(readonly size: number = DEFAULT_REPLAY_WINDOW) {
    assertWindowSize(size);
    this.#mask = (1n << BigInt(size)) - 1n;
  }

  /** Would `counter` be accepted now? Undefined if so, else why not. Changes nothing. */
  check(counter: bigint): ReplayReason | undefined {
    if (this.#highest === undefined || counter > this.#highest) return undefined;
    const age = this.#highest - counter;
    if (age >= BigInt(this.size)) return 'too-old';
    return (this.#seen >> age) & 1n ? 'duplicate' : undefined;
  }

  /**
   * Records `counter` as accepted, if `check` allows it; returns the same verdict as `check`.
   * Call only after the frame authenticated, so a forged frame cannot move the window.
   */
  accept(counter: bigint): ReplayReason | undefined {
    const refused = this.check(counter);
    if (refused) return refused;
    if (this.#highest === undefined) {
      this.#highest = counter;
      this.#seen = 1n;
    } else if (counter > this.#highest) {
      const shift = counter - this.#highest;
      this.#seen = shift >= BigInt(this.size) ? 1n : ((this.#seen << shift) | 1n) & this.#mask;
      this.#highest = counter;
    } else {
      this.#seen |= 1n << (this.#highest - counter);
    }
    return undefined;
  }
}
