import { randomBytes } from 'node:crypto';
import type { Breakouts } from '@parley/protocol';

/** A main room's breakout rooms as plain data (RoomStateData `breakouts`). */
export interface BreakoutsData {
  open: Breakouts | null;
  rev: number;
}

/** A breakout room id: `brk_` and 128 random bits, which protocol's isBreakoutRoomId recognises. */
export function newBreakoutRoomId(): string {
  return `brk_${randomBytes(16).toString('base64url')}`;
}

/**
 * The breakout rooms a main room has open, kept inside its RoomState (so every node and a
 * reloaded host see the same ones). Pure logic, no I/O.
 */
export class BreakoutRooms {
  #open: Breakouts | null = null;
  /** Changes so far in this meeting (see BreakoutsEventSchema's `rev`). */
  rev = 0;

  get current(): Breakouts | null {
    return this.#open;
  }

  /** Opens them; false when some are open already (close those first). */
  open(breakouts: Breakouts): boolean {
    if (this.#open) return false;
    this.#open = breakouts;
    this.rev += 1;
    return true;
  }

  /** Closes them and returns what was open (null: nothing was). */
  close(): Breakouts | null {
    const closed = this.#open;
    if (!closed) return null;
    this.#open = null;
    this.rev += 1;
    return closed;
  }

  /** Whether `roomId` is one of the breakout rooms open now. */
  has(roomId: string): boolean {
    return this.#open?.rooms.some((room) => room.id === roomId) ?? false;
  }

  toData(): BreakoutsData {
    return { open: this.#open, rev: this.rev };
  }

  static fromData(data: BreakoutsData | undefined): BreakoutRooms {
    const rooms = new BreakoutRooms();
    rooms.#open = data?.open ?? null;
    rooms.rev = data?.rev ?? 0;
    return rooms;
  }
}
