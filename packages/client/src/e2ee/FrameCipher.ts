import { SFrameError, type SFrameErrorCode, type SFrameReceiver, type SFrameSender } from '@parley/sframe';
import { clearPrefixLength, type EncodedFrameKind } from './clearPrefix.js';

/** What a receiving side dropped, by reason, and how many frames it decrypted. */
export type DecryptCounts = { decrypted: number } & Partial<Record<SFrameErrorCode, number>>;

/**
 * Encrypts a sender's encoded frames: the clear prefix (see clearPrefix.ts), then the SFrame
 * ciphertext of the rest with that prefix as its metadata (RFC 9605 §4.4.3: authenticated, not
 * carried twice). The sending key can change between frames (a new KID on every rotation).
 */
export class FrameEncryptor {
  #sender: SFrameSender;

  constructor(sender: SFrameSender) {
    this.#sender = sender;
  }

  /** From the next frame on, encrypt under this sender's key. */
  useSender(sender: SFrameSender): void {
    this.#sender = sender;
  }

  get keyId(): bigint {
    return this.#sender.keyId;
  }

  async encrypt(frame: ArrayBuffer, kind: EncodedFrameKind): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(frame);
    if (bytes.length === 0) return frame;
    const clear = clearPrefixLength(kind, bytes.length);
    const prefix = bytes.subarray(0, clear);
    const sealed = await this.#sender.encrypt(bytes.subarray(clear), prefix);
    const out = new Uint8Array(clear + sealed.length);
    out.set(prefix);
    out.set(sealed, clear);
    return out.buffer;
  }
}

/**
 * Decrypts received frames under the keys the receiver holds. A frame that fails (unknown KID,
 * replay, tampering, truncation) is dropped and counted, never passed on: the decoder would show
 * it as garbage. Returns null for a dropped frame.
 *
 * Replays are not only attacks: Chromium sometimes hands a receive transform the same video frame
 * twice early in a call (same RTP timestamp and SSRC, seen in probes on a loopback pair); the
 * second copy is dropped as a replay, and the decoder has the first.
 */
export class FrameDecryptor {
  readonly #receiver: SFrameReceiver;
  readonly #counts: DecryptCounts = { decrypted: 0 };

  constructor(receiver: SFrameReceiver) {
    this.#receiver = receiver;
  }

  get counts(): Readonly<DecryptCounts> {
    return this.#counts;
  }

  /**
   * The frame's plaintext, or null when it does not decrypt. With `plainAllowed` (the room's
   * encryption is off) such a frame is the sender's plain frame and comes back as it is,
   * uncounted: frames a sender still encrypted after the switch decrypt, the rest pass.
   */
  async decrypt(frame: ArrayBuffer, kind: EncodedFrameKind, plainAllowed = false): Promise<ArrayBuffer | null> {
    const bytes = new Uint8Array(frame);
    if (bytes.length === 0) return frame;
    // The sender's rule gives the same prefix here: the ciphertext is longer than the frame was.
    const clear = clearPrefixLength(kind, bytes.length);
    const prefix = bytes.subarray(0, clear);
    try {
      const { plaintext } = await this.#receiver.decrypt(bytes.subarray(clear), prefix);
      const out = new Uint8Array(clear + plaintext.length);
      out.set(prefix);
      out.set(plaintext, clear);
      this.#counts.decrypted += 1;
      return out.buffer;
    } catch (error) {
      if (!(error instanceof SFrameError)) throw error;
      if (plainAllowed) return frame;
      this.#counts[error.code] = (this.#counts[error.code] ?? 0) + 1;
      return null;
    }
  }
}
