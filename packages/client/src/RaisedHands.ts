import type { RaisedHand } from '@parley/protocol';

/**
 * The room's raised hands, first raised first, as the server keeps them (the same order on every
 * screen). Raise and lower your own here; the host lowers anyone's with `moderation.lowerHand`.
 *
 * @example
 * await room.hands.raise();
 * room.on('raised-hands', (queue) => console.log(queue.map((hand) => hand.id)));
 */
export class RaisedHands {
  readonly #request: (raised: boolean) => Promise<unknown>;
  readonly #selfId: () => string | null;
  readonly #changed: (queue: readonly RaisedHand[]) => void;
  #queue: readonly RaisedHand[] = [];
  /** The `rev` of the queue held (-1: none yet); an older one arriving late is ignored. */
  #rev = -1;

  constructor(
    request: (raised: boolean) => Promise<unknown>,
    selfId: () => string | null,
    changed: (queue: readonly RaisedHand[]) => void,
  ) {
    this.#request = request;
    this.#selfId = selfId;
    this.#changed = changed;
  }

  get queue(): readonly RaisedHand[] {
    return this.#queue;
  }

  /** Your hand is up. */
  get raised(): boolean {
    const self = this.#selfId();
    return self !== null && this.#queue.some((hand) => hand.id === self);
  }

  /** Your place in the queue (1 is first), or null when your hand is down. */
  positionOf(participantId: string): number | null {
    const index = this.#queue.findIndex((hand) => hand.id === participantId);
    return index === -1 ? null : index + 1;
  }

  async raise(): Promise<void> {
    await this.#request(true);
  }

  async lower(): Promise<void> {
    await this.#request(false);
  }

  /**
   * @internal The server's queue: `raised-hands` (ignored when older than the one held: events
   * relayed between nodes may overtake each other), or a join snapshot (`fresh`: taken whatever
   * its rev, as a new meeting counts from 0 again).
   */
  replace(queue: readonly RaisedHand[], rev: number, fresh = false): void {
    if (!fresh && rev < this.#rev) return;
    this.#rev = rev;
    this.#apply(queue);
  }

  #apply(queue: readonly RaisedHand[]): void {
    if (sameQueue(queue, this.#queue)) return;
    this.#queue = queue;
    this.#changed(queue);
  }

  /** @internal Someone left: the server took their hand down without a word. */
  drop(participantId: string): void {
    this.#apply(this.#queue.filter((hand) => hand.id !== participantId));
  }
}

function sameQueue(a: readonly RaisedHand[], b: readonly RaisedHand[]): boolean {
  return a.length === b.length && a.every((hand, index) => hand.id === b[index]!.id && hand.at === b[index]!.at);
}
