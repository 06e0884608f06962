import { ParleyError, type Grant, type JoinRequest } from '@parley/protocol';
import type { AccessTokens } from '../auth/accessTokens.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { ResumeClaims, ResumeTokens } from '../auth/resumeTokens.js';
import { newParticipantId } from '../rooms/ids.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { Entry } from '../membership/Membership.js';

export interface AccessDeps {
  store: RoomStore;
  resume: ResumeTokens;
  /** Set when PARLEY_TOKEN_SECRET is: every new join then needs an access token. */
  accessTokens: AccessTokens | null;
}

/** How long after leaving a reloaded page's old self still counts as "here" (see isReturning). */
const RETURN_WINDOW_MS = 60_000;

/** Who is joining and on what terms, decided before the room store is touched. */
export interface JoinPlan extends Entry {
  /** A `resume` of this very session: same id, password and lock already passed. */
  resuming: boolean;
  /** The resume token came from this server process (see ResumeTokens `inst`). */
  issuedHere: boolean;
}

/**
 * Checks everything about a join that needs no lock on the room: tokens (signatures, expiry,
 * room, grants) and the password (scrypt is slow, so it runs here, against the hash the room
 * has now). `admit` then re-checks, atomically with the join, that the room did not change
 * meanwhile (locked, a password set), and refuses a session the host removed.
 */
export async function planJoin(deps: AccessDeps, request: JoinRequest, now: number): Promise<JoinPlan> {
  const resumed = await sessionOf(deps.resume, request.resume, request.room);
  const replaced = resumed ? null : await sessionOf(deps.resume, request.replaces, request.room);

  if (resumed) {
    return {
      roomId: request.room,
      id: resumed.sub,
      name: resumed.name,
      joinedAt: resumed.joinedAt,
      grants: resumed.grants,
      mayHost: resumed.mayHost,
      resuming: true,
      issuedHere: deps.resume.issuedHere(resumed),
      evict: null,
      admit: (room) => (room.wasRemoved(resumed.sub) ? removedError() : null),
      // A room that comes back after a restart keeps its password, lock and host (see ResumeTokens).
      setup: deps.resume.issuedHere(resumed)
        ? { passwordHash: resumed.pw ?? null }
        : { passwordHash: resumed.pw ?? null, locked: resumed.locked, restoreHost: resumed.host },
    };
  }

  let grants: Grant[] = ['join', 'publish'];
  let mayHost = true;
  let name = request.name;
  if (request.token !== undefined || deps.accessTokens) {
    if (!deps.accessTokens) {
      throw new ParleyError('token-invalid', 'This server does not accept access tokens (PARLEY_TOKEN_SECRET is not set).', {
        details: { reason: 'not-configured' },
      });
    }
    if (request.token === undefined) {
      throw new ParleyError('token-required', 'This room is only open through the app that embeds it: open the link it gave you.');
    }
    const access = await deps.accessTokens.verify(request.token, request.room);
    grants = access.grants;
    mayHost = grants.includes('moderate');
    name = access.name ?? name;
  }
  // Someone the embedding app lets moderate is vouched for: no password, and a locked room opens.
  const vouched = request.token !== undefined && grants.includes('moderate');

  // A reloaded page (its old self here, or gone moments ago) was admitted already: no password
  // again, and a lock does not shut it out.
  const returning =
    replaced !== null && (await deps.store.update(request.room, (room) => room.isReturning(replaced.sub, RETURN_WINDOW_MS))) === true;
  const admitted = vouched || returning;

  const currentHash = await deps.store.passwordHash(request.room);
  if (currentHash && !admitted) {
    if (request.password === undefined) throw passwordRequired();
    if (!(await verifyPassword(request.password, currentHash))) throw wrongPassword();
  }
  const newHash = request.password !== undefined && !currentHash ? await hashPassword(request.password) : null;
  const previous = replaced?.sub;

  return {
    roomId: request.room,
    id: newParticipantId(),
    name,
    joinedAt: now,
    grants,
    mayHost,
    resuming: false,
    issuedHere: true,
    evict: previous ?? null,
    admit: (room) => {
      if (previous && room.wasRemoved(previous)) return removedError();
      if (!admitted && room.passwordHash !== null && room.passwordHash !== currentHash) {
        return request.password === undefined ? passwordRequired() : wrongPassword();
      }
      if (room.locked && !admitted) return new ParleyError('room-locked', 'This room is locked: the host is not letting anyone else in.');
      return null;
    },
    // A reload that finds its room gone (it was the last one in) brings back its password and lock.
    setup: replaced ? { passwordHash: replaced.pw ?? newHash, locked: replaced.locked } : { passwordHash: newHash },
  };
}

async function sessionOf(tokens: ResumeTokens, token: string | undefined, room: string): Promise<ResumeClaims | null> {
  if (token === undefined) return null;
  const claims = await tokens.verify(token);
  return claims && claims.room === room ? claims : null;
}

function passwordRequired(): ParleyError {
  return new ParleyError('password-required', 'This room needs a password. Ask the host for it.');
}

function wrongPassword(): ParleyError {
  return new ParleyError('wrong-password', 'Wrong password. Check it with the host and try again.');
}

function removedError(): ParleyError {
  return new ParleyError('removed', 'The host removed you from this meeting.');
}
