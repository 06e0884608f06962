import { createHmac, timingSafeEqual } from 'node:crypto';
import { purposeKey } from '../../auth/keys.js';

/** A download link works this long: enough to click it, too short to be worth leaking. */
export const TICKET_LIFETIME_MS = 5 * 60_000;

/**
 * Short-lived download tickets for recording files. A browser's download link cannot carry an
 * Authorization header, so the host's list hands out links whose ticket is an HMAC of the
 * recording id and an expiry time under a key of its own (see auth/keys.ts purposeKey): a
 * ticket opens the files of one recording for a few minutes and nothing else.
 */
export class DownloadTickets {
  readonly #key: Uint8Array;
  readonly #now: () => number;

  constructor(secret: Buffer, now: () => number = Date.now) {
    this.#key = purposeKey(secret, 'recording-download');
    this.#now = now;
  }

  issue(recordingId: string): string {
    const expires = this.#now() + TICKET_LIFETIME_MS;
    return `${expires}.${this.#sign(recordingId, expires)}`;
  }

  valid(recordingId: string, ticket: string): boolean {
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires < this.#now()) return false;
    const expected = Buffer.from(this.#sign(recordingId, expires));
    const given = Buffer.from(match[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  #sign(recordingId: string, expires: number): string {
    return createHmac('sha256', this.#key).update(`${recordingId}.${expires}`).digest('base64url');
  }
}
