/**
 * How many bytes at the start of an encoded frame stay in clear when it is encrypted. They are
 * authenticated all the same (SFrame metadata, RFC 9605 §4.4.3), so nobody can alter them unseen.
 *
 * The receiving browser reads them before the frame is decrypted: its VP8 depacketizer tells a
 * key frame from the first payload byte and the picture's size from the next nine, and its jitter
 * buffer waits for a key frame by that. Encrypted, every frame would look like a corrupt delta.
 * An SFU forwarding the frame reads no more than the RTP header and the VP8 payload descriptor
 * (RFC 7741 §4.2), which the packetizer adds after the transform and which are never encrypted.
 */

/** What kind of frame, as an encoded transform sees it (webrtc-encoded-transform §6). */
export type EncodedFrameKind = 'audio' | 'key' | 'delta' | 'empty';

/**
 * VP8's frame tag is 3 bytes; a key frame adds the start code and its width and height, 7 more
 * (RFC 6386 §9.1). Opus keeps its TOC byte (RFC 6716 §3.1), which says the frame's mode and size.
 */
const CLEAR_BYTES: Record<EncodedFrameKind, number> = { key: 10, delta: 3, audio: 1, empty: 0 };

/**
 * The clear prefix of a frame of `kind` that is `length` bytes long. A codec's frame is never
 * shorter than its prefix (an Opus frame of only its TOC byte, as in DTX, encrypts an empty rest),
 * so the receiver, applying the same rule to the longer ciphertext, finds the same prefix.
 */
export function clearPrefixLength(kind: EncodedFrameKind, length: number): number {
  return Math.min(CLEAR_BYTES[kind], length);
}
