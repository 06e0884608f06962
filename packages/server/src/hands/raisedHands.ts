import { ParleyError } from '@parley/protocol';
import { roomChannel, type ParleyServerIo } from '../io/types.js';
import type { Member } from '../membership/Membership.js';
import type { RoomState } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';

export interface HandDeps {
  io: ParleyServerIo;
  store: RoomStore;
}

/**
 * Raises or lowers a member's own hand. The queue lives in the room (RoomState.hands), so every
 * node tells the same order; each change goes to everyone in the room as the whole queue.
 */
export async function setOwnHand(deps: HandDeps, member: Member, raised: boolean): Promise<null> {
  await changeHand(deps, member.roomId, (room) => room.hands.set(member.participantId, raised, Date.now()));
  return null;
}

/** Runs `change` on the room's hands atomically; tells everyone the queue when it changed. */
export async function changeHand(deps: HandDeps, roomId: string, change: (room: RoomState) => boolean): Promise<void> {
  const outcome = await deps.store.update(roomId, (room) => ({ changed: change(room), queue: room.hands.queue(), rev: room.hands.rev }));
  if (!outcome) throw new ParleyError('not-in-room', 'This room no longer exists.');
  if (outcome.changed) deps.io.to(roomChannel(roomId)).emit('raised-hands', { queue: outcome.queue, rev: outcome.rev });
}
