/**
 * AES-GCM for suites 0x0004 and 0x0005 (§4.5), straight from WebCrypto. Both use the full 128-bit
 * tag and a 96-bit nonce, the sizes GCM is specified for.
 */
import { type Aead } from './aead.js';
import { toBufferSource } from './bytes.js';
import { type CipherSuite } from './cipherSuites.js';
import { AuthenticationError, TruncatedFrameError } from './errors.js';

export async function importAesGcm(suite: CipherSuite, key: Uint8Array): Promise<Aead> {
  const aesKey = await crypto.subtle.importKey('raw', toBufferSource(key), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const tagLength = suite.nt * 8;
  return {
    async encrypt(nonce, aad, plaintext) {
      const params = { name: 'AES-GCM', iv: toBufferSource(nonce), additionalData: toBufferSource(aad), tagLength };
      return new Uint8Array(await crypto.subtle.encrypt(params, aesKey, toBufferSource(plaintext)));
    },
    async decrypt(nonce, aad, ciphertext) {
      if (ciphertext.length < suite.nt) throw new TruncatedFrameError('SFrame ciphertext is shorter than its tag');
      const params = { name: 'AES-GCM', iv: toBufferSource(nonce), additionalData: toBufferSource(aad), tagLength };
      try {
        return new Uint8Array(await crypto.subtle.decrypt(params, aesKey, toBufferSource(ciphertext)));
      } catch (cause) {
        // WebCrypto reports a tag mismatch as an OperationError and nothing finer.
        throw new AuthenticationError('SFrame authentication failed', { cause });
      }
    },
  };
}
