import { createHmac, randomBytes } from 'node:crypto';
import { GRANTS } from '@parley/protocol';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import { purposeKey } from './keys.js';

/**
 * Resume tokens: the server's signed word that a client held participant `sub` in `room`.
 * A client that lost its connection presents it to come back under the same id (so its
 * peers keep their RTCPeerConnections); a reloaded page presents it to evict its old self.
 *
 * `inst` names the server process that issued it: a token from this very process whose
 * participant is gone means the others were told they left (rejoin afresh); a token from an
 * earlier process (restart) means nobody was told (resume in place). `pw` carries the room's
 * password hash so a room restored after a restart stays protected (everyone holding it was
 * admitted with that password or by the host's token); `host` and `locked` restore the host
 * and the lock. Tokens are re-issued whenever those change (see announceStatus).
 */
const ClaimsSchema = z.object({
  use: z.literal('resume'),
  room: z.string().min(1).max(64),
  sub: z.string().min(8).max(64),
  name: z.string().min(1).max(64),
  inst: z.string().min(1).max(64),
  joinedAt: z.number().int().nonnegative(),
  grants: z.array(z.enum(GRANTS)).max(GRANTS.length),
  mayHost: z.boolean(),
  /** Hosted the room, and the room was locked, when this token was issued. */
  host: z.boolean(),
  locked: z.boolean(),
  pw: z.string().max(256).optional(),
});
export type ResumeClaims = Omit<z.infer<typeof ClaimsSchema>, 'use'>;

/** Long enough for a laptop to sleep through lunch; a new token comes with every join. */
const LIFETIME_S = 12 * 60 * 60;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export class ResumeTokens {
  /**
   * This process: tokens it issued carry it (see `inst`). Several nodes over Redis share one
   * instance per Redis data set instead (see NodeLiveness: the room state tokens speak of).
   */
  instance = randomBytes(9).toString('base64url');
  readonly #key: Uint8Array;

  constructor(secret: Buffer) {
    this.#key = purposeKey(secret, 'resume');
  }

  /**
   * A JWT (RFC 7519, HS256 per RFC 7518 §3.2), signed synchronously on purpose: the join handler
   * must answer without yielding between entering the room and its ack, or another member's
   * `participant-joined` could reach the client before the snapshot it belongs after.
   */
  issue(claims: Omit<ResumeClaims, 'inst'>): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = { use: 'resume', ...claims, inst: this.instance, iat: now, exp: now + LIFETIME_S };
    const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    const signature = createHmac('sha256', this.#key).update(signingInput).digest('base64url');
    return `${signingInput}.${signature}`;
  }

  /** The claims, or null for a forged, expired or foreign token (the caller then joins afresh). */
  async verify(token: string): Promise<ResumeClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'] });
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) return null;
      const { use: _use, ...rest } = claims.data;
      return rest;
    } catch {
      return null;
    }
  }

  issuedHere(claims: ResumeClaims): boolean {
    return claims.inst === this.instance;
  }
}
