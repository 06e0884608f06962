/**
 * The AEAD interface of §4.4 (`AEAD.Encrypt` / `AEAD.Decrypt`, after RFC 5116): the tag is part
 * of the ciphertext, not a separate field.
 */

/** An AEAD with its key already imported into WebCrypto (once per KID, not once per frame). */
export interface Aead {
  /** `AEAD.Encrypt(key, nonce, aad, pt)`: the ciphertext followed by the Nt-byte tag. */
  encrypt(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  /**
   * `AEAD.Decrypt(key, nonce, aad, ct)`. Throws TruncatedFrameError when `ciphertext` is shorter
   * than a tag, and AuthenticationError when the tag does not match.
   */
  decrypt(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array>;
}
