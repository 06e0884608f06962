import type { Logger } from 'pino';
import { reopenForWaiting, tellModerators } from '../access/waitingRoom.js';
import type { ParleyServerIo } from '../io/types.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { Membership } from '../membership/Membership.js';
import type { Sessions } from '../membership/sessions.js';
import type { Reactions } from '../reactions/Reactions.js';
import type { SignalRelay } from '../relay/SignalRelay.js';
import type { RoomRecorder } from '../sfu/recording/RoomRecorder.js';
import type { SfuBridge } from '../sfu/SfuBridge.js';

/**
 * Who holds something of a participant, and lets go of it when they leave (whatever the way
 * out: see Membership.remove): the signal counters, the reaction rate limit, the SFU session, the recording of an emptied
 * room, and the host role passed on (everyone hears it, with fresh resume tokens, and the new
 * host hears who is waiting to be let in). People still waiting when the room empties are told
 * to join again. The SFU session also follows a participant to a new connection.
 */
export function subscribeToMembership(parts: {
  io: ParleyServerIo;
  store: RoomStore;
  membership: Membership;
  sessions: Sessions;
  relay: SignalRelay;
  reactions: Reactions;
  sfu: SfuBridge | null;
  recorder: RoomRecorder | null;
  log: Logger;
}): void {
  const { io, store, membership, sessions, relay, reactions, sfu, recorder, log } = parts;
  membership.on('joined', ({ roomId, participant, socket, resumed }) => {
    log.info({ socket: socket.id, room: roomId, participant: participant.id, resumed }, 'joined');
  });
  // The SFU session follows the participant to their new connection; one left behind on a
  // connection someone else's node took over ends (their client publishes afresh there).
  membership.on('reconnected', ({ participantId, socket }) => sfu?.rebind(participantId, socket));
  membership.on('superseded', ({ participantId, socket }) => {
    sfu?.superseded(participantId, socket).catch((error: unknown) => log.warn({ err: error }, 'sfu session not closed'));
  });
  membership.on('left', ({ roomId, participant, reason, roomEmpty, hostChanged }) => {
    log.info({ room: roomId, participant: participant.id, reason }, 'left');
    relay.forget(participant.id);
    reactions.forget(participant.id);
    sfu?.participantLeft(roomId, participant.id, roomEmpty).catch((error: unknown) => log.warn({ err: error }, 'sfu leave failed'));
    if (roomEmpty) recorder?.roomEmptied(roomId).catch((error: unknown) => log.warn({ err: error }, 'recording stop failed'));
    if (roomEmpty) reopenForWaiting({ io, store }, roomId);
    if (hostChanged) {
      sessions
        .announce(roomId)
        .then(() => tellModerators({ io, store }, roomId))
        .catch((error: unknown) => log.warn({ err: error }, 'host change not announced'));
    }
  });
}
