/**
 * The key schedule of §4.4.2 and the nonce of §4.4.3: from a `base_key` and its KID to the AEAD
 * key and salt of that KID, and from the salt and a CTR to one frame's nonce.
 */
import { assertUint64, concat, encodeBigEndian } from './bytes.js';
import { type CipherSuite } from './cipherSuites.js';
import { hkdfExpand, hkdfExtract } from './hkdf.js';

/** What `derive_key_salt` computes for one KID (§4.4.2), with its intermediate secret. */
export interface DerivedKeySalt {
  /** `sframe_secret = HKDF-Extract("", base_key)`: Nh bytes. */
  readonly sframeSecret: Uint8Array;
  /** `sframe_key`: AEAD.Nk bytes. */
  readonly sframeKey: Uint8Array;
  /** `sframe_salt`: AEAD.Nn bytes. */
  readonly sframeSalt: Uint8Array;
}

const encoder = new TextEncoder();
// The labels' text prefixes, byte for byte as in §4.4.2, trailing space included.
const KEY_LABEL = encoder.encode('SFrame 1.0 Secret key ');
const SALT_LABEL = encoder.encode('SFrame 1.0 Secret salt ');

/**
 * `prefix + KID + cipher_suite`. §4.4.2 writes the KID as an 8-byte big-endian integer (not the
 * compressed form of the header) and the suite as a 2-byte big-endian integer. Binding both in
 * means one `base_key` gives unrelated keys under two KIDs or two suites.
 */
function label(prefix: Uint8Array, keyId: bigint, suite: CipherSuite): Uint8Array<ArrayBuffer> {
  assertUint64(keyId, 'key id');
  return concat(prefix, encodeBigEndian(keyId, 8), encodeBigEndian(BigInt(suite.id), 2));
}

/** `sframe_key_label` of §4.4.2. */
export function sframeKeyLabel(keyId: bigint, suite: CipherSuite): Uint8Array<ArrayBuffer> {
  return label(KEY_LABEL, keyId, suite);
}

/** `sframe_salt_label` of §4.4.2. */
export function sframeSaltLabel(keyId: bigint, suite: CipherSuite): Uint8Array<ArrayBuffer> {
  return label(SALT_LABEL, keyId, suite);
}

/**
 * `derive_key_salt(KID, base_key)` of §4.4.2, with HKDF over the suite's hash. The RFC sets no
 * length for `base_key`; an empty one can only be a mistake, so it is refused.
 */
export async function deriveKeySalt(suite: CipherSuite, keyId: bigint, baseKey: Uint8Array): Promise<DerivedKeySalt> {
  if (baseKey.length === 0) throw new RangeError('base key is empty');
  const sframeSecret = await hkdfExtract(suite.hash, new Uint8Array(0), baseKey);
  const sframeKey = await hkdfExpand(suite.hash, sframeSecret, sframeKeyLabel(keyId, suite), suite.nk);
  const sframeSalt = await hkdfExpand(suite.hash, sframeSecret, sframeSaltLabel(keyId, suite), suite.nn);
  return { sframeSecret, sframeKey, sframeSalt };
}

/**
 * The nonce of §4.4.3: `sframe_salt XOR encode_big_endian(CTR, AEAD.Nn)`, so the counter, padded
 * on the left with zeros, changes the low-order bytes of the salt. Distinct counters under one
 * key therefore give distinct nonces, which is what the AEADs require.
 */
export function formNonce(sframeSalt: Uint8Array, counter: bigint): Uint8Array<ArrayBuffer> {
  assertUint64(counter, 'counter');
  const ctr = encodeBigEndian(counter, sframeSalt.length);
  const nonce = new Uint8Array(sframeSalt.length);
  for (let i = 0; i < nonce.length; i++) nonce[i] = (sframeSalt[i] ?? 0) ^ (ctr[i] ?? 0);
  return nonce;
}
