import { AES_128_GCM_SHA256_128, SFrameReceiver, SFrameSender, type CipherSuiteId } from '@parley/sframe';
import { FrameDecryptor, FrameEncryptor } from './FrameCipher.js';
import { STREAM_SLOTS, streamKeyId } from './streamSlots.js';

export { STREAM_SLOTS, StreamSlot, streamKeyId } from './streamSlots.js';

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
 * and the sending keys of everyone it hears, each known by its KID. Each stream's frames are
 * encrypted with its slot's `encryptor`, and all are decrypted with `decryptor`; a frame under a
 * KID nobody gave is dropped and counted there.
 */
export class E2eeKeyring {
  readonly suite: CipherSuiteId;
  readonly decryptor: FrameDecryptor;
  readonly #receiver: SFrameReceiver;
  #sending: SendingKey;
  /** The encryptor of each slot asked for so far; a rotation moves them all to the new key. */
  readonly #encryptors = new Map<number, FrameEncryptor>();
  /** Whose each received sending key is, by its KID (the stream KIDs derive from it). */
  readonly #owners = new Map<bigint, string>();

  static async create(suite: CipherSuiteId = AES_128_GCM_SHA256_128.id): Promise<E2eeKeyring> {
    return new E2eeKeyring(suite, newSendingKey(new Set()));
  }

  private constructor(suite: CipherSuiteId, key: SendingKey) {
    this.suite = suite;
    this.#sending = key;
    this.#receiver = new SFrameReceiver({ cipherSuite: suite });
    this.decryptor = new FrameDecryptor(this.#receiver);
  }

  /** The key frames are sent under now: what each other participant is given. */
  get sendingKey(): SendingKey {
    return this.#sending;
  }

  /** What encrypts the frames of the stream in `slot`, under the current sending key. */
  async encryptor(slot: number): Promise<FrameEncryptor> {
    assertSlot(slot);
    for (;;) {
      const known = this.#encryptors.get(slot);
      if (known) return known;
      const key = this.#sending;
      const sender = await this.#sender(key, slot);
      // Another call made one meanwhile (keep the first, so a slot has one counter), or a rotation
      // came while this one was made under the key before it: look again.
      if (this.#encryptors.has(slot) || key !== this.#sending) continue;
      const made = new FrameEncryptor(sender);
      this.#encryptors.set(slot, made);
      return made;
    }
  }

  /**
   * Makes a new sending key and sends every stream under it from the next frame on. Give it to
   * the others before calling `rotate` where they must not miss a frame: frames under a KID they
   * do not know yet are dropped.
   */
  async rotate(): Promise<SendingKey> {
    const key = newSendingKey(new Set([this.#sending.keyId, ...this.#owners.keys()]));
    // At once, so an encryptor being made meanwhile is made under this key (see encryptor).
    this.#sending = key;
    // Until every stream is under it: one may have been added while the others were being moved.
    for (;;) {
      const stale = [...this.#encryptors].filter(([slot, encryptor]) => encryptor.keyId !== streamKeyId(key.keyId, slot));
      if (stale.length === 0) return key;
      const senders = await Promise.all(stale.map(async ([slot]) => [slot, await this.#sender(key, slot)] as const));
      if (this.#sending !== key) return key; // a later rotation moves them on
      for (const [slot, sender] of senders) this.#encryptors.get(slot)!.useSender(sender);
    }
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
      await Promise.all(slots().map((slot) => this.#receiver.addKey(streamKeyId(key.keyId, slot), key.baseKey)));
    } catch (error) {
      this.#forget(key.keyId);
      throw error;
    }
  }

  /**
   * Drops the keys `participantId` gave before `keepKeyId`: their frames under those are refused
   * from now on. Keys given after it stay (a second rotation may come before the first one's grace
   * ends). Does nothing once `keepKeyId` itself is gone.
   */
  forgetOlderKeys(participantId: string, keepKeyId: bigint): void {
    if (this.#owners.get(keepKeyId) !== participantId) return;
    // A Map iterates in insertion order: every key of theirs met before `keepKeyId` came before it.
    for (const [keyId, owner] of this.#owners) {
      if (keyId === keepKeyId) break;
      if (owner === participantId) this.#forget(keyId);
    }
  }

  /** Drops every key of someone who left: nothing they send is decrypted any more. */
  forgetParticipant(participantId: string): void {
    for (const [keyId, owner] of this.#owners) if (owner === participantId) this.#forget(keyId);
  }

  /** Who sends under the sending key `keyId`, if anyone this keyring knows. */
  ownerOf(keyId: bigint): string | undefined {
    return this.#owners.get(keyId);
  }

  #sender(key: SendingKey, slot: number): Promise<SFrameSender> {
    return SFrameSender.create({ cipherSuite: this.suite, keyId: streamKeyId(key.keyId, slot), baseKey: key.baseKey });
  }

  #forget(keyId: bigint): void {
    this.#owners.delete(keyId);
    for (const slot of slots()) this.#receiver.removeKey(streamKeyId(keyId, slot));
  }
}

function slots(): number[] {
  return Array.from({ length: STREAM_SLOTS }, (_, slot) => slot);
}

function assertSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= STREAM_SLOTS)
    throw new RangeError(`stream slot ${slot} is not 0 to ${STREAM_SLOTS - 1}`);
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
