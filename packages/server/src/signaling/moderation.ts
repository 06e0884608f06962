import { ParleyError, type Ack, type ModerateRequest } from '@parley/protocol';
import type { Participant } from '../rooms/Participant.js';
import { canHost, type RoomState } from '../rooms/RoomState.js';
import type { SignalingDeps } from './handlers.js';
import { announceStatus } from './sessions.js';
import { roomChannel, type ParleySocket } from './types.js';

type Effect = { kind: 'status' } | { kind: 'removed'; target: Participant } | { kind: 'mute'; target: Participant };

/**
 * A host's request. The server decides who may do what: the host, or anyone an access token
 * grants `moderate`. Every change of host or lock is announced to the whole room (`room-status`,
 * with fresh resume tokens), and the one concerned by a removal or mute hears it alone (`moderation`).
 */
export async function handleModerate(deps: SignalingDeps, socket: ParleySocket, request: ModerateRequest): Promise<Ack<null>> {
  const { roomId, participantId, grants } = socket.data;
  if (!roomId || !participantId) throw new ParleyError('not-in-room', 'Join a room before moderating it.');
  const effect = await deps.store.update(roomId, (room) => decide(room, participantId, grants ?? [], request));
  if (!effect) throw new ParleyError('not-in-room', 'This room no longer exists.');
  const channel = roomChannel(roomId);
  if (effect.kind === 'removed') {
    const { target } = effect;
    deps.departures.cancel(target.id);
    deps.io.to(target.socketId).emit('moderation', { kind: 'removed', by: participantId });
    const removedSocket = deps.io.sockets.sockets.get(target.socketId);
    if (removedSocket) {
      removedSocket.data = {};
      await removedSocket.leave(channel);
    }
    deps.io.to(channel).emit('participant-left', { id: target.id });
  } else if (effect.kind === 'mute') {
    deps.io.to(effect.target.socketId).emit('moderation', { kind: 'mute-requested', by: participantId });
  }
  if (effect.kind === 'status') await announceStatus(deps, roomId);
  deps.log.debug({ room: roomId, by: participantId, action: request.action }, 'moderated');
  return { ok: true, value: null };
}

/** Runs atomically inside the store: permission, target, change. Throws the refusal. */
function decide(room: RoomState, actorId: string, grants: readonly string[], request: ModerateRequest): Effect {
  if (room.hostId !== actorId && !grants.includes('moderate')) {
    throw new ParleyError('forbidden', 'Only the host can do that.', { details: { action: request.action } });
  }
  if (request.action === 'lock') {
    room.locked = request.locked;
    return { kind: 'status' };
  }
  const target = room.get(request.id);
  if (!target) throw new ParleyError('peer-not-found', 'That participant is not in your room (they may have left).');
  if (target.id === actorId) throw ParleyError.invalidMessage('moderate', 'you cannot do that to yourself');
  switch (request.action) {
    case 'remove':
      room.ban(target.id);
      return { kind: 'removed', target };
    case 'mute':
      return { kind: 'mute', target };
    case 'make-host':
      if (!canHost(target)) {
        throw new ParleyError('forbidden', `${target.name} is not allowed to moderate this room, so cannot host it.`);
      }
      room.hostId = target.id;
      return { kind: 'status' };
  }
}
