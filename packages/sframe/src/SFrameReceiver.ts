/**
 * The receiving side of an SFrame context (§4.4.1, §4.4.4): the keys of every sender it may hear,
 * by KID, each used only to decrypt, and a replay window per KID.
 */
import { assertUint64 } from './bytes.js';
import { type CipherSuite, type CipherSuiteId, getCipherSuite } from './cipherSuites.js';
import { ReplayError, TruncatedFrameError, UnknownKeyIdError } from './errors.js';
import { createKeyContext, decryptFrame, type KeyContext } from './frameCrypto.js';
import { decodeHeader } from './header.js';
import { assertWindowSize, DEFAULT_REPLAY_WINDOW, ReplayWindow } from './replayWindow.js';

export interface SFrameReceiverOptions {
  /** The suite agreed for the streams this receiver decrypts (§4.5). */
  readonly cipherSuite: CipherSuiteId;
  /** How many counters below the highest accepted one each KID's replay window remembers; 128 by default. */
  readonly replayWindow?: number;
}

/** A frame that decrypted, with the header values it came under. */
export interface DecryptedFrame {
  readonly plaintext: Uint8Array;
  readonly keyId: bigint;
  readonly counter: bigint;
}

interface KeyEntry {
  readonly key: KeyContext;
  readonly replay: ReplayWindow;
}

/** Decrypts SFrame ciphertexts under the keys it has been given. */
export class SFrameReceiver {
  readonly cipherSuite: CipherSuite;
  readonly #windowSize: number;
  readonly #keys = new Map<bigint, KeyEntry>();
  /** KIDs whose key is being derived, with a token naming that derivation. */
  readonly #pending = new Map<bigint, symbol>();

  constructor(options: SFrameReceiverOptions) {
    this.cipherSuite = getCipherSuite(options.cipherSuite);
    this.#windowSize = options.replayWindow ?? DEFAULT_REPLAY_WINDOW;
    assertWindowSize(this.#windowSize);
  }

  /**
   * Adds the `base_key` of `keyId` (§4.4.1) and resolves once frames under it can be decrypted.
   * The KID must not have a key already: a KID names one key (§4.4.1), and a receiver that let a
   * key be replaced in place would also forget which counters it had accepted. To rotate, add the
   * new key under a new KID, then remove the old one once its frames stop arriving.
   */
  async addKey(keyId: bigint, baseKey: Uint8Array): Promise<void> {
    assertUint64(keyId, 'key id');
    if (this.#keys.has(keyId) || this.#pending.has(keyId)) {
      throw new RangeError(`key id 0x${keyId.toString(16)} already has a key; remove it first`);
    }
    const token = Symbol();
    this.#pending.set(keyId, token);
    let key: KeyContext;
    try {
      key = await createKeyContext(this.cipherSuite, keyId, baseKey);
    } catch (error) {
      if (this.#pending.get(keyId) === token) this.#pending.delete(keyId);
      throw error;
    }
    // A removeKey while the key was being derived cancels this addition.
    if (this.#pending.get(keyId) !== token) return;
    this.#pending.delete(keyId);
    this.#keys.set(keyId, { key, replay: new ReplayWindow(this.#windowSize) });
  }

  /**
   * Forgets the key of `keyId` (and one still being added), with the counters it accepted. Frames
   * under it then fail with UnknownKeyIdError. Returns whether there was a key. A KID added again
   * later starts with an empty replay window, so giving it the same base key again would let
   * its old frames be replayed: a new key gets a new KID.
   */
  removeKey(keyId: bigint): boolean {
    const wasPending = this.#pending.delete(keyId);
    return this.#keys.delete(keyId) || wasPending;
  }

  hasKey(keyId: bigint): boolean {
    return this.#keys.has(keyId);
  }

  /** The KIDs that frames can be decrypted under now. */
  get keyIds(): bigint[] {
    return [...this.#keys.keys()];
  }

  /**
   * Decrypts one SFrame ciphertext (§4.4.4). `metadata` must be the bytes the sender gave to
   * `encrypt`. Every failure is an SFrameError, which the caller drops and counts by `code`:
   * TruncatedFrameError, MalformedHeaderError, UnknownKeyIdError, ReplayError or
   * AuthenticationError.
   *
   * The replay window is consulted before decryption, to drop replays cheaply, and updated only
   * after the frame authenticated, so forged frames cannot move it. The second look also catches
   * two copies of one frame decrypted concurrently: only the first to finish is accepted.
   */
  async decrypt(sframeCiphertext: Uint8Array, metadata: Uint8Array = new Uint8Array(0)): Promise<DecryptedFrame> {
    const header = decodeHeader(sframeCiphertext);
    if (sframeCiphertext.length - header.length < this.cipherSuite.nt) {
      throw new TruncatedFrameError('SFrame ciphertext is shorter than its tag');
    }
    const entry = this.#keys.get(header.keyId);
    if (!entry) throw new UnknownKeyIdError(header.keyId);
    const early = entry.replay.check(header.counter);
    if (early) throw new ReplayError(header.keyId, header.counter, early);

    const plaintext = await decryptFrame(entry.key, header, sframeCiphertext, metadata);

    const refused = entry.replay.accept(header.counter);
    if (refused) throw new ReplayError(header.keyId, header.counter, refused);
    return { plaintext, keyId: header.keyId, counter: header.counter };
  }
}
