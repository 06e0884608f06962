import { isBreakoutRoomId, ParleyError, type Grant, type JoinRequest } from '@parley/protocol';
import type { AccessTokens } from '../auth/accessTokens.js';
import type { BreakoutTicketClaims, BreakoutTickets } from '../auth/breakoutTickets.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { ResumeClaims, ResumeTokens } from '../auth/resumeTokens.js';
import type { Entry } from '../membership/Membership.js';
import { newParticipantId } from '../rooms/ids.js';
import { RETURN_WINDOW_MS } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import { e2eeAdmission } from './e2ee.js';

export interface AccessDeps {
  store: RoomStore;
  resume: ResumeTokens;
  /** Set when PARLEY_TOKEN_SECRET is: every new join then needs an access token. */
  accessTokens: AccessTokens | null;
  /** Breakout tickets (see auth/breakoutTickets.ts). */
  tickets: BreakoutTickets;
  /**
   * PARLEY_E2EE: a room starts with its media end-to-end encrypted when the software that starts
   * it can encrypt (see access/e2ee.ts).
   */
  e2ee: boolean;
}

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
 * meanwhile (locked, a password set, encrypted, this session removed or its meeting over).
 *
 * A `resume` that no longer holds (its meeting is over, or its holder left too long ago) is
 * refused with `session-ended`: the caller then plans an ordinary join (see planFreshJoin),
 * under which the password, the lock and the access token apply again.
 */
export async function planJoin(deps: AccessDeps, request: JoinRequest, now: number, socketId = ''): Promise<JoinPlan> {
  const resumed = await sessionOf(deps.resume, request.resume, request.room);
  return resumed ? planResume(deps, request, resumed) : planFreshJoin(deps, request, now, socketId);
}

function planResume(deps: AccessDeps, request: JoinRequest, resumed: ResumeClaims): JoinPlan {
  const issuedHere = deps.resume.issuedHere(resumed);
  // This join's own word: the page that resumes may run other software than the one that joined.
  const encryptsMedia = request.encryptsMedia === true;
  return {
    roomId: request.room,
    id: resumed.sub,
    name: resumed.name,
    joinedAt: resumed.joinedAt,
    grants: resumed.grants,
    mayHost: resumed.mayHost,
    ...(resumed.accessExpiresAt ? { accessExpiresAt: resumed.accessExpiresAt } : {}),
    encryptsMedia,
    resuming: true,
    issuedHere,
    evict: null,
    admit: (room) => {
      if (room.wasRemoved(resumed.sub)) return removedError();
      if (room.wasReplaced(resumed.sub)) {
        return new ParleyError('session-replaced', 'This meeting goes on in another tab or window of yours.');
      }
      // The room is gone: only a server that lost it (a restart) may bring it back from a token.
      if (room.isEmpty) return issuedHere ? sessionEnded() : null;
      if (room.meeting !== resumed.meeting) return sessionEnded();
      // Issued here: its holder must still be a member, or have left moments ago. From before a
      // restart, the room was brought back without its departures: the meeting is the proof.
      if (issuedHere && !room.isReturning(resumed.sub, RETURN_WINDOW_MS)) return sessionEnded();
      return e2eeAdmission(room, encryptsMedia);
    },
    setup: {
      passwordHash: resumed.passwordHash,
      e2ee: deps.e2ee && encryptsMedia,
      ...(issuedHere
        ? {}
        : {
            restore: {
              meeting: resumed.meeting,
              version: resumed.version,
              hostId: resumed.hostId,
              locked: resumed.locked,
              passwordHash: resumed.passwordHash,
              removed: resumed.removed,
            },
          }),
    },
  };
}

/**
 * An ordinary join: an access token when the server wants one, the password, the lock, end-to-end
 * encryption (software that cannot encrypt stays out of an encrypted room, whatever let it past
 * the lock), and the waiting room: someone it holds back is refused `waiting-for-host` (the
 * caller knocks, see access/waitingRoom.ts) unless they come with a knock the host let in on this
 * connection (`socketId`), a token that may moderate or skip the waiting room, or as a reloaded page.
 */
export async function planFreshJoin(deps: AccessDeps, request: JoinRequest, now: number, socketId = ''): Promise<JoinPlan> {
  const replaced = await sessionOf(deps.resume, request.replaces, request.room);
  let grants: Grant[] = ['join', 'publish'];
  let mayHost = true;
  let name = request.name;
  let accessExpiresAt: number | undefined;
  const encryptsMedia = request.encryptsMedia === true;
  // A breakout ticket stands for the access the person had in the main room: same name, same grants.
  const breakout = await ticketFor(deps, request);
  const ticket = breakout?.claims ?? null;
  if (ticket) {
    grants = ticket.grants;
    // Nobody hosts a breakout room (the main room's host runs them all), unless a token made them a co-host.
    mayHost = isBreakoutRoomId(request.room) ? grants.includes('moderate') : ticket.mayHost;
    name = ticket.name;
  } else if (request.token !== undefined || deps.accessTokens) {
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
    accessExpiresAt = access.expiresAt;
  }
  // Someone the embedding app lets moderate is vouched for: no password, and a locked room opens.
  const vouched = request.token !== undefined && grants.includes('moderate');

  // A reloaded page (its old self here, or gone moments ago, in this same meeting) was admitted
  // already: no password again, and a lock does not shut it out.
  const returning =
    replaced !== null &&
    (await deps.store.update(
      request.room,
      (room) => room.meeting === replaced.meeting && room.isReturning(replaced.sub, RETURN_WINDOW_MS),
    )) === true;
  const admitted = vouched || returning || ticket !== null;
  const skipsWaitingRoom = admitted || grants.includes('skip-waiting-room');

  const currentHash = await deps.store.passwordHash(request.room);
  if (currentHash && !admitted) {
    if (request.password === undefined) throw passwordRequired();
    if (!(await verifyPassword(request.password, currentHash))) throw wrongPassword();
  }
  const newHash = request.password !== undefined && !currentHash ? await hashPassword(request.password) : null;
  const previous = replaced?.sub;
  // A reload is refused before Membership.admit evicts its old page, which then stays in the meeting.
  if (previous) {
    const early = await deps.store.update(request.room, (room) => (room.wasRemoved(previous) ? null : e2eeAdmission(room, encryptsMedia)));
    if (early) throw early;
  }
  // A breakout room follows its main room: whoever the main room let in may follow their group there.
  const e2ee = deps.e2ee && encryptsMedia && (breakout?.mainE2ee ?? true);

  return {
    roomId: request.room,
    id: newParticipantId(),
    name,
    joinedAt: now,
    grants,
    mayHost,
    ...(accessExpiresAt ? { accessExpiresAt } : {}),
    encryptsMedia,
    resuming: false,
    issuedHere: true,
    evict: previous ?? null,
    admit: (room) => {
      if (previous && room.wasRemoved(previous)) return removedError();
      if (!admitted && room.passwordHash !== null && room.passwordHash !== currentHash) {
        return request.password === undefined ? passwordRequired() : wrongPassword();
      }
      if (room.locked && !admitted) return new ParleyError('room-locked', 'This room is locked: the host is not letting anyone else in.');
      // Whatever let this join past the lock, software that cannot encrypt stays out of an encrypted room.
      const unencrypted = e2eeAdmission(room, encryptsMedia);
      if (unencrypted) return unencrypted;
      // Last: a knock the host let in is spent only by a join that nothing else refuses.
      if (room.waiting.enabled && !room.isEmpty && !skipsWaitingRoom && !room.waiting.takeAdmission(request.knock, socketId, Date.now())) {
        return new ParleyError('waiting-for-host', 'The host lets people in: knock first.');
      }
      return null;
    },
    // A reload that finds its room gone (it was the last one in) brings back its password and
    // lock, in a new meeting: what belonged to the old one (its recordings) stays with it.
    setup: replaced ? { passwordHash: replaced.passwordHash ?? newHash, locked: replaced.locked, e2ee } : { passwordHash: newHash, e2ee },
  };
}

/**
 * The breakout ticket of this join, if it holds here: for a breakout room, the ticket names it and
 * the host still has it open (a breakout room is entered with nothing else), and whether the main
 * room is end-to-end encrypted now; for a main room, the ticket came from its current meeting
 * (back from a breakout room). A ticket that does not hold for a main room is ignored (the usual
 * checks apply).
 */
async function ticketFor(deps: AccessDeps, request: JoinRequest): Promise<{ claims: BreakoutTicketClaims; mainE2ee?: boolean } | null> {
  const claims = request.ticket === undefined ? null : await deps.tickets.verify(request.ticket);
  if (isBreakoutRoomId(request.room)) {
    if (!claims || claims.room !== request.room) {
      throw new ParleyError('forbidden', 'This breakout room is only for the people the host sent to it.');
    }
    const main = await deps.store.update(claims.main, (room) =>
      room.meeting === claims.meeting && room.breakouts.has(claims.room) ? { e2ee: room.e2ee } : null,
    );
    if (!main) throw new ParleyError('breakout-closed', 'The host closed the breakout rooms: back to the main room.');
    return { claims, mainE2ee: main.e2ee };
  }
  if (!claims || claims.main !== request.room) return null;
  const sameMeeting = await deps.store.update(request.room, (main) => main.meeting === claims.meeting);
  return sameMeeting === true ? { claims } : null;
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

function sessionEnded(): ParleyError {
  return new ParleyError('session-ended', 'That session is over; joining afresh.');
}
