import { randomBytes } from 'node:crypto';
import type { Breakouts, ParleyError, RaisedHand, RoomMode, RoomStatus } from '@parley/protocol';
import type { Participant } from './Participant.js';
import { BreakoutRooms, type BreakoutsData } from './Breakouts.js';
import { RaisedHands } from './RaisedHands.js';
import { WaitingRoom, type WaitingRoomData } from './WaitingRoom.js';

export type JoinOutcome =
  | {
      ok: true;
      others: Participant[];
      status: RoomStatus;
      created: boolean;
      /** The room as members' resume tokens record it, after this join. */
      record: RoomRecord;
      recording: string | null;
      /** The raised hands, first raised first. */
      raisedHands: RaisedHand[];
      raisedHandsRev: number;
      /** The breakout rooms open now, and their change count. */
      breakouts: Breakouts | null;
      breakoutsRev: number;
      /** Members a newer restored state says the host removed: out of the room already, to be told so. */
      evicted: Participant[];
    }
  | { ok: false; reason: 'room-full'; max: number }
  | { ok: false; reason: 'refused'; error: ParleyError };

/**
 * Decides, atomically with the join, whether this room admits someone: sees the room as it
 * is at that instant (a fresh room has no members and no host). Returns the refusal or null.
 */
export type Admission = (room: RoomState) => ParleyError | null;

/** How a room is set up by the join that creates it. */
export interface RoomSetup {
  /** scrypt hash of the creator's password, or null for an open room. */
  passwordHash: string | null;
  /** Locked from the start (a reloaded page bringing its room back). */
  locked?: boolean;
  /** The room as a member's resume token last knew it, brought back after a restart (see RoomRecord). */
  restore?: RoomRecord;
  /** Its media end-to-end encrypted from the start (see access/e2ee.ts); absent: not. */
  e2ee?: boolean;
}

/**
 * What a resume token records of its room, for a server that lost the room (restart, Redis data
 * loss). It sets the room up when the join creates it, and replaces what an older token set up
 * when it is newer (a higher version): an old token never takes a room back.
 */
export interface RoomRecord {
  meeting: string;
  version: number;
  hostId: string | null;
  locked: boolean;
  passwordHash: string | null;
  removed: string[];
}

/**
 * How long after leaving someone may still resume their session in place, or a reloaded page
 * come back as admitted: a lost connection or a reload takes seconds, not minutes.
 */
export const RETURN_WINDOW_MS = 60_000;

/** How many recent departures a room remembers (see isReturning); bounded so churn cannot grow it. */
const MAX_DEPARTURES_KEPT = 64;
/** How many removals a room remembers (and a resume token carries); the oldest are forgotten first. */
export const MAX_REMOVALS_KEPT = 32;

/**
 * Without access tokens anyone may host; with them the embedding app decides (a guest who
 * opens the room first does not become its host).
 */
export function canHost(participant: Participant): boolean {
  return participant.mayHost;
}

/** A room as plain data (JSON-safe), for stores that keep rooms outside this process (Redis). */
export interface RoomStateData {
  id: string;
  /** Absent in records written before meetings were told apart: a new one is minted on load. */
  meeting?: string;
  version?: number;
  members: Participant[];
  hostId: string | null;
  locked: boolean;
  passwordHash: string | null;
  removed: string[];
  /** [participant id, when they left], oldest first. */
  leftAt: [string, number][];
  /** Mesh or SFU (absent in records written before SFU support: mesh). */
  mode?: RoomMode;
  /** The Janus instance and VideoRoom the room's SFU media goes through, once placed. */
  sfu?: SfuPlacement | null;
  /** The server-side recording under way (absent in records written before recording: none). */
  recording?: RecordingClaim | null;
  /** The host who left last, and to whom the role passed (absent in older records: none). */
  hostLeft?: HostDeparture | null;
  /** Raised hands, [participant id, when raised], first raised first (absent in older records: none). */
  hands?: [string, number][];
  /** The hands queue's change count (absent in older records: 0). */
  handsRev?: number;
  /** Sessions a reloaded page replaced, newest last (absent in older records: none). */
  replaced?: string[];
  /** The waiting room: on or off, who knocks (absent in older records: off, nobody). */
  waiting?: WaitingRoomData;
  /** The breakout rooms open (absent in older records: none). */
  breakouts?: BreakoutsData;
  /** Media end-to-end encrypted (absent in older records: off). */
  e2ee?: boolean;
}

/** A host's departure, kept so a reload of theirs can take the role back (see RoomState.reclaimHost). */
export interface HostDeparture {
  id: string;
  at: number;
  passedTo: string | null;
}

/** Where a room's SFU media goes: a Janus instance (one of PARLEY_JANUS_URLS) and a VideoRoom on it. */
export interface SfuPlacement {
  url: string;
  janusRoom: number;
}

/**
 * The room's recording under way, kept with the room so every node knows it: any node shows the
 * indicator to a newcomer and stops it for the host, and a recording whose claim is gone (its
 * room ended, or a restart emptied an in-memory store) is found and finished (RoomRecorder.sweep).
 */
export interface RecordingClaim {
  /** The recording's id (its folder under PARLEY_RECORDINGS_DIR). */
  id: string;
  /** Where Janus records it. */
  url: string;
  janusRoom: number;
}

/** Membership of one room, in join order, with its host, lock and password. Pure logic, no I/O. */
export class RoomState {
  readonly id: string;
  /**
   * This incarnation of the room: minted when the room is created, gone with it when the last
   * member leaves. Resume tokens and recordings belong to one meeting, never to the room id.
   */
  meeting = newMeetingId();
  /** Counts changes of host, lock and removals: newer state wins when a room is restored. */
  version = 0;
  readonly #members = new Map<string, Participant>();
  #hostId: string | null = null;
  #locked = false;
  passwordHash: string | null = null;
  /** Participants the host removed: their session may not come back. */
  readonly #removed = new Set<string>();
  /** Sessions a newer page of the same person replaced (a reload, a duplicated tab): they may not resume. */
  readonly #replaced = new Set<string>();
  /** When recent members left (a bounded, oldest-first log): a reloading page comes back as admitted. */
  readonly #leftAt = new Map<string, number>();
  #hostLeft: HostDeparture | null = null;
  /** Raised hands, in queue order; a departure lowers its hand. */
  hands = new RaisedHands();
  /** The waiting room ("ask to join"): whether newcomers knock, and who is knocking. */
  waiting = new WaitingRoom();
  /** The breakout rooms the host opened from this room. */
  breakouts = new BreakoutRooms();
  /** Where media goes; the server moves a growing room to the SFU (see sfu/RoomModes.ts). */
  mode: RoomMode = 'mesh';
  sfu: SfuPlacement | null = null;
  recording: RecordingClaim | null = null;
  /**
   * Media is end-to-end encrypted: every member's software encrypts what it sends, with keys
   * the server never holds. The rules that keep it so are in access/e2ee.ts.
   */
  e2ee = false;

  constructor(id: string) {
    this.id = id;
  }

  /** Everything this room knows, as plain data; `fromData` gives back an equal room. */
  toData(): RoomStateData {
    return {
      id: this.id,
      meeting: this.meeting,
      version: this.version,
      members: this.members(),
      hostId: this.#hostId,
      locked: this.#locked,
      passwordHash: this.passwordHash,
      removed: [...this.#removed],
      leftAt: [...this.#leftAt],
      mode: this.mode,
      sfu: this.sfu,
      recording: this.recording,
      hostLeft: this.#hostLeft,
      hands: this.hands.toData(),
      handsRev: this.hands.rev,
      replaced: [...this.#replaced],
      waiting: this.waiting.toData(),
      breakouts: this.breakouts.toData(),
      e2ee: this.e2ee,
    };
  }

  static fromData(data: RoomStateData): RoomState {
    const room = new RoomState(data.id);
    if (data.meeting) room.meeting = data.meeting;
    room.version = data.version ?? 0;
    for (const member of data.members) room.#members.set(member.id, member);
    room.#hostId = data.hostId;
    room.#locked = data.locked;
    room.passwordHash = data.passwordHash;
    for (const id of data.removed) room.#removed.add(id);
    for (const [id, at] of data.leftAt) room.#leftAt.set(id, at);
    room.mode = data.mode ?? 'mesh';
    room.sfu = data.sfu ?? null;
    room.recording = data.recording ?? null;
    room.#hostLeft = data.hostLeft ?? null;
    room.hands = RaisedHands.fromData(data.hands, data.handsRev);
    for (const id of data.replaced ?? []) room.#replaced.add(id);
    room.waiting = WaitingRoom.fromData(data.waiting);
    room.breakouts = BreakoutRooms.fromData(data.breakouts);
    room.e2ee = data.e2ee ?? false;
    return room;
  }

  get size(): number {
    return this.#members.size;
  }

  get isEmpty(): boolean {
    return this.#members.size === 0;
  }

  status(): RoomStatus {
    return {
      hostId: this.#hostId,
      locked: this.#locked,
      passwordProtected: this.passwordHash !== null,
      waitingRoom: this.waiting.enabled,
      e2ee: this.e2ee,
    };
  }

  get hostId(): string | null {
    return this.#hostId;
  }

  get locked(): boolean {
    return this.#locked;
  }

  /** Hands the host role on (a new version: tokens re-issued after this carry it). */
  setHost(participantId: string | null): void {
    if (participantId === this.#hostId) return;
    this.#hostId = participantId;
    this.version += 1;
  }

  setLocked(locked: boolean): void {
    if (locked === this.#locked) return;
    this.#locked = locked;
    this.version += 1;
  }

  /** What members' resume tokens record of this room (see RoomRecord). */
  record(): RoomRecord {
    return {
      meeting: this.meeting,
      version: this.version,
      hostId: this.#hostId,
      locked: this.#locked,
      passwordHash: this.passwordHash,
      removed: [...this.#removed],
    };
  }

  /**
   * Adds a participant unless the room is full or `admit` refuses. The first member sets the
   * room up (or brings it back as a resume token knew it) and becomes host. Re-adding a present
   * id (a session resuming) replaces its entry.
   */
  add(participant: Participant, maxParticipants: number, admit?: Admission, setup?: RoomSetup): JoinOutcome {
    const created = this.#members.size === 0;
    const refusal = admit?.(this) ?? null;
    if (refusal) return { ok: false, reason: 'refused', error: refusal };
    const returning = this.#members.has(participant.id);
    if (!returning && this.#members.size >= maxParticipants) return { ok: false, reason: 'room-full', max: maxParticipants };
    const restore = setup?.restore;
    if (created && setup) {
      this.passwordHash = setup.passwordHash;
      this.#locked = setup.locked ?? false;
      this.e2ee = setup.e2ee ?? false;
    }
    const evicted = restore && (created || restore.version > this.version) ? this.#restore(restore, participant.id) : [];
    const others = [...this.#members.values()].filter((member) => member.id !== participant.id);
    this.#members.set(participant.id, participant);
    const hostsAgain = restore !== undefined && restore.version >= this.version && restore.hostId === participant.id;
    if ((this.#hostId === null || hostsAgain) && canHost(participant)) this.#hostId = participant.id;
    return {
      ok: true,
      others,
      status: this.status(),
      created,
      record: this.record(),
      recording: this.recording?.id ?? null,
      raisedHands: this.hands.queue(),
      raisedHandsRev: this.hands.rev,
      breakouts: this.breakouts.current,
      breakoutsRev: this.breakouts.rev,
      evicted,
    };
  }

  /**
   * Takes on a restored state that is newer than what the room holds (or sets up the room it
   * creates): its meeting, version, lock, password, removals and host, if that host is here.
   * Present members it says were removed leave now; they are returned.
   */
  #restore(state: RoomRecord, joinerId: string): Participant[] {
    for (const id of state.removed) this.#noteRemoval(id);
    const evicted = [...this.#members.values()].filter((member) => this.#removed.has(member.id));
    for (const member of evicted) {
      this.#members.delete(member.id);
      this.#noteDeparture(member.id);
    }
    this.meeting = state.meeting;
    this.version = state.version;
    this.#locked = state.locked;
    this.passwordHash = state.passwordHash;
    const hostHere = state.hostId !== null && (state.hostId === joinerId || this.#members.has(state.hostId));
    if (hostHere) this.#hostId = state.hostId;
    else if (this.#hostId !== null && !this.#members.has(this.#hostId)) this.#hostId = this.#longestPresent()?.id ?? null;
    return evicted;
  }

  /** Removes a participant; if they hosted, the role passes to the longest present. */
  remove(participantId: string): Participant | null {
    const participant = this.#members.get(participantId) ?? null;
    this.#members.delete(participantId);
    this.hands.set(participantId, false, 0);
    if (participant) this.#noteDeparture(participantId);
    if (this.#hostId === participantId) {
      const next = this.#longestPresent()?.id ?? null;
      this.setHost(next);
      this.#hostLeft = { id: participantId, at: Date.now(), passedTo: next };
    }
    return participant;
  }

  /**
   * A reloaded page of the host who left moments ago (`formerId` is its old participant, the page
   * said goodbye as it unloaded) takes the role back from whoever it passed to, unless the role
   * was handed on again since. Returns whether it did.
   */
  reclaimHost(formerId: string, participantId: string, withinMs: number, now = Date.now()): boolean {
    const left = this.#hostLeft;
    if (left?.id !== formerId || now - left.at > withinMs || this.#hostId !== left.passedTo) return false;
    if (!this.#members.get(participantId)?.mayHost) return false;
    this.#hostLeft = null;
    this.setHost(participantId);
    return true;
  }

  get(participantId: string): Participant | null {
    return this.#members.get(participantId) ?? null;
  }

  members(): Participant[] {
    return [...this.#members.values()];
  }

  /** The host's removal: out now, and their session may not resume. */
  ban(participantId: string): Participant | null {
    this.#noteRemoval(participantId);
    this.version += 1;
    return this.remove(participantId);
  }

  /**
   * A newer page of the same person took this session's place (`replaces`): out now, and the old
   * page, if it is still open (a duplicated tab), may not resume it. Noted even when it had left.
   */
  replace(participantId: string): Participant | null {
    this.#replaced.delete(participantId);
    this.#replaced.add(participantId);
    if (this.#replaced.size > MAX_REMOVALS_KEPT) this.#replaced.delete(this.#replaced.keys().next().value!);
    return this.remove(participantId);
  }

  wasReplaced(participantId: string): boolean {
    return this.#replaced.has(participantId);
  }

  wasRemoved(participantId: string): boolean {
    return this.#removed.has(participantId);
  }

  /** Here now, or left within `withinMs` (the old page of a reload, which said goodbye first). */
  isReturning(participantId: string, withinMs: number, now = Date.now()): boolean {
    if (this.#members.has(participantId)) return true;
    const left = this.#leftAt.get(participantId);
    return left !== undefined && now - left <= withinMs;
  }

  #noteRemoval(participantId: string): void {
    this.#removed.delete(participantId);
    this.#removed.add(participantId);
    if (this.#removed.size > MAX_REMOVALS_KEPT) this.#removed.delete(this.#removed.keys().next().value!);
  }

  #noteDeparture(participantId: string): void {
    this.#leftAt.delete(participantId);
    this.#leftAt.set(participantId, Date.now());
    if (this.#leftAt.size > MAX_DEPARTURES_KEPT) this.#leftAt.delete(this.#leftAt.keys().next().value!);
  }

  #longestPresent(): Participant | null {
    let oldest: Participant | null = null;
    for (const member of this.#members.values()) {
      if (canHost(member) && (!oldest || member.joinedAt < oldest.joinedAt)) oldest = member;
    }
    return oldest;
  }
}

/** A meeting id: 12 random bytes, base64url (unguessable; never shown to people). */
function newMeetingId(): string {
  return randomBytes(12).toString('base64url');
}
