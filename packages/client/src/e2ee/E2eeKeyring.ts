import { AES_128_GCM_SHA256_128, SFrameReceiver, SFrameSender, type CipherSuiteId } from '@parley/sframe';
import { FrameDecryptor, FrameEncryptor } from './FrameCipher.js';

/** A sending key as it is given to the others: its KID and its base key (RFC 9605 §4.4.1). */
export interface SendingKey {
  readonly keyId: bigint;
  readonly baseKey: Uint8Array;
}

/** RFC 9605 §4.4.2 derives the AEAD key and salt from the base key with HKDF; 32 random bytes give any suite its full strength. */
const BASE_KEY_BYTES = 32;

/**
 * One participant's keys: its own sending key (a new KID and base key on every rotation, so
 * someone who left cannot read what follows, and someone who joined cannot read what came before)
 * and the sending keys of everyone it hears, each known by its KID. Frames are encrypted with
 * `encryptor` and decrypted with `decryptor`; a frame under a KID nobody gave is dropped and
 * counted there.
 */
export class E2eeKeyring {
  readonly suite: CipherSuiteId;
  readonly encryptor: FrameEncryptor;
  readonly decryptor: FrameDecryptor;
  readonly #receiver: SFrameReceiver;
  #sending: SendingKey;
  /** Whose each received KID is. */
  readonly #owners = new Map<bigint, string>();

  static async create(suite: CipherSuiteId = AES_128_GCM_SHA256_128.id): Promise<E2eeKeyring> {
    const key = newSendingKey(new Set());
    const sender = await SFrameSender.create({ cipherSuite: suite, ...key });
    return new E2eeKeyring(suite, key, sender);
  }

  private constructor(suite: CipherSuiteId, key: SendingKey, sender: SFrameSender) {
    this.suite = suite;
    this.#sending = key;
    this.encryptor = new FrameEncryptor(sender);
    this.#receiver = new SFrameReceiver({ cipherSuite: suite });
    this.decryptor = new FrameDecryptor(this.#receiver);
  }

  /** The key frames are sent under now: what each other participant is given. */
  get sendingKey(): SendingKey {
    return this.#sending;
  }

  /**
   * Makes a new sending key and sends under it from the next frame on. Give it to the others
   * before calling `rotate` where they must not miss a frame: frames under a KID they do not know
   * yet are dropped.
   */
  async rotate(): Promise<SendingKey> {
    const key = newSendingKey(new Set([this.#sending.keyId, ...this.#owners.keys()]));
    this.encryptor.useSender(await SFrameSender.create({ cipherSuite: this.suite, ...key }));
    this.#sending = key;
    return key;
  }

  /**
   * A key `participantId` sends under. Their earlier keys stay until `forgetOlderKeys`, so frames
   * still in flight under them are not lost. A KID already held by someone else is refused: it
   * would let one participant's frames pass as another's.
   */
  async addKey(participantId: string, key: SendingKey): Promise<void> {
    const owner = this.#owners.get(key.keyId);
    if (owner === participantId) return; // given twice (a resend after a reconnection)
    if (owner !== undefined || key.keyId === this.#sending.keyId) {
      throw new RangeError(`key id 0x${key.keyId.toString(16)} is already in use in this room`);
    }
    this.#owners.set(key.keyId, participantId);
    try {
      await this.#receiver.addKey(key.keyId, key.baseKey);
    } catch (error) {
      this.#owners.delete(key.keyId);
      throw error;
    }
  }

  /** Drops every key of `participantId` but `keepKeyId`: their frames under older keys are refused from now on. */
  forgetOlderKeys(participantId: string, keepKeyId: bigint): void {
    for (const [keyId, owner] of this.#owners) {
      if (owner === participantId && keyId !== keepKeyId) this.#forget(keyId);
    }
  }

  /** Drops every key of someone who left: nothing they send is decrypted any more. */
  forgetParticipant(participantId: string): void {
    for (const [keyId, owner] of this.#owners) if (owner === participantId) this.#forget(keyId);
  }

  /** Who sends under `keyId`, if anyone this keyring knows. */
  ownerOf(keyId: bigint): string | undefined {
    return this.#owners.get(keyId);
  }

  #forget(keyId: bigint): void {
    this.#owners.delete(keyId);
    this.#receiver.removeKey(keyId);
  }
}

/**
 * A random base key under a random 32-bit KID not in `taken`. Random KIDs need no coordination
 * between participants; 32 bits keep the header short (RFC 9605 §4.3: 4 bytes of KID) and make a
 * clash rare, and `addKey` refuses one that happens anyway.
 */
function newSendingKey(taken: ReadonlySet<bigint>): SendingKey {
  const baseKey = crypto.getRandomValues(new Uint8Array(BASE_KEY_BYTES));
  for (;;) {
    const keyId = BigInt(crypto.getRandomValues(new Uint32Array(1))[0]!);
    if (!taken.has(keyId)) return { keyId, baseKey };
  }
}
