/**
 * The sending side of an SFrame context (§4.4.1): one `base_key` under one KID, used only to
 * encrypt, with the next CTR to use. A new key means a new SFrameSender with a new KID; a sender
 * never changes key, so it can never restart a counter under a key it already used.
 */
import { assertUint64, MAX_UINT64 } from './bytes.js';
import { type CipherSuite, type CipherSuiteId, getCipherSuite } from './cipherSuites.js';
import { CounterExhaustedError } from './errors.js';
import { createKeyContext, encryptFrame, type KeyContext } from './frameCrypto.js';

export interface SFrameSenderOptions {
  /** The suite agreed for this stream (§4.5). */
  readonly cipherSuite: CipherSuiteId;
  /** The KID that receivers know this sender's key by (§4.4.1); 0 to 2^64 - 1. */
  readonly keyId: bigint;
  /**
   * The secret `base_key` of this KID. It must be used to encrypt by this sender only: two
   * senders with one key would repeat (key, nonce) pairs (§4.4.1).
   */
  readonly baseKey: Uint8Array;
  /**
   * The last counter this sender may use, 2^64 - 1 by default (the largest CTR a header can
   * carry). A smaller limit bounds how much is encrypted under one key; past it `encrypt` throws
   * CounterExhaustedError and the application must move to a new key.
   */
  readonly maxCounter?: bigint;
}

/** Encrypts frames under one KID with a counter that starts at 0 and never repeats. */
export class SFrameSender {
  /** The next counter to use; one past `maxCounter` once they are all used. */
  #next = 0n;
  readonly #key: KeyContext;
  /** The last counter this sender may use. */
  readonly maxCounter: bigint;

  private constructor(key: KeyContext, maxCounter: bigint) {
    this.#key = key;
    this.maxCounter = maxCounter;
  }

  /** Derives the key and salt of `keyId` (§4.4.2) and returns a sender whose first frame has CTR 0. */
  static async create(options: SFrameSenderOptions): Promise<SFrameSender> {
    const suite = getCipherSuite(options.cipherSuite);
    assertUint64(options.keyId, 'key id');
    const maxCounter = options.maxCounter ?? MAX_UINT64;
    assertUint64(maxCounter, 'maxCounter');
    return new SFrameSender(await createKeyContext(suite, options.keyId, options.baseKey), maxCounter);
  }

  get keyId(): bigint {
    return this.#key.keyId;
  }

  get cipherSuite(): CipherSuite {
    return this.#key.suite;
  }

  /** The CTR the next call to `encrypt` will use. */
  get nextCounter(): bigint {
    return this.#next;
  }

  /**
   * Encrypts one frame (§4.4.3) and returns the SFrame ciphertext: header, encrypted frame, tag.
   * `metadata` is authenticated but not carried: the receiver must supply the same bytes.
   *
   * The counter is taken before the first `await`, so frames encrypted concurrently get distinct
   * counters, and it is spent even if encryption then fails: a counter is never used twice, at
   * the price of a gap that the receiver's window tolerates. (§4.4.1 speaks of incrementing after
   * a successful encryption; with asynchronous encryption, doing it first is what keeps the CTR
   * unique.) Throws CounterExhaustedError once `maxCounter` has been used.
   */
  async encrypt(frame: Uint8Array, metadata: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    const counter = this.#next;
    if (counter > this.maxCounter) {
      throw new CounterExhaustedError(`key id 0x${this.#key.keyId.toString(16)} has used all its counters; a new key is needed`);
    }
    this.#next = counter + 1n;
    return encryptFrame(this.#key, counter, metadata, frame);
  }
}
