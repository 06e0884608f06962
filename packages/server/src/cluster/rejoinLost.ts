import type { SignalingDeps } from '../signaling/handlers.js';

/**
 * Redis came back without its data: participants of this node that are no longer in their
 * room are disconnected, so their clients reconnect and rejoin with their resume tokens (which
 * restore the room's host, lock and password, as after a server restart). Those who joined
 * since Redis came back are left alone.
 */
export async function rejoinLost(deps: SignalingDeps): Promise<void> {
  for (const socket of [...deps.io.of('/').sockets.values()]) {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) continue;
    if ((await deps.store.get(roomId, participantId))?.socketId === socket.id) continue;
    socket.data = {};
    socket.disconnect(true);
  }
}
