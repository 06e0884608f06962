/**
 * `@parley/sframe`: SFrame (RFC 9605), end-to-end authenticated encryption of media frames,
 * over WebCrypto so that it runs in browsers and in Node 20 alike.
 *
 * An application makes one {@link SFrameSender} per key it sends under, and one
 * {@link SFrameReceiver} holding the keys of everyone it hears. How keys reach the participants
 * (§5) and how frames reach these objects (e.g. WebRTC encoded transforms) are outside this
 * package.
 *
 * @example
 * ```ts
 * const sender = await SFrameSender.create({ cipherSuite: 0x0004, keyId: 1n, baseKey });
 * const receiver = new SFrameReceiver({ cipherSuite: 0x0004 });
 * await receiver.addKey(1n, baseKey);
 * const { plaintext } = await receiver.decrypt(await sender.encrypt(frame));
 * ```
 *
 * @packageDocumentation
 */
export { SFrameSender, type SFrameSenderOptions } from './SFrameSender.js';
export { SFrameReceiver, type SFrameReceiverOptions, type DecryptedFrame } from './SFrameReceiver.js';
export {
  AES_128_CTR_HMAC_SHA256_80,
  AES_128_CTR_HMAC_SHA256_64,
  AES_128_CTR_HMAC_SHA256_32,
  AES_128_GCM_SHA256_128,
  AES_256_GCM_SHA512_128,
  CIPHER_SUITES,
  getCipherSuite,
  type AeadKind,
  type CipherSuite,
  type CipherSuiteId,
} from './cipherSuites.js';
export { decodeHeader, encodeHeader, MAX_HEADER_LENGTH, type DecodedHeader, type SFrameHeader } from './header.js';
export { DEFAULT_REPLAY_WINDOW } from './replayWindow.js';
export {
  AuthenticationError,
  CounterExhaustedError,
  MalformedHeaderError,
  ReplayError,
  SFrameError,
  TruncatedFrameError,
  UnknownKeyIdError,
  UnsupportedCipherSuiteError,
  type ReplayReason,
  type SFrameErrorCode,
} from './errors.js';
