/** HMAC (RFC 2104) through WebCrypto, for HKDF (§4.4.2) and for the tag of §4.5.1. */
import { toBufferSource } from './bytes.js';

export type HashName = 'SHA-256' | 'SHA-512';

/** Imports an HMAC key once, so that each frame's tag costs one `sign` and no import. */
export async function importHmacKey(hash: HashName, key: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', toBufferSource(key), { name: 'HMAC', hash }, false, ['sign']);
}

/** HMAC(key, data): the hash's full output. */
export async function hmac(key: CryptoKey, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, toBufferSource(data)));
}
