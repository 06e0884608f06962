import { createHmac, randomBytes } from 'node:crypto';

/** Shortest secret accepted for HS256 keys: RFC 7518 §3.2 wants a key at least as long as the hash (256 bits). */
export const MIN_SECRET_BYTES = 32;

/**
 * The server's own secret (`PARLEY_SECRET`), or 32 random bytes for this process when unset.
 *
 * It signs resume tokens. When it changes (a restart without PARLEY_SECRET, or a new value),
 * every resume token issued before no longer verifies: clients then rejoin as new participants
 * and rebuild their peer connections (a short media gap) instead of resuming seamlessly, and a
 * reloaded page cannot evict its old session, which then leaves by the disconnect grace period.
 * Nothing else breaks, so rotating it is safe.
 */
export function serverSecret(configured: string | undefined): Buffer {
  return configured ? Buffer.from(configured, 'utf8') : randomBytes(MIN_SECRET_BYTES);
}

/**
 * A key for one purpose derived from a secret (HMAC-SHA256 of a label, as HKDF-Expand does
 * in one block, RFC 5869 §2.3): a token minted for one use never verifies for another.
 */
export function purposeKey(secret: Buffer, purpose: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update(`parley/${purpose}`).digest());
}
