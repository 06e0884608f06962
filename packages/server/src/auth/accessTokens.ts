import { ParleyError, GRANTS, type Grant } from '@parley/protocol';
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';

/**
 * Access tokens for embedding Parley in another app: a JWT (RFC 7519) signed with HS256
 * (RFC 7518 §3.2) by that app with the shared `PARLEY_TOKEN_SECRET`.
 *
 * Claims: `room` (the room id it admits to), `grants` (join, publish, moderate), `exp`
 * (required) and optionally `nbf`, `name` (display name imposed on the participant), `sub`.
 *
 * Only HS256 is accepted: `alg: none`, RS/ES/PS tokens and any other algorithm are refused
 * before the signature is looked at, which closes the algorithm-confusion attacks (a token
 * "signed" with the server's public key as an HMAC secret, RFC 8725 §2.1 and §3.1).
 */
const ClaimsSchema = z.object({
  room: z.string().min(1).max(64),
  exp: z.number().int(),
  grants: z.array(z.enum(GRANTS)).max(GRANTS.length),
  name: z.string().min(1).max(64).optional(),
  sub: z.string().max(256).optional(),
});

export interface AccessGrant {
  room: string;
  grants: Grant[];
  name?: string;
  /** When the token expires (seconds since the epoch): nothing it admitted may outlive it. */
  expiresAt: number;
}

/** Seconds of clock difference tolerated between the token's issuer and this server. */
const CLOCK_TOLERANCE_S = 5;

export class AccessTokens {
  readonly #key: Uint8Array;
  readonly #now: () => number;

  constructor(secret: string, now: () => number = Date.now) {
    this.#key = new TextEncoder().encode(secret);
    this.#now = now;
  }

  /** The grants for `room`, or a ParleyError (`token-invalid`, `forbidden`) saying what is wrong. */
  async verify(token: string, room: string): Promise<AccessGrant> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(this.#now()),
      }));
    } catch (error) {
      throw new ParleyError(
        'token-invalid',
        `The access token was refused: ${describe(error)}. Ask the app that sent you for a new link.`,
        {
          details: { reason: reasonOf(error) },
        },
      );
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new ParleyError('token-invalid', 'The access token was refused: its room or grants claim is missing or malformed.', {
        details: { reason: 'claims' },
      });
    }
    if (claims.data.room !== room) {
      throw new ParleyError('token-invalid', 'The access token is for another room.', { details: { reason: 'room' } });
    }
    if (!claims.data.grants.includes('join')) {
      throw new ParleyError('forbidden', 'The access token does not allow joining this room.', { details: { grant: 'join' } });
    }
    return { room, grants: claims.data.grants, expiresAt: claims.data.exp, ...(claims.data.name ? { name: claims.data.name } : {}) };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'not-yet-valid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim-${error.claim}`;
  return 'malformed';
}

function describe(error: unknown): string {
  switch (reasonOf(error)) {
    case 'expired':
      return 'it has expired';
    case 'not-yet-valid':
      return 'it is not valid yet (check the clocks)';
    case 'algorithm':
      return 'it is not signed with HS256';
    case 'signature':
      return 'its signature does not match (wrong secret or altered token)';
    case 'claim-exp':
      return 'it has no expiry';
    default:
      return 'it is not a well-formed token';
  }
}
