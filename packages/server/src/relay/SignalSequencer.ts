/**
 * Numbers relayed signals per sender→receiver pair (1, 2, 3…), so a receiver can tell a
 * lost or duplicated message from a normal one. Keyed by participant ids: a rejoin gets a
 * new id and so starts again at 1; `forget` drops a sender's counters when it leaves.
 */
export class SignalSequencer {
  readonly #bySender = new Map<string, Map<string, number>>();
  /** Who has counters towards each receiver: a leave touches its own pairs, not every sender on the node. */
  readonly #sendersTo = new Map<string, Set<string>>();

  /** The next sequence number for a signal from `from` to `to`. */
  next(from: string, to: string): number {
    let counters = this.#bySender.get(from);
    if (!counters) {
      counters = new Map();
      this.#bySender.set(from, counters);
    }
    const last = counters.get(to);
    if (last === undefined) {
      let senders = this.#sendersTo.get(to);
      if (!senders) {
        senders = new Set();
        this.#sendersTo.set(to, senders);
      }
      senders.add(from);
    }
    const seq = (last ?? 0) + 1;
    counters.set(to, seq);
    return seq;
  }

  /** The participant left for good: drop its counters, as sender and as receiver. */
  forget(participant: string): void {
    for (const receiver of this.#bySender.get(participant)?.keys() ?? []) this.#unlink(participant, receiver);
    this.#bySender.delete(participant);
    for (const sender of this.#sendersTo.get(participant) ?? []) this.#bySender.get(sender)?.delete(participant);
    this.#sendersTo.delete(participant);
  }

  /** Participants with counters held, as senders or receivers (for tests: nothing may leak after everyone left). */
  get size(): number {
    return this.#bySender.size + this.#sendersTo.size;
  }

  #unlink(sender: string, receiver: string): void {
    const senders = this.#sendersTo.get(receiver);
    senders?.delete(sender);
    if (senders?.size === 0) this.#sendersTo.delete(receiver);
  }
}
