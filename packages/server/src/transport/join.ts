import type { Grant, JoinRequest, JoinSnapshot, RoomMode, RoomStatus, WaitingPerson } from '@parley/protocol';
import { isParleyError } from '@parley/protocol';
import { planFreshJoin, planJoin, type AccessDeps, type JoinPlan } from '../access/admission.js';
import { mayModerate } from '../access/mayModerate.js';
import { knock, knockUsed } from '../access/waitingRoom.js';
import type { ParleyServerIo, ParleySocket } from '../io/types.js';
import type { Limits } from '../limits/Limits.js';
import type { Admitted, Membership } from '../membership/Membership.js';
import type { Sessions } from '../membership/sessions.js';
import { publicInfo } from '../rooms/Participant.js';
import type { RoomRecorder } from '../sfu/recording/RoomRecorder.js';
import type { SfuBridge } from '../sfu/SfuBridge.js';
import type { IceServerProvider } from '../turn/IceServerProvider.js';

export interface JoinDeps extends AccessDeps {
  io: ParleyServerIo;
  membership: Membership;
  sessions: Sessions;
  limits: Limits;
  ice: IceServerProvider;
  sfu: SfuBridge | null;
  recorder: RoomRecorder | null;
}

/**
 * A join, end to end: the room limit, access control (tokens, password, lock, waiting room: access/), the
 * membership change (membership/), the room's media mode (a room past the mesh threshold moves
 * to the SFU), the recording indicator, and the snapshot with ICE servers and a resume token.
 */
/**
 * Admits the plan; a room whose waiting room holds this newcomer back takes a knock instead (and
 * the join is answered `waiting-for-host`). If the waiting room went off meanwhile, joins again.
 */
async function admitOrKnock(deps: JoinDeps, socket: ParleySocket, plan: JoinPlan): Promise<Admitted> {
  try {
    return await deps.membership.admit(socket, plan);
  } catch (error) {
    if (!isParleyError(error) || error.code !== 'waiting-for-host') throw error;
    await knock(deps, socket, plan.roomId, plan.name);
    return deps.membership.admit(socket, plan);
  }
}

/** A host (back after a reload, say) learns who is waiting in the snapshot; nobody else does. */
async function waitingFor(
  deps: JoinDeps,
  roomId: string,
  participant: { id: string; grants: Grant[] },
  status: RoomStatus,
): Promise<{ waiting?: WaitingPerson[]; waitingRev?: number }> {
  if (!status.waitingRoom || !mayModerate(status.hostId, participant.id, participant.grants)) return {};
  const now = await deps.store.update(roomId, (room) => ({ queue: room.waiting.queue(), rev: room.waiting.rev }));
  return now && now.queue.length > 0 ? { waiting: now.queue, waitingRev: now.rev } : {};
}

export async function join(deps: JoinDeps, socket: ParleySocket, request: JoinRequest): Promise<JoinSnapshot> {
  const refusal = await deps.limits.checkJoin(request.room);
  if (refusal) throw refusal;
  let plan = await planJoin(deps, request, Date.now(), socket.id);
  let admitted;
  try {
    admitted = await admitOrKnock(deps, socket, plan);
  } catch (error) {
    // A resume that no longer holds: join afresh, as anyone would (password, lock, access token, waiting room).
    if (!isParleyError(error) || error.code !== 'session-ended') throw error;
    plan = await planFreshJoin(deps, { ...request, resume: undefined }, Date.now(), socket.id);
    admitted = await admitOrKnock(deps, socket, plan);
  }
  const room = plan.roomId;
  if (request.knock !== undefined) await knockUsed(socket, room);
  const mode: RoomMode = deps.sfu ? await deps.sfu.afterJoin(socket, room) : 'mesh';
  deps.recorder?.tellNewcomer(socket, admitted.recording);
  // Back after a restart (the token came from another process): the host may have changed to
  // the one returning, and everyone hears it.
  if (plan.resuming && !plan.issuedHere) await deps.sessions.announce(room);
  // Also in the snapshot; sent as an event too so that socket.io has an offset to recover from
  // (connection state recovery needs at least one event received).
  socket.emit('room-status', admitted.status);
  const ice = deps.ice.forParticipant(plan.id);
  // Resumed here over a new connection: the SFU session came along (see SfuBridge.rebind).
  const sfuSession = plan.resuming ? (deps.sfu?.heldSession(plan.id, socket) ?? null) : null;
  const participant = {
    id: plan.id,
    name: plan.name,
    socketId: socket.id,
    joinedAt: plan.joinedAt,
    grants: plan.grants,
    mayHost: plan.mayHost,
    ...(plan.accessExpiresAt ? { accessExpiresAt: plan.accessExpiresAt } : {}),
    encryptsMedia: plan.encryptsMedia,
  };
  return {
    room,
    self: publicInfo(participant),
    participants: admitted.others.map(publicInfo),
    maxParticipants: deps.membership.maxParticipants,
    iceServers: ice.iceServers,
    iceTransportPolicy: ice.iceTransportPolicy,
    ...(ice.ttlSeconds ? { iceServersTtlSeconds: ice.ttlSeconds } : {}),
    resumeToken: deps.sessions.tokenFor(room, participant, { ...admitted.record, hostId: admitted.status.hostId }),
    // Others never told of a departure keep their connections to us: a resume in place.
    resumed: plan.resuming && (admitted.previous !== null || !plan.issuedHere),
    roomStatus: admitted.status,
    raisedHands: admitted.raisedHands,
    raisedHandsRev: admitted.raisedHandsRev,
    ...(admitted.breakouts ? { breakouts: admitted.breakouts, breakoutsRev: admitted.breakoutsRev } : {}),
    ...(await waitingFor(deps, room, participant, admitted.status)),
    grants: plan.grants,
    mode,
    ...(sfuSession ? { sfuSession } : {}),
  };
}
