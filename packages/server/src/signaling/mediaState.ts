import { ParleyError, type MediaStateRequest } from '@parley/protocol';
import type { SignalingDeps } from './handlers.js';
import { roomChannel, type ParleySocket } from './types.js';

/**
 * Relays a participant's mic / camera / screen-share state: to the whole room, or with `to` to
 * one member (how those already there tell a newcomer). `from` is stamped from the socket, so
 * nobody can mute someone else's tile. The server keeps no media state: each client re-announces
 * its own to newcomers, which stays true across server restarts and nodes.
 */
export async function handleMediaState(deps: SignalingDeps, socket: ParleySocket, request: MediaStateRequest): Promise<void> {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) throw new ParleyError('not-in-room', 'Join a room before announcing your media state.');
  const { to, ...state } = request;
  const message = { from: participantId, ...state };
  if (to === undefined) {
    socket.to(roomChannel(roomId)).emit('media-state', message);
    return;
  }
  const target = to === participantId ? null : await deps.store.get(roomId, to);
  if (!target) throw new ParleyError('peer-not-found', 'That participant is not in your room (they may have left).');
  deps.io.to(target.socketId).emit('media-state', message);
}
