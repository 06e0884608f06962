import {
  ParleyError,
  type Ack,
  type IceConfig,
  type JoinRequest,
  type JoinSnapshot,
  type SignalRequest,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { newParticipantId } from '../rooms/ids.js';
import { publicInfo } from '../rooms/Participant.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { IceServerProvider } from '../turn/IceServerProvider.js';
import type { SignalSequencer } from './SignalSequencer.js';
import { roomChannel, type ParleyServerIo, type ParleySocket } from './types.js';

export interface SignalingDeps {
  io: ParleyServerIo;
  /** Per sender→receiver sequence numbers stamped on relayed signals. */
  sequencer: SignalSequencer;
  /** Called for every signal relayed (metrics). */
  onRelayed?: () => void;
  store: RoomStore;
  maxParticipants: number;
  log: Logger;
  /** ICE servers (and TURN credentials) for each participant. */
  ice: IceServerProvider;
}

/** Join: one room per connection; the snapshot lists who is already there. */
export async function handleJoin(
  deps: SignalingDeps,
  socket: ParleySocket,
  request: JoinRequest,
): Promise<Ack<JoinSnapshot>> {
  if (socket.data.roomId || socket.data.joining) {
    throw new ParleyError('already-joined', `Already in a room; leave it before joining another.`);
  }
  const participant = { id: newParticipantId(), name: request.name, socketId: socket.id, joinedAt: Date.now() };
  socket.data.joining = true;
  let outcome: Awaited<ReturnType<RoomStore['join']>>;
  try {
    outcome = await deps.store.join(request.room, participant, deps.maxParticipants);
  } finally {
    socket.data.joining = false;
  }
  if (!outcome.ok) throw ParleyError.roomFull(outcome.max);
  if (!socket.connected) {
    // The socket closed while we waited for the store: undo, or a ghost would remain.
    await deps.store.leave(request.room, participant.id);
    throw new ParleyError('server-error', 'Connection closed during join.');
  }
  socket.data.roomId = request.room;
  socket.data.participantId = participant.id;
  socket.data.name = participant.name;
  await socket.join(roomChannel(request.room));
  socket.to(roomChannel(request.room)).emit('participant-joined', publicInfo(participant));
  deps.log.debug({ room: request.room, participant: participant.id }, 'joined');
  const ice = deps.ice.forParticipant(participant.id);
  return {
    ok: true,
    value: {
      room: request.room,
      self: publicInfo(participant),
      participants: outcome.others.map(publicInfo),
      maxParticipants: deps.maxParticipants,
      iceServers: ice.iceServers,
      iceTransportPolicy: ice.iceTransportPolicy,
      ...(ice.ttlSeconds ? { iceServersTtlSeconds: ice.ttlSeconds } : {}),
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
  const removed = await deps.store.leave(roomId, participantId);
  if (removed) deps.io.to(roomChannel(roomId)).emit('participant-left', { id: participantId });
  deps.log.debug({ room: roomId, participant: participantId }, 'left');
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
  deps.io.to(target.socketId).emit('signal', message);
  deps.onRelayed?.();
}
