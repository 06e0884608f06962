import type { ModerateRequest, WaitingPerson } from '@parley/protocol';

/**
 * The waiting room ("ask to join") as the host sees it: who is waiting, first come first, and
 * the answers. Whether it is on is the room's status (`room.moderation.status.waitingRoom`).
 * Someone who joins a room whose waiting room is on waits inside `room.join()` until the host
 * answers (`room.waitingForHost`, event `waiting-for-host`).
 *
 * @example
 * await room.waitingRoom.setEnabled(true);
 * room.on('waiting-room', (queue) => queue.forEach((person) => console.log(person.name, 'is waiting')));
 * await room.waitingRoom.admit(queue[0].knock);
 */
export class WaitingRoom {
  readonly #request: (request: ModerateRequest) => Promise<unknown>;
  readonly #changed: (queue: readonly WaitingPerson[]) => void;
  #queue: readonly WaitingPerson[] = [];
  /** The `rev` of the queue held (-1: none); an older one arriving late is ignored. */
  #rev = -1;

  constructor(request: (request: ModerateRequest) => Promise<unknown>, changed: (queue: readonly WaitingPerson[]) => void) {
    this.#request = request;
    this.#changed = changed;
  }

  /** Who waits to be let in (told only to those who may moderate; empty for everyone else). */
  get queue(): readonly WaitingPerson[] {
    return this.#queue;
  }

  /** Newcomers knock and wait (on), or come straight in (off: everyone waiting is let in). */
  async setEnabled(enabled: boolean): Promise<void> {
    await this.#request({ action: 'waiting-room', enabled });
  }

  async admit(knock: string): Promise<void> {
    await this.#request({ action: 'admit', knock });
  }

  /** Turn someone away: they are told, and may not knock again for a minute. */
  async deny(knock: string): Promise<void> {
    await this.#request({ action: 'deny', knock });
  }

  async admitAll(): Promise<void> {
    await this.#request({ action: 'admit-all' });
  }

  /**
   * @internal The server's queue: `waiting-room` (ignored when older than the one held), a join
   * snapshot (`fresh`: taken whatever its rev), or none once we may not moderate (`fresh` too).
   */
  replace(queue: readonly WaitingPerson[], rev: number, fresh = false): void {
    if (!fresh && rev < this.#rev) return;
    this.#rev = fresh && queue.length === 0 ? -1 : rev;
    if (queue.length === this.#queue.length && queue.every((person, index) => person.knock === this.#queue[index]!.knock)) return;
    this.#queue = queue;
    this.#changed(queue);
  }
}
