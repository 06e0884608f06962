import { randomBytes } from 'node:crypto';
import type { WaitingPerson } from '@parley/protocol';

/** Someone waiting to be let in: the connection that knocked, and from where (see `turnedAwayKey`). */
export interface Knock {
  id: string;
  name: string;
  socketId: string;
  at: number;
  /** The address and name of the one knocking, under which a denial is remembered. */
  from: string;
}

/** The knock a host let in, until its connection joins with it. */
interface Admission {
  socketId: string;
  at: number;
}

/** How many may wait at once in one room: a flood of knocks cannot bury the real ones or grow the room. */
export const MAX_WAITING = 100;
/** How long someone the host turned away may not knock again. */
export const DENIAL_COOLDOWN_MS = 60_000;
/** How long a knock let in stays good: the client joins with it at once; a stale one is forgotten. */
const ADMISSION_TTL_MS = 60_000;
const MAX_DENIALS_KEPT = 64;

export type KnockOutcome = { ok: true } | { ok: false; reason: 'denied'; retryAfterMs: number } | { ok: false; reason: 'full' };

/** As plain data (RoomStateData). */
export interface WaitingRoomData {
  enabled: boolean;
  rev?: number;
  knocks: Knock[];
  admitted: [string, Admission][];
  denied: [string, number][];
}

/**
 * A room's waiting room: whether it is on, who is waiting (first come first), the knocks let in
 * but not yet used, and who was turned away lately. Pure logic, no I/O; kept inside RoomState so
 * every node sees the same queue.
 */
export class WaitingRoom {
  enabled = false;
  /** Changes of the queue so far (see WaitingRoomEventSchema's `rev`). */
  rev = 0;
  readonly #knocks = new Map<string, Knock>();
  readonly #admitted = new Map<string, Admission>();
  /** `from` → until when a knock from there is refused. */
  readonly #denied = new Map<string, number>();

  /** Queues a knock (one per connection: a second replaces the first), unless turned away lately or the room is full. */
  knock(knock: Knock): KnockOutcome {
    const until = this.#denied.get(knock.from) ?? 0;
    if (until > knock.at) return { ok: false, reason: 'denied', retryAfterMs: until - knock.at };
    this.withdraw(knock.socketId);
    if (this.#knocks.size >= MAX_WAITING) return { ok: false, reason: 'full' };
    this.#knocks.set(knock.id, knock);
    this.rev += 1;
    return { ok: true };
  }

  /** The connection went away or gave up: its knocks (waiting or let in) are gone. Returns whether any was waiting. */
  withdraw(socketId: string): boolean {
    let waiting = false;
    for (const [id, knock] of this.#knocks) {
      if (knock.socketId !== socketId) continue;
      this.#knocks.delete(id);
      this.rev += 1;
      waiting = true;
    }
    for (const [id, admission] of this.#admitted) if (admission.socketId === socketId) this.#admitted.delete(id);
    return waiting;
  }

  /** Lets one knock in; returns it, or null when nobody waits under that id. */
  admit(knockId: string, now: number): Knock | null {
    const knock = this.#knocks.get(knockId);
    if (!knock) return null;
    this.#knocks.delete(knockId);
    this.rev += 1;
    this.#prune(now);
    this.#admitted.set(knockId, { socketId: knock.socketId, at: now });
    return knock;
  }

  /** Lets everyone waiting in (also what turning the waiting room off does). */
  admitAll(now: number): Knock[] {
    return [...this.#knocks.keys()].map((id) => this.admit(id, now)).filter((knock) => knock !== null);
  }

  /** Turns one knock away and remembers where it came from for DENIAL_COOLDOWN_MS. */
  deny(knockId: string, now: number): Knock | null {
    const knock = this.#knocks.get(knockId);
    if (!knock) return null;
    this.#knocks.delete(knockId);
    this.rev += 1;
    this.#denied.delete(knock.from);
    this.#denied.set(knock.from, now + DENIAL_COOLDOWN_MS);
    this.#prune(now);
    return knock;
  }

  /** A join with a knock the host let in, from the connection that knocked: good once. */
  takeAdmission(knockId: string | undefined, socketId: string, now: number): boolean {
    if (knockId === undefined) return false;
    const admission = this.#admitted.get(knockId);
    if (admission?.socketId !== socketId || now - admission.at > ADMISSION_TTL_MS) return false;
    this.#admitted.delete(knockId);
    return true;
  }

  /** Who waits, first come first. */
  queue(): WaitingPerson[] {
    return [...this.#knocks.values()].map(({ id, name, at }) => ({ knock: id, name, at }));
  }

  /** Everyone waiting (for the room's end: each is told it reopened). */
  knocks(): Knock[] {
    return [...this.#knocks.values()];
  }

  get isWaiting(): boolean {
    return this.#knocks.size > 0;
  }

  toData(): WaitingRoomData {
    return { enabled: this.enabled, rev: this.rev, knocks: this.knocks(), admitted: [...this.#admitted], denied: [...this.#denied] };
  }

  static fromData(data: WaitingRoomData | undefined): WaitingRoom {
    const room = new WaitingRoom();
    if (!data) return room;
    room.enabled = data.enabled;
    room.rev = data.rev ?? 0;
    for (const knock of data.knocks) room.#knocks.set(knock.id, knock);
    for (const [id, admission] of data.admitted) room.#admitted.set(id, admission);
    for (const [from, until] of data.denied) room.#denied.set(from, until);
    return room;
  }

  /** Forgets expired denials and admissions; keeps at most MAX_DENIALS_KEPT denials (oldest go first). */
  #prune(now: number): void {
    for (const [from, until] of this.#denied) if (until <= now) this.#denied.delete(from);
    while (this.#denied.size > MAX_DENIALS_KEPT) this.#denied.delete(this.#denied.keys().next().value!);
    for (const [id, admission] of this.#admitted) if (now - admission.at > ADMISSION_TTL_MS) this.#admitted.delete(id);
  }
}

/** A knock id: 16 random bytes, base64url (unguessable, and bound to its connection anyway). */
export function newKnockId(): string {
  return randomBytes(16).toString('base64url');
}

/** Where a denial is remembered: the address (see addressKey) and the name, so one person's denial does not shut out a whole office behind one NAT. */
export function turnedAwayKey(address: string, name: string): string {
  return `${address}|${name.trim().toLowerCase()}`;
}
