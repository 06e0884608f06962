import { createHmac } from 'node:crypto';

/** TURN credentials as handed to one client: valid until `expiresAt` (Unix seconds). */
export interface TurnCredentials {
  username: string;
  credential: string;
  expiresAt: number;
}

/**
 * Mints short-lived TURN credentials with the "TURN REST API" scheme
 * (draft-uberti-behave-turn-rest-00 §2.2), the one coturn checks with `use-auth-secret`:
 *
 * - username   = `<expiry>:<user>`, expiry in Unix seconds
 * - credential = base64(HMAC-SHA1(key = shared secret, message = username))
 *
 * coturn recomputes the HMAC with its `static-auth-secret` and refuses the username once
 * `<expiry>` is in the past, so no long-lived TURN password ever reaches a page.
 *
 * @example
 * mintTurnCredentials('north-by-northwest', 'AbCdEfGh', 300, 1_700_000_000_000)
 * // { username: '1700000300:AbCdEfGh', credential: 'n6mP…=', expiresAt: 1700000300 }
 */
export function mintTurnCredentials(secret: string, user: string, ttlSeconds: number, nowMs: number = Date.now()): TurnCredentials {
  if (!secret) throw new Error('TURN secret is empty');
  if (user.includes(':')) throw new Error('TURN user must not contain ":" (it separates the expiry)');
  const expiresAt = Math.floor(nowMs / 1000) + Math.floor(ttlSeconds);
  const username = `${expiresAt}:${user}`;
  return { username, credential: turnPassword(secret, username), expiresAt };
}

/** base64(HMAC-SHA1(secret, username)): the password coturn expects for a REST username. */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}
