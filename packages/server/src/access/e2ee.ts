import { ParleyError } from '@parley/protocol';
import type { RoomState } from '../rooms/RoomState.js';

/*
 * End-to-end encryption of a room's media (SFrame, RFC 9605), where the server can enforce it.
 * The keys never reach the server, so what it guards is who is in the room and what is done
 * with the media: software that cannot encrypt (the Node SDK, the `parley` CLI, load bots) would
 * send and expect plain media, so an encrypted room keeps it out and cannot be turned on around
 * it; and a server recording of encrypted media could never be played, so the two exclude each
 * other. Each rule runs inside a store change, atomically with the room it reads.
 */

/** Whether a joiner may enter the room as it is now, given whether its software encrypts: the refusal, or null. */
export function e2eeAdmission(room: RoomState, encryptsMedia: boolean): ParleyError | null {
  if (!room.e2ee || encryptsMedia) return null;
  return new ParleyError(
    'e2ee-unsupported',
    "This meeting's media is end-to-end encrypted, and this software cannot encrypt it. The host can turn encryption off to let it in.",
  );
}

/**
 * The host's switch. Turning it on is refused while a recording is under way or someone present
 * cannot encrypt (they would be left sending what nobody else could read, and unable to read
 * anyone); turning it off always succeeds. Throws the refusal.
 */
export function setE2ee(room: RoomState, enabled: boolean): void {
  if (enabled && !room.e2ee) {
    if (room.recording) {
      throw new ParleyError(
        'forbidden',
        'Stop the recording first: the server cannot record end-to-end encrypted media, so encryption stays off while it records.',
        { details: { action: 'e2ee', reason: 'recording' } },
      );
    }
    const unable = room.members().filter((member) => !member.encryptsMedia);
    if (unable.length > 0) {
      throw new ParleyError(
        'e2ee-unsupported',
        `${listed(unable.map((member) => member.name))} software that cannot encrypt media end to end: turn encryption on once ${unable.length === 1 ? 'they have' : 'they have all'} left.`,
        { details: { participants: unable.map((member) => member.id).join(',') } },
      );
    }
  }
  room.e2ee = enabled;
}

/** Who cannot encrypt, for the host to read: "Ada uses", "Ada and Bo use", "Ada, Bo, Cy and 4 others use". */
function listed(names: readonly string[]): string {
  if (names.length === 1) return `${names[0]} uses`;
  const shown = names.length > 4 ? [...names.slice(0, 3), `${names.length - 3} others`] : names;
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)} use`;
}

/** A recording may not start while the room is encrypted (checked before anything is asked of Janus). */
export function e2eeRecordingRefusal(room: RoomState): ParleyError | null {
  if (!room.e2ee) return null;
  return new ParleyError(
    'e2ee-on',
    'The meeting is end-to-end encrypted, so the server cannot record it. Turn end-to-end encryption off first.',
  );
}
