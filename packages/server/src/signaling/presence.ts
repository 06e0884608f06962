import type { RoomStatus } from '@parley/protocol';
import type { Participant } from '../rooms/Participant.js';
import { handleLeave, type SignalingDeps } from './handlers.js';
import { announceStatus } from './sessions.js';
import { roomChannel, type ParleySocket } from './types.js';

/**
 * Who is in a room as connections come and go: departures after the grace period, sockets
 * recovered by socket.io, reloaded pages evicting their old selves, older sockets retired.
 */

/**
 * The connection dropped. Said goodbye (our `disconnect()` on either side): gone now.
 * Otherwise the participant stays for the grace period, unless the same socket recovers
 * or a `resume` join takes it over on a new one (see Departures).
 */
export function handleDisconnect(deps: SignalingDeps, socket: ParleySocket, reason: string): void {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) return;
  if (reason === 'client namespace disconnect' || reason === 'server namespace disconnect') {
    handleLeave(deps, socket).catch((error: unknown) => deps.log.error({ err: error }, 'leave on disconnect failed'));
    return;
  }
  deps.departures.schedule(participantId, () => {
    void (async () => {
      const current = await deps.store.get(roomId, participantId);
      // Taken over by a newer connection meanwhile: that one speaks for the participant now.
      if (current?.socketId === socket.id) await removeParticipant(deps, roomId, participantId, 'connection lost');
    })().catch((error: unknown) => deps.log.error({ err: error }, 'departure failed'));
  });
}

/**
 * socket.io restored this socket (connection state recovery): same id, same data, same rooms,
 * missed events replayed. Still a member: cancel the departure. Gone meanwhile (the grace
 * ran out): disconnect, so the client reconnects afresh and rejoins with its resume token.
 */
export async function handleRecovered(deps: SignalingDeps, socket: ParleySocket): Promise<void> {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) return;
  deps.departures.cancel(participantId);
  const current = await deps.store.get(roomId, participantId);
  // Recovered on another node than the one that served it (that node died): serve it here.
  if (current?.socketId === socket.id && (await deps.store.adopt(roomId, participantId))) return;
  socket.data = {};
  socket.disconnect(true);
}

/**
 * Removes someone from a room and tells the others (and who hosts now, if that changed).
 * `remove` is the store change itself, for callers that remove only under a condition.
 */
export async function removeParticipant(
  deps: SignalingDeps,
  roomId: string,
  participantId: string,
  why: string,
  remove: () => Promise<Participant | null> = () => deps.store.leave(roomId, participantId),
): Promise<void> {
  const hostBefore = (await deps.store.status(roomId))?.hostId;
  const removed = await remove();
  if (!removed) return;
  // Gone for good: its counters go too (a resume keeps the id, so it keeps them until now).
  deps.sequencer.forget(participantId);
  deps.io.to(roomChannel(roomId)).emit('participant-left', { id: participantId });
  deps.sfu?.participantLeft(roomId, participantId).catch((error: unknown) => deps.log.warn({ err: error }, 'sfu leave failed'));
  if (deps.recorder && (await deps.store.members(roomId)).length === 0) {
    deps.recorder.roomEmptied(roomId).catch((error: unknown) => deps.log.warn({ err: error }, 'recording stop failed'));
  }
  if ((await deps.store.status(roomId))?.hostId !== hostBefore) await announceStatus(deps, roomId);
  deps.log.debug({ room: roomId, participant: participantId, why }, 'left');
}

/** A reloaded page's old participant: out of the room and its connection closed. Returns whether it hosted. */
export async function evict(deps: SignalingDeps, roomId: string, participantId: string): Promise<boolean> {
  const old = await deps.store.get(roomId, participantId);
  if (!old) return false;
  const hosted = (await deps.store.status(roomId))?.hostId === participantId;
  deps.departures.cancel(participantId);
  retire(deps, old.socketId);
  await removeParticipant(deps, roomId, participantId, 'replaced by a reload');
  return hosted;
}

/** The reloaded host gets the role back from whoever it passed to when the old page was evicted. */
export async function takeOverHost(deps: SignalingDeps, roomId: string, participantId: string): Promise<RoomStatus> {
  const status = await deps.store.update(roomId, (room) => {
    if (room.get(participantId)?.mayHost) room.hostId = participantId;
    return room.status();
  });
  if (status) await announceStatus(deps, roomId);
  return status ?? { hostId: null, locked: false, passwordProtected: false };
}

/** An older socket that spoke for a participant now spoken for by another: silence it. */
export function retire(deps: SignalingDeps, socketId: string): void {
  const old = deps.io.sockets.sockets.get(socketId);
  if (!old) {
    // On another node (several nodes over Redis): the adapter relays the disconnect. Its
    // data cannot be cleared from here; handleLeave there sees it no longer speaks for anyone.
    deps.io.in(socketId).disconnectSockets(true);
    return;
  }
  old.data = {};
  old.disconnect(true);
}
