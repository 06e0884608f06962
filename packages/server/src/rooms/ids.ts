import { randomBytes } from 'node:crypto';

/**
 * Unguessable URL-safe ids. 18 random bytes = 144 bits, above the 128 bits that make
 * guessing a live room infeasible; base64url keeps them inside ROOM_ID_PATTERN.
 */
export function newRoomId(): string {
  return randomBytes(18).toString('base64url');
}

/** Participant ids are never shown in links, but must not be guessable either. */
export function newParticipantId(): string {
  return randomBytes(16).toString('base64url');
}
