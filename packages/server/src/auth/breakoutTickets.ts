import { GRANTS, type Grant } from '@parley/protocol';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { purposeKey } from './keys.js';

/**
 * Breakout tickets: the server's signed word that the host sent `name` from main room `main`
 * (meeting `mtg`) to breakout room `room`. It lets its holder into that breakout room while it
 * is open, and back into the main room of the same meeting past its password, lock and waiting
 * room, as the same person (name, grants) that was let in before. A JWT (RFC 7519, HS256 per
 * RFC 7518 §3.2) under a key of its own (`purposeKey`), so no other token of the server passes
 * for one.
 */
const ClaimsSchema = z.object({
  use: z.literal('breakout'),
  room: z.string().min(1).max(64),
  main: z.string().min(1).max(64),
  mtg: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  grants: z.array(z.enum(GRANTS)).max(GRANTS.length),
  mayHost: z.boolean(),
});

export interface BreakoutTicketClaims {
  /** The breakout room. */
  room: string;
  /** The main room it belongs to, and that room's meeting. */
  main: string;
  meeting: string;
  name: string;
  grants: Grant[];
  mayHost: boolean;
}

export class BreakoutTickets {
  readonly #key: Uint8Array;

  constructor(secret: Buffer) {
    this.#key = purposeKey(secret, 'breakout');
  }

  /** A ticket good until `expiresAt` (ms since the epoch). */
  issue(claims: BreakoutTicketClaims, expiresAt: number): Promise<string> {
    const { meeting, ...rest } = claims;
    return new SignJWT({ use: 'breakout', ...rest, mtg: meeting })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.#key);
  }

  /** The claims, or null for a forged, expired or foreign ticket. */
  async verify(token: string): Promise<BreakoutTicketClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'] });
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) return null;
      const { use: _use, mtg, ...rest } = claims.data;
      return { ...rest, meeting: mtg };
    } catch {
      return null;
    }
  }
}
