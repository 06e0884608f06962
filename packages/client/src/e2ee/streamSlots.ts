/**
 * Each of a participant's streams (microphone, camera, screen, the screen's sound…) is sent under
 * its own KID: the sending key's KID times 8, plus the stream's slot. Frames of two streams reach
 * the receiver in no common order (audio leaves the jitter buffer long before a video frame
 * waiting for its packets), so one counter shared by both would look like replays to one replay
 * window. RFC 9605 §4.4.2 puts the KID in the key schedule, so one base key gives each slot its own key and
 * nonces.
 */
export const STREAM_SLOTS = 8;
/** The slot of each kind of stream a participant sends. */
export const StreamSlot = { microphone: 0, camera: 1, screen: 2, screenAudio: 3 } as const;
export type StreamSlot = (typeof StreamSlot)[keyof typeof StreamSlot];

/** The KID frames of `slot` are sent under, with the sending key `keyId`. */
export function streamKeyId(keyId: bigint, slot: number): bigint {
  return keyId * BigInt(STREAM_SLOTS) + BigInt(slot);
}
