/**
 * The compound AEAD of §4.5.1 for suites 0x0001-0x0003: AES-CTR encryption, then an HMAC over
 * the lengths, the nonce, the AAD and the ciphertext, truncated to Nt bytes (encrypt-then-MAC, as
 * in SRTP). §4.5.1 defines it to allow very short tags (10, 8 or 4 bytes), for media such as
 * audio whose frames are so small that a 16-byte tag is a large share of each one.
 */
import { type Aead } from './aead.js';
import { concat, constantTimeEqual, encodeBigEndian, toBufferSource } from './bytes.js';
import { type CipherSuite } from './cipherSuites.js';
import { AuthenticationError, TruncatedFrameError } from './errors.js';
import { hmac, importHmacKey } from './hmac.js';

/** `derive_subkeys(sframe_key)` of §4.5.1: the first Nka bytes encrypt, the remaining Nh bytes authenticate. */
export function deriveSubkeys(suite: CipherSuite, key: Uint8Array): { encKey: Uint8Array; authKey: Uint8Array } {
  const nka = suite.nka;
  if (nka === undefined) throw new RangeError(`${suite.name} is not an AES-CTR + HMAC suite`);
  return { encKey: key.subarray(0, nka), authKey: key.subarray(nka) };
}

/**
 * `compute_tag` of §4.5.1: HMAC(auth_key, len(aad) || len(ct) || Nt || nonce || aad || ct), each
 * length an 8-byte big-endian integer, cut to the first Nt bytes. The lengths up front keep the
 * boundary between AAD and ciphertext from sliding, and with Nt in the input, tags of different
 * lengths are computed over different data rather than being truncations of one another.
 */
async function computeTag(suite: CipherSuite, authKey: CryptoKey, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Promise<Uint8Array> {
  const authData = concat(
    encodeBigEndian(BigInt(aad.length), 8),
    encodeBigEndian(BigInt(ct.length), 8),
    encodeBigEndian(BigInt(suite.nt), 8),
    nonce,
    aad,
    ct,
  );
  const tag = await hmac(authKey, authData);
  return tag.subarray(0, suite.nt);
}

export async function importAesCtrHmac(suite: CipherSuite, key: Uint8Array): Promise<Aead> {
  const { encKey, authKey } = deriveSubkeys(suite, key);
  const aesKey = await crypto.subtle.importKey('raw', toBufferSource(encKey), 'AES-CTR', false, ['encrypt', 'decrypt']);
  const macKey = await importHmacKey(suite.hash, authKey);

  /**
   * AES-CTR with the initial counter block `nonce || 0x00000000` (§4.5.1). WebCrypto increments
   * the low `length` bits of the block, here the 32 appended ones: room for 2^32 blocks (64 GiB),
   * far beyond a media frame, and WebCrypto refuses rather than wraps past that.
   */
  async function aesCtr(nonce: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    if (nonce.length !== 12) throw new RangeError('AES-CTR + HMAC takes a 12-byte nonce');
    const counter = concat(nonce, new Uint8Array(4));
    return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CTR', counter, length: 32 }, aesKey, toBufferSource(data)));
  }

  return {
    async encrypt(nonce, aad, plaintext) {
      const ct = await aesCtr(nonce, plaintext);
      const tag = await computeTag(suite, macKey, nonce, aad, ct);
      return concat(ct, tag);
    },
    async decrypt(nonce, aad, ciphertext) {
      if (ciphertext.length < suite.nt) throw new TruncatedFrameError('SFrame ciphertext is shorter than its tag');
      const split = ciphertext.length - suite.nt;
      const innerCt = ciphertext.subarray(0, split);
      const tag = ciphertext.subarray(split);
      // The tag is checked before anything is decrypted: a forged frame never reaches AES.
      const expected = await computeTag(suite, macKey, nonce, aad, innerCt);
      if (!constantTimeEqual(tag, expected)) throw new AuthenticationError('SFrame authentication failed');
      return aesCtr(nonce, innerCt);
    },
  };
}
