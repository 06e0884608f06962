import { ParleyError, type ModerateRequest } from '@parley/protocol';
import { waitingChannel, type ParleyServerIo, type ParleySocket } from '../io/types.js';
import { addressKey } from '../limits/addressKey.js';
import type { Member } from '../membership/Membership.js';
import type { Sessions } from '../membership/sessions.js';
import type { RoomState } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import { newKnockId, turnedAwayKey, type Knock } from '../rooms/WaitingRoom.js';
import { assertMayModerate, mayModerate } from './mayModerate.js';

export interface WaitingRoomDeps {
  io: ParleyServerIo;
  store: RoomStore;
}

/** Asked of a join that must wait (see admission.ts): the room is open again, join as usual. */
export type KnockResult = 'open';

/**
 * A newcomer the room's waiting room holds back knocks: the knock joins the room's queue (kept
 * with the room, so a host on any node, or after a reload, sees it), the hosts hear the queue, and
 * the join is answered `waiting-for-host` with the knock id. The host's answer comes as an
 * `admission` event; the client then joins again with that knock, which is good once and only
 * on this connection. Returns 'open' when the waiting room was turned off (or the room emptied)
 * meanwhile: the caller joins as usual.
 */
export async function knock(deps: WaitingRoomDeps, socket: ParleySocket, roomId: string, name: string): Promise<KnockResult> {
  // One connection waits at one door: a knock on another room withdraws the first.
  if (socket.data.knock && socket.data.knock.roomId !== roomId) await withdrawKnock(deps, socket);
  const entry: Knock = {
    id: newKnockId(),
    name,
    socketId: socket.id,
    at: Date.now(),
    from: turnedAwayKey(addressKey(socket.handshake.address), name),
  };
  const outcome = await deps.store.update(roomId, (room) => (room.waiting.enabled ? room.waiting.knock(entry) : null));
  if (!outcome) return 'open';
  if (!outcome.ok && outcome.reason === 'denied') {
    throw new ParleyError('knock-denied', 'The host did not let you in. You can ask again in a minute.', {
      details: { retryAfterMs: outcome.retryAfterMs },
    });
  }
  if (!outcome.ok) throw new ParleyError('rate-limited', 'Too many people are waiting to join this room. Try again later.');
  socket.data.knock = { roomId, id: entry.id };
  await socket.join(waitingChannel(roomId));
  await tellModerators(deps, roomId);
  throw new ParleyError('waiting-for-host', 'The host lets people in: waiting for them.', { details: { knock: entry.id } });
}

/** The knocking connection gave up (left, or closed): out of the queue, and the hosts hear it. */
export async function withdrawKnock(deps: WaitingRoomDeps, socket: ParleySocket): Promise<void> {
  const knocked = socket.data.knock;
  if (!knocked) return;
  delete socket.data.knock;
  await socket.leave(waitingChannel(knocked.roomId));
  const changed = await deps.store.update(knocked.roomId, (room) => room.waiting.withdraw(socket.id));
  if (changed) await tellModerators(deps, knocked.roomId);
}

/** The join with an admitted knock went through: this connection waits no more. */
export async function knockUsed(socket: ParleySocket, roomId: string): Promise<void> {
  delete socket.data.knock;
  await socket.leave(waitingChannel(roomId));
}

/** The host's waiting-room actions, named once: the type and the check below both come from it. */
const WAITING_ROOM_ACTIONS = ['waiting-room', 'admit', 'deny', 'admit-all'] as const;
export type WaitingRoomRequest = Extract<ModerateRequest, { action: (typeof WAITING_ROOM_ACTIONS)[number] }>;

export function isWaitingRoomRequest(request: ModerateRequest): request is WaitingRoomRequest {
  return (WAITING_ROOM_ACTIONS as readonly string[]).includes(request.action);
}

/**
 * A host's answer or setting: turn the waiting room on or off (off lets everyone waiting in),
 * admit one, deny one, admit all. Each person answered hears it; the hosts hear the new queue;
 * a change of the setting is announced to everyone as the room's status.
 */
export async function answerKnocks(
  deps: WaitingRoomDeps & { sessions: Sessions },
  member: Member,
  request: WaitingRoomRequest,
): Promise<null> {
  const now = Date.now();
  const answered = await deps.store.update(member.roomId, (room) => {
    assertMayModerate(room.hostId, member.participantId, member.grants, request.action);
    switch (request.action) {
      case 'waiting-room': {
        const changed = room.waiting.enabled !== request.enabled;
        room.waiting.enabled = request.enabled;
        return { changed, admitted: request.enabled ? [] : room.waiting.admitAll(now), denied: [] };
      }
      case 'admit':
        return { changed: false, admitted: [room.waiting.admit(request.knock, now) ?? gone()], denied: [] };
      case 'deny':
        return { changed: false, admitted: [], denied: [room.waiting.deny(request.knock, now) ?? gone()] };
      case 'admit-all':
        return { changed: false, admitted: room.waiting.admitAll(now), denied: [] };
    }
  });
  if (!answered) throw new ParleyError('not-in-room', 'This room no longer exists.');
  for (const knock of answered.admitted) deps.io.to(knock.socketId).emit('admission', { outcome: 'admitted', knock: knock.id });
  for (const knock of answered.denied) deps.io.to(knock.socketId).emit('admission', { outcome: 'denied', knock: knock.id });
  if (answered.changed) await deps.sessions.announce(member.roomId);
  await tellModerators(deps, member.roomId);
  return null;
}

/** Everyone who may let people in hears who is waiting now (also after the host role moved). */
export async function tellModerators(deps: WaitingRoomDeps, roomId: string): Promise<void> {
  const now = await deps.store.update(roomId, (room) => ({
    queue: room.waiting.queue(),
    rev: room.waiting.rev,
    moderators: moderatorsOf(room),
  }));
  if (!now) return;
  for (const socketId of now.moderators) deps.io.to(socketId).emit('waiting-room', { queue: now.queue, rev: now.rev });
}

/** The meeting ended with people still waiting: each is told to join again (they start the next one). */
export function reopenForWaiting(deps: WaitingRoomDeps, roomId: string): void {
  deps.io.to(waitingChannel(roomId)).emit('admission', { outcome: 'reopened' });
}

function moderatorsOf(room: RoomState): string[] {
  return room
    .members()
    .filter((member) => mayModerate(room.hostId, member.id, member.grants))
    .map((member) => member.socketId);
}

function gone(): never {
  throw new ParleyError('peer-not-found', 'That person is no longer waiting (they left, or someone answered already).');
}
