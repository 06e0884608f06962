/**
 * The SFrame cipher suites of §4.5 with their identifiers from the IANA "SFrame Cipher Suites"
 * registry (§8.1). All five are implemented: AES-GCM directly through WebCrypto, and the
 * AES-CTR + HMAC suites through the construction of §4.5.1 (see aesCtrHmac.ts).
 */
import { UnsupportedCipherSuiteError } from './errors.js';

/** A registered suite identifier (§8.1). 0x0000 is reserved and 0xF000-0xFFFF are private use. */
export type CipherSuiteId = 0x0001 | 0x0002 | 0x0003 | 0x0004 | 0x0005;

/** How a suite encrypts: the compound AEAD of §4.5.1, or AES-GCM (RFC 5116). */
export type AeadKind = 'AES-CTR-HMAC' | 'AES-GCM';

/** One row of the table in §4.5: the sizes, in bytes, that the rest of the protocol uses. */
export interface CipherSuite {
  readonly id: CipherSuiteId;
  readonly name: string;
  readonly aead: AeadKind;
  /** The hash of HKDF (§4.4.2) and, for AES-CTR + HMAC, of the tag. */
  readonly hash: 'SHA-256' | 'SHA-512';
  /** `Hash.Nh`: the hash's output size. */
  readonly nh: number;
  /** `AEAD.Nka`: the AES key inside the compound key of §4.5.1; undefined for AES-GCM. */
  readonly nka: number | undefined;
  /** `AEAD.Nk`: the size of `sframe_key`. For §4.5.1 it is Nka + Nh (encryption and MAC keys). */
  readonly nk: number;
  /** `AEAD.Nn`: the nonce size, also the size of `sframe_salt`. */
  readonly nn: number;
  /** `AEAD.Nt`: the tag, which is all the AEAD adds to the plaintext. */
  readonly nt: number;
}

function suite(value: CipherSuite): CipherSuite {
  return Object.freeze(value);
}

export const AES_128_CTR_HMAC_SHA256_80 = suite({
  id: 0x0001,
  name: 'AES_128_CTR_HMAC_SHA256_80',
  aead: 'AES-CTR-HMAC',
  hash: 'SHA-256',
  nh: 32,
  nka: 16,
  nk: 48,
  nn: 12,
  nt: 10,
});

export const AES_128_CTR_HMAC_SHA256_64 = suite({
  id: 0x0002,
  name: 'AES_128_CTR_HMAC_SHA256_64',
  aead: 'AES-CTR-HMAC',
  hash: 'SHA-256',
  nh: 32,
  nka: 16,
  nk: 48,
  nn: 12,
  nt: 8,
});

export const AES_128_CTR_HMAC_SHA256_32 = suite({
  id: 0x0003,
  name: 'AES_128_CTR_HMAC_SHA256_32',
  aead: 'AES-CTR-HMAC',
  hash: 'SHA-256',
  nh: 32,
  nka: 16,
  nk: 48,
  nn: 12,
  nt: 4,
});

export const AES_128_GCM_SHA256_128 = suite({
  id: 0x0004,
  name: 'AES_128_GCM_SHA256_128',
  aead: 'AES-GCM',
  hash: 'SHA-256',
  nh: 32,
  nka: undefined,
  nk: 16,
  nn: 12,
  nt: 16,
});

export const AES_256_GCM_SHA512_128 = suite({
  id: 0x0005,
  name: 'AES_256_GCM_SHA512_128',
  aead: 'AES-GCM',
  hash: 'SHA-512',
  nh: 64,
  nka: undefined,
  nk: 32,
  nn: 12,
  nt: 16,
});

/** Every suite this package implements, by identifier. */
export const CIPHER_SUITES: ReadonlyMap<number, CipherSuite> = new Map(
  [AES_128_CTR_HMAC_SHA256_80, AES_128_CTR_HMAC_SHA256_64, AES_128_CTR_HMAC_SHA256_32, AES_128_GCM_SHA256_128, AES_256_GCM_SHA512_128].map(
    (s) => [s.id, s],
  ),
);

/**
 * The suite with this identifier. Throws {@link UnsupportedCipherSuiteError} for the reserved
 * value, private-use values and anything unregistered: the identifier usually comes from
 * negotiation, so a bad one is reported as data, not as a programming error.
 */
export function getCipherSuite(id: number): CipherSuite {
  const found = CIPHER_SUITES.get(id);
  if (!found) throw new UnsupportedCipherSuiteError(id);
  return found;
}
