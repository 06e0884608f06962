/**
 * Numbers relayed signals per sender→receiver pair (1, 2, 3…), so a receiver can tell a
 * lost or duplicated message from a normal one. Keyed by participant ids: a rejoin gets a
 * new id and so starts again at 1; `forget` drops a sender's counters when it leaves.
 */
export class SignalSequencer {
  readonly #bySender = new Map<string, Map<string, number>>();

  /** The next sequence number for a signal from `from` to `to`. */
  next(from: string, to: string): number {
    let counters = this.#bySender.get(from);
    if (!counters) {
      counters = new Map();
      this.#bySender.set(from, counters);
    }
    const seq = (counters.get(to) ?? 0) + 1;
    counters.set(to, seq);
    return seq;
  }

  /** The participant left for good: drop its counters, as sender and as receiver. */
  forget(participant: string): void {
    this.#bySender.delete(participant);
    for (const counters of this.#bySender.values()) counters.delete(participant);
  }

  /** Senders with live counters (for tests: nothing must leak after everyone left). */
  get size(): number {
    return this.#bySender.size;
  }
}
