import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { GRANTS, type Grant } from '@parley/protocol';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import { purposeKey } from './keys.js';

/**
 * Resume tokens: the server's signed word that a client held participant `sub` in one meeting
 * of `room` (`mtg`: one incarnation of the room, never the room id alone). A client that lost
 * its connection presents it to come back under the same id (its peers keep their
 * RTCPeerConnections); a reloaded page presents it to evict its old self. Access control
 * decides what a token may still do (access/admission.ts): it resumes only its own meeting,
 * only for someone still a member or gone moments ago, never past the access token that admitted
 * them (`exp` is capped by it), and never for someone the host removed.
 *
 * `inst` names the server process (or, with several nodes, the shared room data) that issued
 * it: a token from elsewhere means the room was lost (a restart) and the token may bring it back
 * as it knew it: meeting, version `v`, host `hid`, lock, removals `rm`, and the password hash,
 * sealed (`pwe`, AES-256-GCM) so that the participants who hold the token cannot read it.
 */
const ClaimsSchema = z.object({
  use: z.literal('resume'),
  room: z.string().min(1).max(64),
  sub: z.string().min(8).max(64),
  name: z.string().min(1).max(64),
  inst: z.string().min(1).max(64),
  mtg: z.string().min(1).max(64),
  joinedAt: z.number().int().nonnegative(),
  grants: z.array(z.enum(GRANTS)).max(GRANTS.length),
  mayHost: z.boolean(),
  v: z.number().int().nonnegative(),
  hid: z.string().max(64).nullable(),
  locked: z.boolean(),
  rm: z.array(z.string().max(64)).max(64),
  pwe: z.string().max(1024).optional(),
  aexp: z.number().int().positive().optional(),
});

/** What a verified token says, with the password hash unsealed. */
export interface ResumeClaims {
  room: string;
  sub: string;
  name: string;
  inst: string;
  /** The meeting (room incarnation) it belongs to. */
  meeting: string;
  joinedAt: number;
  grants: Grant[];
  mayHost: boolean;
  /** The room as the token knew it (restored after a restart). */
  version: number;
  hostId: string | null;
  locked: boolean;
  removed: string[];
  passwordHash: string | null;
  /** When the access token that admitted its holder expires (seconds), if one did. */
  accessExpiresAt?: number;
}

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
  readonly #sealKey: Uint8Array;

  constructor(secret: Buffer) {
    this.#key = purposeKey(secret, 'resume');
    this.#sealKey = purposeKey(secret, 'resume-password');
  }

  /**
   * A JWT (RFC 7519, HS256 per RFC 7518 §3.2), signed synchronously on purpose: the join handler
   * must answer without yielding between entering the room and its ack, or another member's
   * `participant-joined` could reach the client before the snapshot it belongs after.
   */
  issue(claims: Omit<ResumeClaims, 'inst'>): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = Math.min(now + LIFETIME_S, claims.accessExpiresAt ?? Number.MAX_SAFE_INTEGER);
    const payload = {
      use: 'resume',
      room: claims.room,
      sub: claims.sub,
      name: claims.name,
      inst: this.instance,
      mtg: claims.meeting,
      joinedAt: claims.joinedAt,
      grants: claims.grants,
      mayHost: claims.mayHost,
      v: claims.version,
      hid: claims.hostId,
      locked: claims.locked,
      rm: claims.removed,
      ...(claims.passwordHash ? { pwe: this.#seal(claims.passwordHash) } : {}),
      ...(claims.accessExpiresAt ? { aexp: claims.accessExpiresAt } : {}),
      iat: now,
      exp,
    };
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
      const { mtg, v, hid, rm, pwe, aexp, use: _use, ...rest } = claims.data;
      const passwordHash = pwe === undefined ? null : this.#unseal(pwe);
      if (pwe !== undefined && passwordHash === null) return null;
      return { ...rest, meeting: mtg, version: v, hostId: hid, removed: rm, passwordHash, ...(aexp ? { accessExpiresAt: aexp } : {}) };
    } catch {
      return null;
    }
  }

  issuedHere(claims: ResumeClaims): boolean {
    return claims.inst === this.instance;
  }

  /** AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV: iv ‖ ciphertext ‖ tag, base64url. */
  #seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv);
    const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString('base64url');
  }

  #unseal(sealed: string): string | null {
    try {
      const bytes = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
