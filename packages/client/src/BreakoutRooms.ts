import type { Breakouts, BreakoutsRequest } from '@parley/protocol';

/** One breakout room as the host plans it: its name and the participant ids to send there. */
export interface BreakoutRoomPlan {
  name: string;
  members: readonly string[];
}

/**
 * The main room's breakout rooms: which are open and who was sent where (everyone in the main
 * room sees them), and the host's controls. Someone the host sends gets a `breakout-assignment`
 * event with the room and a ticket; the app then leaves this Room and joins a new one with
 * `RoomOptions.ticket` (see the README, "Breakout rooms"). In a breakout room, `breakouts-closed`
 * says to go back the same way, with the same ticket.
 *
 * @example
 * await room.breakouts.open([{ name: 'Room 1', members: [a, b] }, { name: 'Room 2', members: [c, d] }], { minutes: 10 });
 * await room.breakouts.broadcast('Two minutes left');
 * await room.breakouts.close();
 */
export class BreakoutRooms {
  readonly #request: (request: BreakoutsRequest) => Promise<unknown>;
  readonly #changed: (breakouts: Breakouts | null) => void;
  #current: Breakouts | null = null;
  /** The `rev` held (-1: none); an older one arriving late is ignored. */
  #rev = -1;

  constructor(request: (request: BreakoutsRequest) => Promise<unknown>, changed: (breakouts: Breakouts | null) => void) {
    this.#request = request;
    this.#changed = changed;
  }

  /** The breakout rooms open now (main rooms only), or null. */
  get current(): Breakouts | null {
    return this.#current;
  }

  /** Host only: opens the rooms; with `minutes`, everyone comes back when they run out. */
  async open(rooms: readonly BreakoutRoomPlan[], options: { minutes: number | null }): Promise<void> {
    await this.#request({
      action: 'open',
      rooms: rooms.map((room) => ({ name: room.name, members: [...room.members] })),
      minutes: options.minutes,
    });
  }

  /** Host only: brings everyone back to the main room. */
  async close(): Promise<void> {
    await this.#request({ action: 'close' });
  }

  /** Host only: says `text` in every breakout room and the main room. */
  async broadcast(text: string): Promise<void> {
    await this.#request({ action: 'message', text });
  }

  /** @internal The server's word: a `breakouts` event (ignored when older than the one held) or a join snapshot (`fresh`). */
  replace(breakouts: Breakouts | null, rev: number, fresh = false): void {
    if (!fresh && rev < this.#rev) return;
    this.#rev = rev;
    if (breakouts === this.#current) return;
    this.#current = breakouts;
    this.#changed(breakouts);
  }
}

/**
 * Splits people into `count` rooms at random, as evenly as they go (Fisher–Yates shuffle, then
 * dealt round-robin), named by `name(index)`.
 */
export function shuffleIntoRooms(
  ids: readonly string[],
  count: number,
  name: (index: number) => string,
  random: () => number = Math.random,
): BreakoutRoomPlan[] {
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const rooms = Array.from({ length: Math.max(1, count) }, (_, index) => ({ name: name(index), members: [] as string[] }));
  shuffled.forEach((id, index) => rooms[index % rooms.length]!.members.push(id));
  return rooms;
}
