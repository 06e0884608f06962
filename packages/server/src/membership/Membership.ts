import { EventEmitter } from 'node:events';
import { ParleyError, type Grant, type ModerationNotice, type RoomStatus } from '@parley/protocol';
import type { Logger } from 'pino';
import { roomChannel, type ParleyServerIo, type ParleySocket } from '../io/types.js';
import type { Participant } from '../rooms/Participant.js';
import { RETURN_WINDOW_MS, type Admission, type JoinOutcome, type RoomSetup } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import { Departures } from './Departures.js';
import type { DepartureReason, MembershipEventMap } from './events.js';
import type { Sessions } from './sessions.js';

/** Who a connection speaks for, once it joined. */
export interface Member {
  roomId: string;
  participantId: string;
  name: string;
  grants: Grant[];
}

/** A join as access control decided it (see access/admission.ts): who, on what terms. */
export interface Entry {
  roomId: string;
  id: string;
  name: string;
  joinedAt: number;
  grants: Grant[];
  mayHost: boolean;
  /** When the access token that admitted them expires (seconds since the epoch), if one did. */
  accessExpiresAt?: number;
  /** Their software encrypts media end to end (see Participant). */
  encryptsMedia: boolean;
  /** The old participant of a reloaded page, removed before this one joins. */
  evict: string | null;
  /** Re-checked atomically with the join (lock, password, removal, end-to-end encryption). */
  admit: Admission;
  /** How the room is set up when this join creates it. */
  setup: RoomSetup;
}

export type Admitted = Extract<JoinOutcome, { ok: true }> & {
  /** The same participant's previous entry (a resumed session), if any. */
  previous: Participant | null;
  /** The room's host, lock and password after this join. */
  status: RoomStatus;
};

export interface MembershipOptions {
  io: ParleyServerIo;
  store: RoomStore;
  sessions: Sessions;
  log: Logger;
  maxParticipants: number;
  /** Seconds a participant who dropped without a goodbye is kept (see Departures). */
  departureGraceSeconds: number;
}

/** socket.io's reasons for a disconnect that said goodbye (ours or the client's `disconnect()`). */
const GOODBYES: ReadonlySet<string> = new Set(['client namespace disconnect', 'server namespace disconnect']);
/**
 * How long someone whose connection was closed without a goodbye is kept. Their side closed it:
 * the browser or its process ended (gone for good, and people expect to see that at once), or
 * the client gave up on a connection it found dead and is already reconnecting (back within a
 * second or two). Silence (`ping timeout`: a stalled page, a phone asleep, a network gone) gets
 * the whole departure grace instead: the client may still be there.
 */
const CLOSED_GRACE_MS = 2_000;
const SILENT = 'ping timeout';

/**
 * THE owner of room membership: the only code that admits, removes, evicts and reaps a
 * participant. Every way out of a room (leave, tab closed, network lost, host removal, reload,
 * node death) goes through `remove`, which runs one teardown: the store, the others told, the
 * connection detached, and a `left` event for whoever holds something of that participant (SFU
 * session, signal counters, recording, host role). A participant who stays but speaks over
 * another connection is `reconnected` (to a connection of this node) or `superseded` (the
 * connection of this node is no longer theirs), so what was bound to the old one follows or ends.
 */
export class Membership extends EventEmitter<MembershipEventMap> {
  readonly #options: MembershipOptions;
  readonly #departures: Departures;

  constructor(options: MembershipOptions) {
    super();
    this.#options = options;
    this.#departures = new Departures(options.departureGraceSeconds * 1000);
  }

  get maxParticipants(): number {
    return this.#options.maxParticipants;
  }

  /** Who `socket` speaks for, or null when it is in no room. */
  memberOf(socket: ParleySocket): Member | null {
    const { roomId, participantId, name, grants } = socket.data;
    if (!roomId || !participantId || !name) return null;
    return { roomId, participantId, name, grants: grants ?? [] };
  }

  /**
   * Enters `socket` into a room as `entry`. A reload's old self is removed first; a resumed
   * session replaces its older connection. The others hear `participant-joined`.
   */
  async admit(socket: ParleySocket, entry: Entry): Promise<Admitted> {
    const { store } = this.#options;
    if (socket.data.roomId || socket.data.joining) {
      throw new ParleyError('already-joined', 'Already in a room; leave it before joining another.');
    }
    const { roomId } = entry;
    socket.data.joining = true;
    const participant: Participant = {
      id: entry.id,
      name: entry.name,
      socketId: socket.id,
      joinedAt: entry.joinedAt,
      grants: entry.grants,
      mayHost: entry.mayHost,
      ...(entry.accessExpiresAt ? { accessExpiresAt: entry.accessExpiresAt } : {}),
      encryptsMedia: entry.encryptsMedia,
    };
    let outcome: JoinOutcome;
    let previous: Participant | null;
    try {
      if (entry.evict) await this.#evict(roomId, entry.evict);
      previous = await store.get(roomId, entry.id);
      outcome = await store.join(roomId, participant, this.#options.maxParticipants, entry.admit, entry.setup);
    } finally {
      socket.data.joining = false;
    }
    if (!outcome.ok) throw outcome.reason === 'room-full' ? ParleyError.roomFull(outcome.max) : outcome.error;
    if (!socket.connected) {
      // Closed while the store answered: undo, or a ghost would remain.
      await this.remove(roomId, entry.id, 'join-aborted');
      throw new ParleyError('server-error', 'Connection closed during join.');
    }
    // Back within the grace period, or over a new connection while the old one lingers.
    this.#departures.cancel(entry.id);
    if (previous && previous.socketId !== socket.id) this.#retire(previous.socketId);
    socket.data = { roomId, participantId: entry.id, name: entry.name, grants: entry.grants };
    await socket.join(roomChannel(roomId));
    socket.to(roomChannel(roomId)).emit('participant-joined', { id: entry.id, name: entry.name });
    // A newer restored state says the host removed these: they go the way every removal goes.
    for (const removed of outcome.evicted) {
      await this.remove(roomId, removed.id, 'removed', {
        change: async () => removed,
        notice: { kind: 'removed', by: outcome.record.hostId ?? entry.id },
      });
    }
    const status = (entry.evict ? await this.#reclaimHost(roomId, entry.evict, entry.id) : null) ?? outcome.status;
    this.emit('joined', { roomId, participant, socket, resumed: previous !== null });
    if (previous) this.emit('reconnected', { roomId, participantId: entry.id, socket });
    return { ...outcome, previous, status };
  }

  /** The client said `leave` (or closed with a goodbye). Idempotent. */
  async leave(socket: ParleySocket, reason: Extract<DepartureReason, 'left' | 'closed'>): Promise<void> {
    const member = this.memberOf(socket);
    if (!member) return;
    // From now on this connection speaks for nobody, whatever the store says.
    socket.data = {};
    await socket.leave(roomChannel(member.roomId));
    // A connection retired from another node still carries its data: a newer one speaks for them now.
    const current = await this.#options.store.get(member.roomId, member.participantId);
    if (current?.socketId !== socket.id) {
      if (current) this.#superseded(member, socket, current.socketId);
      return;
    }
    await this.remove(member.roomId, member.participantId, reason);
  }

  /**
   * The connection dropped. With a goodbye: gone now. Otherwise the participant stays for a
   * grace period (see CLOSED_GRACE_MS), unless the same socket recovers or a `resume` join takes it over.
   */
  disconnected(socket: ParleySocket, reason: string): void {
    const member = this.memberOf(socket);
    if (!member) return;
    const { log, store } = this.#options;
    if (GOODBYES.has(reason)) {
      this.leave(socket, 'closed').catch((error: unknown) => log.error({ err: error }, 'leave on disconnect failed'));
      return;
    }
    this.#departures.schedule(
      member.participantId,
      () => {
        void (async () => {
          const current = await store.get(member.roomId, member.participantId);
          // Taken over by a newer connection meanwhile: that one speaks for the participant now.
          if (current?.socketId === socket.id) await this.remove(member.roomId, member.participantId, 'connection-lost');
          else if (current) this.#superseded(member, socket, current.socketId);
        })().catch((error: unknown) => log.error({ err: error }, 'departure failed'));
      },
      reason === SILENT ? Infinity : CLOSED_GRACE_MS,
    );
  }

  /**
   * socket.io restored this socket (connection state recovery): same id, data and rooms, missed
   * events replayed. Still a member: cancel the departure, and serve it here if another node
   * did. Gone meanwhile: disconnect, so the client rejoins with its resume token.
   */
  async recovered(socket: ParleySocket): Promise<void> {
    const member = this.memberOf(socket);
    if (!member) return;
    this.#departures.cancel(member.participantId);
    const { store } = this.#options;
    const current = await store.get(member.roomId, member.participantId);
    if (current?.socketId === socket.id && (await store.adopt(member.roomId, member.participantId))) {
      this.emit('reconnected', { roomId: member.roomId, participantId: member.participantId, socket });
      return;
    }
    socket.data = {};
    socket.disconnect(true);
  }

  /**
   * THE teardown. Removes a participant (by default `store.leave`; `change` is the store change
   * for removals decided atomically elsewhere: a host's ban, a dead node's reaping), then tells
   * the others, detaches the connection, and emits `left`. Returns who was removed, or null.
   */
  async remove(
    roomId: string,
    participantId: string,
    reason: DepartureReason,
    options: { change?: () => Promise<Participant | null>; notice?: ModerationNotice } = {},
  ): Promise<Participant | null> {
    const { store, io } = this.#options;
    const hostBefore = (await store.status(roomId))?.hostId ?? null;
    const removed = await (options.change ?? (() => store.leave(roomId, participantId)))();
    if (!removed) return null;
    this.#departures.cancel(participantId);
    this.#detach(roomId, removed, reason, options.notice);
    io.to(roomChannel(roomId)).emit('participant-left', { id: participantId });
    const status = await store.status(roomId);
    const hostChanged = status !== null && status.hostId !== hostBefore;
    this.emit('left', { roomId, participant: removed, reason, roomEmpty: status === null, hostChanged });
    return removed;
  }

  /**
   * Connections of this node whose participant is no longer in its room (the shared store lost
   * its data): disconnected, so their clients rejoin with their resume tokens.
   */
  async disconnectOrphans(): Promise<void> {
    for (const socket of [...this.#options.io.of('/').sockets.values()]) {
      const member = this.memberOf(socket);
      if (!member) continue;
      if ((await this.#options.store.get(member.roomId, member.participantId))?.socketId === socket.id) continue;
      socket.data = {};
      socket.disconnect(true);
    }
  }

  /** Shutdown: no departure timer may fire after the server closed. */
  close(): void {
    this.#departures.clear();
  }

  /** A reloaded page's old participant: out of the room (if still here), its connection closed. */
  async #evict(roomId: string, participantId: string): Promise<void> {
    const { store } = this.#options;
    await this.remove(roomId, participantId, 'replaced', {
      change: async () => (await store.update(roomId, (room) => room.replace(participantId))) ?? null,
    });
  }

  /**
   * A reloaded page of the host takes the role back from whoever it passed to when the old page
   * left (its goodbye as it unloaded, or the eviction just now): see RoomState.reclaimHost.
   * Returns the new status when it did.
   */
  async #reclaimHost(roomId: string, formerId: string, participantId: string): Promise<RoomStatus | null> {
    const status = await this.#options.store.update(roomId, (room) =>
      room.reclaimHost(formerId, participantId, RETURN_WINDOW_MS) ? room.status() : null,
    );
    if (status) await this.#options.sessions.announce(roomId);
    return status ?? null;
  }

  /**
   * The removed participant's connection stops speaking for them: it leaves the room's channel,
   * its data is cleared, and (reload, removal) it is closed. A removal is said to it first.
   */
  #detach(roomId: string, participant: Participant, reason: DepartureReason, notice?: ModerationNotice): void {
    const { io } = this.#options;
    const socket = io.of('/').sockets.get(participant.socketId);
    if (notice) io.to(participant.socketId).emit('moderation', notice);
    if (!socket) {
      // On another node (several nodes over Redis): the adapter carries the command there, in
      // order after the notice. A removed or replaced connection must not stay open with its data.
      if (reason === 'removed' || reason === 'replaced') io.in(participant.socketId).disconnectSockets(true);
      else io.in(participant.socketId).socketsLeave(roomChannel(roomId));
      return;
    }
    if (socket.data.participantId === participant.id) socket.data = {};
    void socket.leave(roomChannel(roomId));
    if (reason === 'replaced') socket.disconnect(true);
  }

  /** An older socket that spoke for a participant now spoken for by another: silence it. */
  /**
   * `socket` lost its participant to the connection `successorId`. One of this node says
   * `reconnected` itself (maybe a moment later than this: the join is under way); another node's
   * connection leaves nothing here to follow it.
   */
  #superseded(member: Member, socket: ParleySocket, successorId: string): void {
    if (this.#options.io.of('/').sockets.has(successorId)) return;
    this.emit('superseded', { roomId: member.roomId, participantId: member.participantId, socket });
  }

  #retire(socketId: string): void {
    const { io } = this.#options;
    const old = io.of('/').sockets.get(socketId);
    if (!old) {
      io.in(socketId).disconnectSockets(true);
      return;
    }
    old.data = {};
    old.disconnect(true);
  }
}
