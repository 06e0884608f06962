import { ParleyError, type Grant, type ModerateRequest } from '@parley/protocol';
import type { ParleyServerIo } from '../io/types.js';
import type { Member, Membership } from '../membership/Membership.js';
import type { Sessions } from '../membership/sessions.js';
import { canHost, type RoomState } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import { changeHand } from '../hands/raisedHands.js';
import { setE2ee } from './e2ee.js';
import { assertMayModerate } from './mayModerate.js';
import { answerKnocks, isWaitingRoomRequest, tellModerators, type WaitingRoomRequest } from './waitingRoom.js';

export interface ModerationDeps {
  io: ParleyServerIo;
  store: RoomStore;
  membership: Membership;
  sessions: Sessions;
}

/**
 * A host's request. The permission is checked again inside the store change, atomically with
 * it (the role may have passed on since the router's guard looked). A removal goes through
 * Membership.remove like every other way out of a room, so the removed person's SFU session,
 * signal counters and recording claim go with them; a change of host, lock or end-to-end
 * encryption is announced to everyone as the room's status, with fresh resume tokens; a mute
 * request is told to its target alone; ending the meeting removes everyone else the same way.
 */
export async function moderate(deps: ModerationDeps, member: Member, request: ModerateRequest): Promise<null> {
  const { roomId, participantId, grants } = member;
  if (request.action === 'remove') {
    const removed = await deps.membership.remove(roomId, request.id, 'removed', {
      change: async () => (await deps.store.update(roomId, (room) => ban(room, member, request.id))) ?? roomGone(),
      notice: { kind: 'removed', by: participantId },
    });
    if (!removed) throw ParleyError.peerNotFound();
    // Everyone's token now records the removal, so no restart lets that session back in.
    await deps.sessions.announce(roomId);
    return null;
  }
  if (request.action === 'end') return endForEveryone(deps, member);
  if (isWaitingRoomRequest(request)) return answerKnocks(deps, member, request);
  if (request.action === 'lower-hand') {
    await changeHand(deps, roomId, (room) => {
      assertMayModerate(room.hostId, participantId, grants, 'lower-hand');
      return room.hands.set(targetOf(room, participantId, request.id).id, false, 0);
    });
    return null;
  }
  const effect = await deps.store.update(roomId, (room) => decide(room, participantId, grants, request));
  if (!effect) roomGone();
  if (effect.kind === 'mute') deps.io.to(effect.target).emit('moderation', { kind: 'mute-requested', by: participantId });
  else {
    await deps.sessions.announce(roomId);
    // A new host sees who is waiting to be let in.
    await tellModerators(deps, roomId);
  }
  return null;
}

type Effect = { kind: 'status' } | { kind: 'mute'; target: string };

/** Runs atomically inside the store: permission, target, change. Throws the refusal. */
function decide(
  room: RoomState,
  actorId: string,
  grants: readonly Grant[],
  request: Exclude<ModerateRequest, { action: 'remove' | 'end' | 'lower-hand' } | WaitingRoomRequest>,
): Effect {
  assertMayModerate(room.hostId, actorId, grants, request.action);
  if (request.action === 'lock') {
    room.setLocked(request.locked);
    return { kind: 'status' };
  }
  if (request.action === 'e2ee') {
    setE2ee(room, request.enabled);
    return { kind: 'status' };
  }
  const target = targetOf(room, actorId, request.id);
  if (request.action === 'mute') return { kind: 'mute', target: target.socketId };
  if (!canHost(target)) throw new ParleyError('forbidden', `${target.name} is not allowed to moderate this room, so cannot host it.`);
  room.setHost(target.id);
  return { kind: 'status' };
}

/**
 * The host ends the meeting: the room locks first (nobody new comes in meanwhile), then everyone
 * else is removed for good, each told why, through the same teardown as any removal, those in
 * its breakout rooms too. The host leaves by itself afterwards, and the emptied room is gone.
 */
async function endForEveryone(deps: ModerationDeps, member: Member): Promise<null> {
  const { roomId, participantId, grants } = member;
  const ended = await deps.store.update(roomId, (room) => {
    assertMayModerate(room.hostId, participantId, grants, 'end');
    room.setLocked(true);
    // Its breakout rooms close without sending anyone back (a timer set for them finds them closed).
    const breakoutRooms = room.breakouts.close()?.rooms.map((breakout) => breakout.id) ?? [];
    return { others: room.members().filter((other) => other.id !== participantId), breakoutRooms };
  });
  if (!ended) roomGone();
  const { others, breakoutRooms } = ended;
  const away = await Promise.all(
    breakoutRooms.map(async (breakoutId) => (await deps.store.members(breakoutId)).map((person) => ({ roomId: breakoutId, person }))),
  );
  await Promise.all(
    [...others.map((person) => ({ roomId, person })), ...away.flat()].map(({ roomId: where, person }) =>
      deps.membership.remove(where, person.id, 'removed', {
        change: async () => (await deps.store.update(where, (room) => room.ban(person.id))) ?? null,
        notice: { kind: 'ended', by: participantId },
      }),
    ),
  );
  await deps.sessions.announce(roomId);
  return null;
}

/** The host's removal, inside the store: out now, and that session may not come back. */
function ban(room: RoomState, member: Member, targetId: string) {
  assertMayModerate(room.hostId, member.participantId, member.grants, 'remove');
  targetOf(room, member.participantId, targetId);
  return room.ban(targetId);
}

function targetOf(room: RoomState, actorId: string, targetId: string) {
  const target = room.get(targetId);
  if (!target) throw ParleyError.peerNotFound();
  if (target.id === actorId) throw ParleyError.invalidMessage('moderate', 'you cannot do that to yourself');
  return target;
}

function roomGone(): never {
  throw new ParleyError('not-in-room', 'This room no longer exists.');
}
