import { randomBytes } from 'node:crypto';
import { makeMeetingCode } from '@parley/protocol';

/** A room id for "New meeting": a readable, unguessable meeting code (see protocol/meetingCode.ts). */
export function newRoomId(): string {
  return makeMeetingCode((count) => randomBytes(count));
}

/** Participant ids are never shown in links, but must not be guessable either. */
export function newParticipantId(): string {
  return randomBytes(16).toString('base64url');
}
