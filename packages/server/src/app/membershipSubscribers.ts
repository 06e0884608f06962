import type { Logger } from 'pino';
import type { Membership } from '../membership/Membership.js';
import type { Sessions } from '../membership/sessions.js';
import type { SignalRelay } from '../relay/SignalRelay.js';
import type { RoomRecorder } from '../sfu/recording/RoomRecorder.js';
import type { SfuBridge } from '../sfu/SfuBridge.js';

/**
 * Who holds something of a participant, and lets go of it when they leave (whatever the way
 * out: see Membership.remove): the signal counters, the SFU session, the recording of an emptied
 * room, and the host role passed on (everyone hears it, with fresh resume tokens). The SFU
 * session also follows a participant to a new connection.
 */
export function subscribeToMembership(parts: {
  membership: Membership;
  sessions: Sessions;
  relay: SignalRelay;
  sfu: SfuBridge | null;
  recorder: RoomRecorder | null;
  log: Logger;
}): void {
  const { membership, sessions, relay, sfu, recorder, log } = parts;
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
    sfu?.participantLeft(roomId, participant.id, roomEmpty).catch((error: unknown) => log.warn({ err: error }, 'sfu leave failed'));
    if (roomEmpty) recorder?.roomEmptied(roomId).catch((error: unknown) => log.warn({ err: error }, 'recording stop failed'));
    if (hostChanged) sessions.announce(roomId).catch((error: unknown) => log.warn({ err: error }, 'host change not announced'));
  });
}
