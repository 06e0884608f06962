import type { RaisedHand } from '@parley/protocol';

/** A room's raised hands in the order they went up. Pure logic, no I/O; kept inside RoomState. */
export class RaisedHands {
  /** Participant id → when the hand went up; a Map keeps insertion order, which is queue order. */
  readonly #hands = new Map<string, number>();
  /** Changes so far in this meeting (see RaisedHandsEventSchema's `rev`). */
  rev = 0;

  /** Raises or lowers `participantId`'s hand; returns whether the queue changed (raising twice keeps the first place). */
  set(participantId: string, raised: boolean, now: number): boolean {
    if (raised === this.#hands.has(participantId)) return false;
    if (raised) this.#hands.set(participantId, now);
    else this.#hands.delete(participantId);
    this.rev += 1;
    return true;
  }

  queue(): RaisedHand[] {
    return [...this.#hands].map(([id, at]) => ({ id, at }));
  }

  /** As plain data (RoomStateData), oldest first. */
  toData(): [string, number][] {
    return [...this.#hands];
  }

  static fromData(data: readonly [string, number][] | undefined, rev = 0): RaisedHands {
    const hands = new RaisedHands();
    hands.rev = rev;
    for (const [id, at] of data ?? []) hands.#hands.set(id, at);
    return hands;
  }
}
