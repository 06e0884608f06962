/** Which of a participant's streams a sender carries (each is encrypted under its own key id). */
export type SendStream = 'microphone' | 'camera' | 'screen' | 'screenAudio';

/**
 * What runs on every encoded frame a peer connection sends and receives (end-to-end encryption,
 * e2ee/ScriptFrameTransforms.ts). Attached to each transceiver as it is made or adopted, before
 * it carries a frame; attaching one twice does nothing.
 */
export interface FrameTransforms {
  /** `sends`: the stream its sender carries, or null for a transceiver that only receives. */
  attach(transceiver: RTCRtpTransceiver, sends: SendStream | null): void;
}
