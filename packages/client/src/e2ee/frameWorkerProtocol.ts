import type { DecryptCounts } from './FrameCipher.js';
import type { SendingKey } from './E2eeKeyring.js';

/** What a sender or receiver's transform is told when it is attached (RTCRtpScriptTransform's options). */
export type FrameTransformOptions =
  /** `slot`: which of the participant's streams (StreamSlot), each under its own KID. */
  | { readonly side: 'send'; readonly kind: 'audio' | 'video'; readonly slot: number }
  | { readonly side: 'receive'; readonly kind: 'audio' | 'video' };

/** What the page asks of the frame worker; each request's answer carries its `id`. */
export type ToFrameWorker =
  /** A new sending key, used from the next frame; answered with the key, to give to the others. */
  | { type: 'rotate'; id: number }
  /** The key frames are sent under now; answered with it. */
  | { type: 'sending-key'; id: number }
  | { type: 'add-key'; id: number; participantId: string; key: SendingKey }
  | { type: 'forget-older-keys'; id: number; participantId: string; keepKeyId: bigint }
  | { type: 'forget-participant'; id: number; participantId: string }
  /**
   * Whether the room's media is encrypted now. Off: frames are sent as they are, and a received
   * frame that does not decrypt is taken as plain. The worker starts on.
   */
  | { type: 'set-encryption'; id: number; on: boolean }
  /**
   * Every video sender encodes a key frame now (webrtc-encoded-transform §4.4 generateKeyFrame):
   * someone who has just been given our key decodes from the next frame instead of asking for one.
   */
  | { type: 'key-frame'; id: number }
  /** Answered with what the receiving side decrypted and dropped, and what the sending side dropped. */
  | { type: 'counts'; id: number };

export interface FrameWorkerCounts {
  readonly received: Readonly<DecryptCounts>;
  /** Frames the sending side could not encrypt, and so never sent. */
  readonly unsent: number;
}

export type FromFrameWorker =
  | { type: 'done'; id: number }
  | { type: 'sending-key'; id: number; key: SendingKey }
  | { type: 'counts'; id: number; counts: FrameWorkerCounts }
  | { type: 'failed'; id: number; reason: string };
