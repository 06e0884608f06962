import { isBreakoutRoomId, ParleyError, type Breakouts, type BreakoutsRequest } from '@parley/protocol';
import { assertMayModerate } from '../access/mayModerate.js';
import type { BreakoutTickets } from '../auth/breakoutTickets.js';
import { roomChannel, type ParleyServerIo } from '../io/types.js';
import type { Member } from '../membership/Membership.js';
import { newBreakoutRoomId } from '../rooms/Breakouts.js';
import type { RoomStore } from '../rooms/RoomStore.js';

export interface BreakoutDeps {
  io: ParleyServerIo;
  store: RoomStore;
  tickets: BreakoutTickets;
  now?: () => number;
}

/** A ticket outlives the rooms' timer by this much, so people late to come back still get in. */
const TICKET_GRACE_MS = 30 * 60_000;
/** A ticket's life when the rooms have no timer: a long workshop. */
const UNTIMED_TICKET_MS = 12 * 60 * 60_000;

type OpenRequest = Extract<BreakoutsRequest, { action: 'open' }>;

/**
 * The host's breakout rooms: opening them (each person sent there gets a ticket of their own),
 * the message to every room, and bringing everyone back, by the host or when the timer runs
 * out. The rooms' plan lives in the main room's state (rooms/Breakouts.ts), so any node can
 * close them; the timer runs on the node that opened them (should that node die, clients come
 * back by themselves at the time they were given, and the host closes the rooms by hand).
 */
export class BreakoutRoomsService {
  readonly #deps: BreakoutDeps;
  readonly #now: () => number;
  /** Main room id → the timer that closes its breakout rooms. */
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(deps: BreakoutDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  handle(member: Member, request: BreakoutsRequest): Promise<null> {
    if (isBreakoutRoomId(member.roomId)) {
      throw new ParleyError('forbidden', 'Breakout rooms are run from the main room.');
    }
    switch (request.action) {
      case 'open':
        return this.#open(member, request);
      case 'close':
        return this.#close(member.roomId, member).then(() => null);
      case 'message':
        return this.#message(member, request.text);
    }
  }

  /** Stops the timers (server shutdown). */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async #open(member: Member, request: OpenRequest): Promise<null> {
    const now = this.#now();
    const endsAt = request.minutes === null ? null : now + request.minutes * 60_000;
    const opened = await this.#deps.store.update(member.roomId, (room) => {
      assertMayModerate(room.hostId, member.participantId, member.grants, 'breakouts');
      const placed = new Set<string>();
      const rooms = request.rooms.map((wanted) => {
        // Someone who left since the host's screen listed them is simply not sent anywhere.
        const members = [];
        for (const id of wanted.members) {
          const person = room.get(id);
          if (!person || placed.has(id)) continue;
          if (id === member.participantId) {
            throw ParleyError.invalidMessage('breakouts', 'the host stays in the main room to run the breakout rooms');
          }
          placed.add(id);
          members.push({ id, name: person.name });
        }
        return { id: newBreakoutRoomId(), name: wanted.name, members };
      });
      const breakouts: Breakouts = { rooms, endsAt };
      if (!room.breakouts.open(breakouts)) {
        throw ParleyError.invalidMessage('breakouts', 'breakout rooms are open already: bring everyone back first');
      }
      const people = rooms.flatMap((breakout) => breakout.members.map(({ id }) => ({ breakout, person: room.get(id)! })));
      return { breakouts, rev: room.breakouts.rev, meeting: room.meeting, people };
    });
    if (!opened) throw ParleyError.notInRoom();
    const expiresAt = (endsAt ?? now + UNTIMED_TICKET_MS - TICKET_GRACE_MS) + TICKET_GRACE_MS;
    await Promise.all(
      opened.people.map(async ({ breakout, person }) => {
        const ticket = await this.#deps.tickets.issue(
          {
            room: breakout.id,
            main: member.roomId,
            meeting: opened.meeting,
            name: person.name,
            grants: person.grants,
            mayHost: person.mayHost,
          },
          expiresAt,
        );
        this.#deps.io.to(person.socketId).emit('breakout-assignment', { room: breakout.id, name: breakout.name, ticket, endsAt });
      }),
    );
    this.#deps.io.to(roomChannel(member.roomId)).emit('breakouts', { breakouts: opened.breakouts, rev: opened.rev });
    if (endsAt !== null) this.#schedule(member.roomId, opened.rev, endsAt - now);
    return null;
  }

  /**
   * Brings everyone back: each breakout room hears `breakouts-closed` (its people go back to the
   * main room with their tickets), the main room hears that none are open. `by` the host, or
   * nobody when the timer ran out (then only the plan it was set for is closed: `rev`).
   */
  async #close(mainRoomId: string, by: Member | null, rev?: number): Promise<void> {
    const closed = await this.#deps.store.update(mainRoomId, (room) => {
      if (by) assertMayModerate(room.hostId, by.participantId, by.grants, 'breakouts');
      if (rev !== undefined && room.breakouts.rev !== rev) return null;
      const rooms = room.breakouts.close();
      return rooms ? { rooms, rev: room.breakouts.rev } : null;
    });
    const timer = this.#timers.get(mainRoomId);
    if (timer && (rev === undefined || closed)) {
      clearTimeout(timer);
      this.#timers.delete(mainRoomId);
    }
    if (!closed) return;
    const channels = closed.rooms.rooms.map((breakout) => roomChannel(breakout.id));
    if (channels.length > 0) this.#deps.io.to(channels).emit('breakouts-closed', {});
    this.#deps.io.to(roomChannel(mainRoomId)).emit('breakouts', { breakouts: null, rev: closed.rev });
  }

  async #message(member: Member, text: string): Promise<null> {
    const rooms = await this.#deps.store.update(member.roomId, (room) => {
      assertMayModerate(room.hostId, member.participantId, member.grants, 'breakouts');
      return room.breakouts.current?.rooms ?? null;
    });
    if (!rooms) throw ParleyError.invalidMessage('breakouts', 'no breakout rooms are open');
    const channels = [member.roomId, ...rooms.map((breakout) => breakout.id)].map(roomChannel);
    this.#deps.io.to(channels).emit('breakout-message', { text, from: member.name });
    return null;
  }

  #schedule(mainRoomId: string, rev: number, delayMs: number): void {
    const earlier = this.#timers.get(mainRoomId);
    if (earlier) clearTimeout(earlier);
    const timer = setTimeout(() => {
      this.#timers.delete(mainRoomId);
      this.#close(mainRoomId, null, rev).catch(() => undefined);
    }, delayMs);
    timer.unref();
    this.#timers.set(mainRoomId, timer);
  }
}
