/**
 * HKDF (RFC 5869) built from WebCrypto's HMAC. §4.4.2 extracts `sframe_secret` once and expands it
 * twice, under two labels; WebCrypto's own HKDF only offers extract and expand fused, which gives
 * the same key and salt but never shows `sframe_secret`, the value RFC 9605 Appendix C.3 lists
 * for checking. Doing the two steps by hand keeps the code shaped like the RFC's pseudocode.
 */
import { concat } from './bytes.js';
import { type HashName, hmac, importHmacKey } from './hmac.js';

export type { HashName } from './hmac.js';

const HASH_LENGTH: Record<HashName, number> = { 'SHA-256': 32, 'SHA-512': 64 };

/**
 * HKDF-Extract(salt, IKM) = HMAC(salt, IKM) (RFC 5869 §2.2). SFrame extracts with an empty salt.
 * WebCrypto refuses an HMAC key of length zero, so an empty salt is given as Nh zero bytes
 * instead: HMAC pads every key shorter than a block with zeros (RFC 2104 §2), so both are the
 * same key, and RFC 5869 names exactly this string as the salt when none is provided.
 */
export async function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const key = salt.length > 0 ? salt : new Uint8Array(HASH_LENGTH[hash]);
  return hmac(await importHmacKey(hash, key), ikm);
}

/**
 * HKDF-Expand(PRK, info, L) (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) || info || i), output the
 * first L bytes of T(1) || T(2) || …
 */
export async function hkdfExpand(hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const hashLength = HASH_LENGTH[hash];
  if (!Number.isInteger(length) || length < 0 || length > 255 * hashLength) {
    throw new RangeError(`HKDF-Expand cannot produce ${length} bytes with ${hash}`);
  }
  const key = await importHmacKey(hash, prk);
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, filled = 0; filled < length; i++) {
    const block = await hmac(key, concat(previous, info, Uint8Array.of(i)));
    out.set(block.subarray(0, Math.min(block.length, length - filled)), filled);
    filled += block.length;
    previous = block;
  }
  return out;
}
