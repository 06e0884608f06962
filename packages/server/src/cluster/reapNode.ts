import type { RedisRoomStore } from '../rooms/RedisRoomStore.js';
import type { SignalingDeps } from '../signaling/handlers.js';
import { removeParticipant } from '../signaling/presence.js';

/**
 * A node died without saying goodbye: its participants leave their rooms and everyone is
 * told (`participant-left`, host change). Someone who already came back through another node
 * (resume token, or socket.io recovery: see handleRecovered) is left alone: the removal
 * checks, atomically, that the dead node still serves them.
 */
export async function reapNode(deps: SignalingDeps, store: RedisRoomStore, deadNodeId: string): Promise<void> {
  for (const { roomId, participantIds } of await store.servedBy(deadNodeId)) {
    for (const participantId of participantIds) {
      await removeParticipant(deps, roomId, participantId, `node ${deadNodeId} lost`, () =>
        store.leaveIf(roomId, participantId, (node) => node === deadNodeId),
      );
    }
  }
}
