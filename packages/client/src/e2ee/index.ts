/**
 * End-to-end encryption of media with SFrame (RFC 9605): the participant's identity and the
 * room's safety code, its keys, and the cipher that encoded-frame transforms run.
 */
export { clearPrefixLength, type EncodedFrameKind } from './clearPrefix.js';
export { FrameDecryptor, FrameEncryptor, type DecryptCounts } from './FrameCipher.js';
export { E2eeIdentity, verifyLinkBinding } from './identity.js';
export { E2eeKeyring, STREAM_SLOTS, StreamSlot, streamKeyId, type SendingKey } from './E2eeKeyring.js';
export { safetyCode } from './safetyCode.js';
export { serveFrameTransforms, type EncodedFrame, type FrameWorkerScope, type ScriptTransformer } from './frameTransforms.js';
export type { FrameTransformOptions, FrameWorkerCounts, FromFrameWorker, ToFrameWorker } from './frameWorkerProtocol.js';
export { LinkKeyExchange, type KeyChannel, type LinkFingerprints, type LinkKeyExchangeEvents } from './LinkKeyExchange.js';
export { FrameWorkerClient, type FrameWorkerPort } from './FrameWorkerClient.js';
export { E2eeHub, type E2eeHubEvents, type E2eeRoom } from './E2eeHub.js';
