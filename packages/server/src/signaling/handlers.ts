import { ParleyError, type Ack, type IceConfig, type JoinRequest, type JoinSnapshot, type SignalRequest } from '@parley/protocol';
import type { Logger } from 'pino';
import { publicInfo, type Participant } from '../rooms/Participant.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import { planJoin, type AccessDeps, type JoinPlan } from './admission.js';
import type { Departures } from './departures.js';
import { evict, removeParticipant, retire, takeOverHost } from './presence.js';
import { announceStatus, sessionToken } from './sessions.js';
import type { IceServerProvider } from '../turn/IceServerProvider.js';
import type { SignalSequencer } from './SignalSequencer.js';
import type { RelayEnvelope } from '../cluster/relay.js';
import { roomChannel, type ParleyServerIo, type ParleySocket } from './types.js';
import type { SfuBridge } from '../sfu/SfuBridge.js';
import type { RoomRecorder } from '../sfu/recording/RoomRecorder.js';

export interface SignalingDeps extends AccessDeps {
  io: ParleyServerIo;
  /** Per sender→receiver sequence numbers stamped on relayed signals. */
  sequencer: SignalSequencer;
  /** Called for every signal relayed (metrics). */
  onRelayed?: () => void;
  /** Several nodes: delivers a signal on whichever node holds the receiver (see cluster/relay.ts). */
  relaySignal?: (envelope: RelayEnvelope) => 'delivered' | 'gone' | 'sent';
  store: RoomStore;
  maxParticipants: number;
  log: Logger;
  /** ICE servers (and TURN credentials) for each participant. */
  ice: IceServerProvider;
  /** Participants whose connection dropped, kept for a grace period (see Departures). */
  departures: Departures;
  /** SFU mode (PARLEY_JANUS_URLS set), else null: every room stays mesh. */
  sfu: SfuBridge | null;
  /** Server-side recording (PARLEY_RECORDINGS_DIR with SFU mode), else null. */
  recorder?: RoomRecorder | null;
}

/**
 * Join: one room per connection; the snapshot lists who is already there. A `resume` comes
 * back under the same participant id (see planJoin); a `replaces` evicts a reloaded page's
 * old participant first, so no ghost of it remains.
 */
export async function handleJoin(deps: SignalingDeps, socket: ParleySocket, request: JoinRequest): Promise<Ack<JoinSnapshot>> {
  if (socket.data.roomId || socket.data.joining) {
    throw new ParleyError('already-joined', `Already in a room; leave it before joining another.`);
  }
  const room = request.room;
  socket.data.joining = true;
  let outcome: Awaited<ReturnType<RoomStore['join']>>;
  let plan: JoinPlan;
  let previous: Participant | null = null;
  let evictedHost = false;
  try {
    plan = await planJoin(deps, request, Date.now());
    if (plan.evict) evictedHost = await evict(deps, room, plan.evict);
    previous = await deps.store.get(room, plan.id);
    const participant = {
      id: plan.id,
      name: plan.name,
      socketId: socket.id,
      joinedAt: plan.joinedAt,
      grants: plan.grants,
      mayHost: plan.mayHost,
    };
    outcome = await deps.store.join(room, participant, deps.maxParticipants, plan.admit, plan.setup);
  } finally {
    socket.data.joining = false;
  }
  if (!outcome.ok) throw outcome.reason === 'room-full' ? ParleyError.roomFull(outcome.max) : outcome.error;
  const participant = { id: plan.id, name: plan.name };
  if (!socket.connected) {
    // The socket closed while we waited for the store: undo, or a ghost would remain.
    await removeParticipant(deps, room, plan.id, 'closed during join');
    throw new ParleyError('server-error', 'Connection closed during join.');
  }
  // Back within the grace period, or over a new connection while the old one lingers.
  deps.departures.cancel(plan.id);
  if (previous && previous.socketId !== socket.id) retire(deps, previous.socketId);
  // Others never told of a departure keep their connections to us: a resume in place.
  const resumed = plan.resuming && (previous !== null || !plan.issuedHere);
  socket.data.roomId = room;
  socket.data.participantId = plan.id;
  socket.data.name = plan.name;
  socket.data.grants = plan.grants;
  await socket.join(roomChannel(room));
  socket.to(roomChannel(room)).emit('participant-joined', participant);
  // Past the mesh threshold the room moves to the SFU (the others hear `room-mode`, the snapshot says it).
  const mode = deps.sfu ? await deps.sfu.afterJoin(socket, room) : 'mesh';
  deps.recorder?.tellNewcomer(socket, outcome.recording);
  const restored = plan.resuming && !plan.issuedHere;
  const status = evictedHost ? await takeOverHost(deps, room, plan.id) : outcome.status;
  // Back after a restart: the host may have changed to the one returning; everyone hears it.
  if (restored) await announceStatus(deps, room);
  // Also in the snapshot; sent as an event too so that socket.io has an offset to recover from
  // (connection state recovery needs at least one event received).
  socket.emit('room-status', status);
  deps.log.debug({ room, participant: plan.id, resumed }, 'joined');
  const ice = deps.ice.forParticipant(plan.id);
  const resumeToken = sessionToken(deps, room, { ...plan, socketId: socket.id }, status, outcome.passwordHash);
  return {
    ok: true,
    value: {
      room,
      self: participant,
      participants: outcome.others.map(publicInfo),
      maxParticipants: deps.maxParticipants,
      iceServers: ice.iceServers,
      iceTransportPolicy: ice.iceTransportPolicy,
      ...(ice.ttlSeconds ? { iceServersTtlSeconds: ice.ttlSeconds } : {}),
      resumeToken,
      resumed,
      roomStatus: status,
      grants: plan.grants,
      mode,
    },
  };
}

/** Fresh TURN credentials for a participant whose current ones are about to expire. */
export async function handleRefreshIceServers(deps: SignalingDeps, socket: ParleySocket): Promise<Ack<IceConfig>> {
  const { participantId } = socket.data;
  if (!participantId) throw new ParleyError('not-in-room', 'Join a room before asking for ICE servers.');
  return { ok: true, value: deps.ice.forParticipant(participantId) };
}

/** Leave (explicit, or because the socket closed). Idempotent. */
export async function handleLeave(deps: SignalingDeps, socket: ParleySocket): Promise<Ack<null>> {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) return { ok: true, value: null };
  socket.data = {};
  await socket.leave(roomChannel(roomId));
  // A socket retired from another node still carries its data: a newer one speaks for them now.
  const current = await deps.store.get(roomId, participantId);
  if (current && current.socketId !== socket.id) return { ok: true, value: null };
  deps.departures.cancel(participantId);
  await removeParticipant(deps, roomId, participantId, 'left');
  return { ok: true, value: null };
}

/**
 * Relay an SDP/ICE message to one member of the sender's own room. `from` is stamped
 * here from the socket's own participant id; the payload cannot name a sender. `seq`
 * numbers the signals of this sender to this receiver, so loss or duplication shows.
 */
export async function handleSignal(deps: SignalingDeps, socket: ParleySocket, request: SignalRequest): Promise<void> {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) {
    throw new ParleyError('not-in-room', 'Join a room before sending signals.');
  }
  const target = request.to === participantId ? null : await deps.store.get(roomId, request.to);
  if (!target) {
    throw new ParleyError('peer-not-found', 'That participant is not in your room (they may have left).');
  }
  const seq = deps.sequencer.next(participantId, target.id);
  const message = request.description
    ? { from: participantId, seq, description: request.description }
    : { from: participantId, seq, candidate: request.candidate };
  if (!deps.relaySignal) deps.io.to(target.socketId).emit('signal', message);
  else if (
    deps.relaySignal({ socketId: target.socketId, roomId, participantId: target.id, senderSocketId: socket.id, message }) === 'gone'
  ) {
    throw new ParleyError('peer-not-found', 'That participant is not in your room (they may have left).');
  }
  deps.onRelayed?.();
}
