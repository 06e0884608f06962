import type { Membership } from '../membership/Membership.js';
import type { RedisRoomStore } from './RedisRoomStore.js';

/**
 * A node died without saying goodbye: its participants leave their rooms through the one
 * teardown (everyone told, SFU sessions closed, host handed on). Someone who already came back
 * through another node (resume token, or socket.io recovery) is left alone: the removal checks,
 * atomically, that the dead node still serves them.
 */
export async function reapNode(
  membership: Membership,
  store: Pick<RedisRoomStore, 'servedBy' | 'leaveIf'>,
  deadNodeId: string,
): Promise<void> {
  for (const { roomId, participantIds } of await store.servedBy(deadNodeId)) {
    for (const participantId of participantIds) {
      await membership.remove(roomId, participantId, 'node-lost', {
        change: () => store.leaveIf(roomId, participantId, (node) => node === deadNodeId),
      });
    }
  }
}
