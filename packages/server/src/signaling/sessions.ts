import type { RoomStatus } from '@parley/protocol';
import type { Participant } from '../rooms/Participant.js';
import type { SignalingDeps } from './handlers.js';
import { roomChannel } from './types.js';

/**
 * A participant's resume token, carrying what a server started afresh needs to restore the
 * room as it was: their identity and grants, whether they host, the lock and the password hash.
 */
export function sessionToken(
  deps: SignalingDeps,
  roomId: string,
  participant: Participant,
  status: RoomStatus,
  passwordHash: string | null,
): string {
  return deps.resume.issue({
    room: roomId,
    sub: participant.id,
    name: participant.name,
    joinedAt: participant.joinedAt,
    grants: participant.grants,
    mayHost: participant.mayHost,
    host: status.hostId === participant.id,
    locked: status.locked,
    ...(passwordHash ? { pw: passwordHash } : {}),
  });
}

/**
 * The room's host or lock changed: tell everyone, and hand each member a resume token that
 * says so, so the room comes back the same after a restart.
 */
export async function announceStatus(deps: SignalingDeps, roomId: string): Promise<RoomStatus | null> {
  const status = await deps.store.status(roomId);
  if (!status) return null;
  deps.io.to(roomChannel(roomId)).emit('room-status', status);
  const passwordHash = await deps.store.passwordHash(roomId);
  for (const member of await deps.store.members(roomId)) {
    deps.io.to(member.socketId).emit('session', { resumeToken: sessionToken(deps, roomId, member, status, passwordHash) });
  }
  return status;
}
