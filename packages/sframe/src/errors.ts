/**
 * The typed failures of SFrame. A receiver drops a frame that fails and counts it by `code`; each
 * reason is its own class so that `instanceof` and `code` agree, and none of them carries key
 * material or plaintext in its message.
 */

/** Why an SFrame operation failed. */
export type SFrameErrorCode =
  | 'truncated'
  | 'malformed-header'
  | 'unknown-key-id'
  | 'authentication-failed'
  | 'replay'
  | 'counter-exhausted'
  | 'unsupported-cipher-suite';

/** The base of every error this package throws on purpose. */
export abstract class SFrameError extends Error {
  abstract readonly code: SFrameErrorCode;
}

/** The input ended before the header, or before the authentication tag, was complete. */
export class TruncatedFrameError extends SFrameError {
  readonly code = 'truncated';
  override readonly name = 'TruncatedFrameError';
}

/**
 * The header is complete but not in the only form §4.3 allows: a KID or CTR written with more
 * bytes than its value needs, or written after the config byte although it fits in 3 bits.
 */
export class MalformedHeaderError extends SFrameError {
  readonly code = 'malformed-header';
  override readonly name = 'MalformedHeaderError';
}

/**
 * No key is known for the KID in the header. §4.4.4 lets a receiver buffer such a frame until the
 * key arrives; this package leaves that choice to its caller.
 */
export class UnknownKeyIdError extends SFrameError {
  readonly code = 'unknown-key-id';
  override readonly name = 'UnknownKeyIdError';
  constructor(readonly keyId: bigint) {
    super(`no key for key id 0x${keyId.toString(16)}`);
  }
}

/** The AEAD rejected the frame: the header, the metadata, the ciphertext or the tag was altered, or the key is wrong. */
export class AuthenticationError extends SFrameError {
  readonly code = 'authentication-failed';
  override readonly name = 'AuthenticationError';
}

/** Why the replay window refused a counter. */
export type ReplayReason = 'duplicate' | 'too-old';

/** The receiver already accepted this counter for this key id, or the counter is older than its window remembers. */
export class ReplayError extends SFrameError {
  readonly code = 'replay';
  override readonly name = 'ReplayError';
  constructor(
    readonly keyId: bigint,
    readonly counter: bigint,
    readonly reason: ReplayReason,
  ) {
    super(`counter 0x${counter.toString(16)} of key id 0x${keyId.toString(16)} refused (${reason})`);
  }
}

/** The sender has used every counter it may use with its key; it needs a new key (and key id). */
export class CounterExhaustedError extends SFrameError {
  readonly code = 'counter-exhausted';
  override readonly name = 'CounterExhaustedError';
}

/** The cipher suite is not one of those this package implements. */
export class UnsupportedCipherSuiteError extends SFrameError {
  readonly code = 'unsupported-cipher-suite';
  override readonly name = 'UnsupportedCipherSuiteError';
  constructor(readonly cipherSuite: number) {
    super(`unsupported SFrame cipher suite 0x${cipherSuite.toString(16).padStart(4, '0')}`);
  }
}
