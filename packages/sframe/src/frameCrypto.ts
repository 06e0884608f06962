/**
 * SFrame encryption and decryption of one frame (§4.4.3, §4.4.4), given the key of its KID. These
 * functions take the CTR as an argument and keep no state: counters and replay are the business
 * of SFrameSender and SFrameReceiver, which are what applications use.
 */
import { type Aead } from './aead.js';
import { concat } from './bytes.js';
import { type CipherSuite } from './cipherSuites.js';
import { type DecodedHeader, encodeHeader } from './header.js';
import { importAead } from './importAead.js';
import { deriveKeySalt, formNonce } from './keys.js';

/** The `key_store[KID]` entry of §4.4.3: the AEAD under `sframe_key`, and `sframe_salt`. */
export interface KeyContext {
  readonly suite: CipherSuite;
  readonly keyId: bigint;
  readonly aead: Aead;
  readonly salt: Uint8Array;
}

/** Derives the key and salt of `keyId` from `baseKey` (§4.4.2) and imports the key. */
export async function createKeyContext(suite: CipherSuite, keyId: bigint, baseKey: Uint8Array): Promise<KeyContext> {
  const { sframeKey, sframeSalt } = await deriveKeySalt(suite, keyId, baseKey);
  return { suite, keyId, aead: await importAead(suite, sframeKey), salt: sframeSalt };
}

/**
 * `encrypt(CTR, KID, metadata, plaintext)` of §4.4.3: `header || AEAD.Encrypt(sframe_key, nonce,
 * header || metadata, plaintext)`. The header is in the AAD, so neither KID nor CTR can be
 * changed in transit; the metadata is authenticated but not sent.
 */
export async function encryptFrame(key: KeyContext, counter: bigint, metadata: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const header = encodeHeader(key.keyId, counter);
  const nonce = formNonce(key.salt, counter);
  const ciphertext = await key.aead.encrypt(nonce, concat(header, metadata), plaintext);
  return concat(header, ciphertext);
}

/**
 * `decrypt(metadata, sframe_ciphertext)` of §4.4.4 once the header is parsed and the key chosen
 * by its KID. Throws TruncatedFrameError or AuthenticationError.
 */
export async function decryptFrame(
  key: KeyContext,
  header: DecodedHeader,
  sframeCiphertext: Uint8Array,
  metadata: Uint8Array,
): Promise<Uint8Array> {
  if (header.keyId !== key.keyId) throw new RangeError('the key does not belong to this header');
  const headerBytes = sframeCiphertext.subarray(0, header.length);
  const ciphertext = sframeCiphertext.subarray(header.length);
  const nonce = formNonce(key.salt, header.counter);
  return key.aead.decrypt(nonce, concat(headerBytes, metadata), ciphertext);
}
