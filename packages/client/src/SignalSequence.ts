/** What one relayed signal's sequence number says about the stream it belongs to. */
export type SequenceVerdict =
  | { kind: 'next' }
  /** Already seen (or older than the last one): drop it, acting twice on SDP breaks negotiation. */
  | { kind: 'duplicate' }
  /** Signals `expected` … `received - 1` never arrived; this one is accepted and counting resumes after it. */
  | { kind: 'gap'; expected: number; received: number };

/**
 * Checks the server-stamped `seq` of relayed signals, per sender (the server numbers each
 * sender→receiver stream from 1). It never reorders or guesses a lost message's content:
 * duplicates are dropped, gaps are reported so the caller can say so (and, for a peer
 * connection, recover by an ICE restart or renegotiation).
 */
export class SignalSequence {
  readonly #last = new Map<string, number>();

  check(from: string, seq: number): SequenceVerdict {
    const last = this.#last.get(from) ?? 0;
    if (seq <= last) return { kind: 'duplicate' };
    this.#last.set(from, seq);
    return seq === last + 1 ? { kind: 'next' } : { kind: 'gap', expected: last + 1, received: seq };
  }

  /** The sender left (or we rejoined): its next stream starts again at 1. */
  forget(from: string): void {
    this.#last.delete(from);
  }

  clear(): void {
    this.#last.clear();
  }
}
