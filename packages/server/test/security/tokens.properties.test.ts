import fc from 'fast-check';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { GRANTS, type Grant } from '@parley/protocol';
import { planJoin } from '../../src/access/admission.js';
import { RETURN_WINDOW_MS } from '../../src/rooms/RoomState.js';
import { AccessTokens } from '../../src/auth/accessTokens.js';
import { ResumeTokens, type ResumeClaims } from '../../src/auth/resumeTokens.js';
import { BreakoutTickets } from '../../src/auth/breakoutTickets.js';
import { MemoryRoomStore } from '../../src/rooms/MemoryRoomStore.js';
import { RoomState, type RoomStateData } from '../../src/rooms/RoomState.js';
import * as arb from '../../../protocol/test/arbitraries.js';

/**
 * The token checks as properties: whatever the claims, a token verifies only as issued, under its
 * own secret, for its own room; and a resume is admitted only under the conditions access control
 * states (its meeting, not removed, a member or gone moments ago).
 */
const RUNS = { numRuns: 200 };
const SECRET = Buffer.from('a-server-secret-that-is-32-bytes-long!');
const tokens = new ResumeTokens(SECRET);
const otherServer = new ResumeTokens(Buffer.from('another-server-secret-32-bytes-long!!'));

const grants = fc.subarray([...GRANTS] as Grant[]);
const claims: fc.Arbitrary<Omit<ResumeClaims, 'inst'>> = fc.record({
  room: arb.roomId,
  sub: arb.participantId,
  name: fc.string({ minLength: 1, maxLength: 64 }),
  meeting: fc.stringMatching(/^[A-Za-z0-9_-]{16}$/),
  joinedAt: fc.nat(),
  grants,
  mayHost: fc.boolean(),
  version: fc.nat({ max: 1_000_000 }),
  hostId: fc.option(arb.participantId),
  locked: fc.boolean(),
  removed: fc.array(arb.participantId, { maxLength: 32 }),
  passwordHash: fc.option(fc.stringMatching(/^scrypt\$[A-Za-z0-9+/]{24,64}\$[A-Za-z0-9+/]{24,64}$/)),
});

describe('resume tokens, as properties', () => {
  it('verify gives back exactly what was issued, password hash included, and nothing readable of it', async () => {
    await fc.assert(
      fc.asyncProperty(claims, async (issued) => {
        const token = tokens.issue(issued);
        const verified = await tokens.verify(token);
        expect(verified).toEqual({ ...issued, inst: tokens.instance });
        if (issued.passwordHash) expect(Buffer.from(token.split('.')[1]!, 'base64url').toString()).not.toContain(issued.passwordHash);
      }),
      RUNS,
    );
  });

  it('any change to a token, and any other secret, makes it worthless', async () => {
    await fc.assert(
      fc.asyncProperty(claims, fc.nat(), fc.integer({ min: 1, max: 63 }), async (issued, at, flip) => {
        const token = tokens.issue(issued);
        expect(await otherServer.verify(token)).toBeNull();
        const index = at % token.length;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
        const original = token[index]!;
        const replacement = alphabet[(alphabet.indexOf(original) + flip) % alphabet.length]!;
        const altered = token.slice(0, index) + replacement + token.slice(index + 1);
        // base64url's last character of a part may carry unused bits: a change there can decode to the same bytes.
        const sameBytes = altered
          .split('.')
          .every((part, i) => Buffer.from(part, 'base64url').equals(Buffer.from(token.split('.')[i] ?? '', 'base64url')));
        fc.pre(!sameBytes);
        expect(await tokens.verify(altered)).toBeNull();
      }),
      RUNS,
    );
  });

  it('a resume is admitted only in its meeting, never for someone removed, and (issued here) only for a member or one gone moments ago', async () => {
    const room = fc.record({
      meeting: fc.constantFrom('meeting-AAAAAAAAAAA', 'meeting-BBBBBBBBBBB'),
      members: fc.uniqueArray(arb.participantId, { minLength: 0, maxLength: 4 }),
      removed: fc.array(arb.participantId, { maxLength: 3 }),
      // Clear of the window's edge, so the test's own clock cannot tip a case over it.
      leftAgoMs: fc.option(
        fc.oneof(
          fc.integer({ min: 0, max: RETURN_WINDOW_MS - 5_000 }),
          fc.integer({ min: RETURN_WINDOW_MS + 5_000, max: 5 * RETURN_WINDOW_MS }),
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(claims, room, fc.boolean(), fc.boolean(), async (issued, shape, subIsMember, subRemoved) => {
        const meetingClaims = { ...issued, meeting: 'meeting-AAAAAAAAAAA' };
        const members = subIsMember
          ? [...shape.members.filter((id) => id !== issued.sub), issued.sub]
          : shape.members.filter((id) => id !== issued.sub);
        const removed = subRemoved ? [...shape.removed, issued.sub] : shape.removed.filter((id) => id !== issued.sub);
        const data: RoomStateData = {
          id: issued.room,
          meeting: shape.meeting,
          version: 0,
          members: members.map((id, i) => ({
            id,
            name: 'x',
            socketId: `s${i}`,
            joinedAt: i,
            grants: ['join'],
            mayHost: true,
            encryptsMedia: false,
          })),
          hostId: null,
          locked: true,
          passwordHash: 'scrypt$other',
          removed,
          leftAt: !subIsMember && shape.leftAgoMs !== null ? [[issued.sub, Date.now() - shape.leftAgoMs]] : [],
        };
        const state = RoomState.fromData(data);
        const deps = { store: new MemoryRoomStore(), resume: tokens, accessTokens: null, tickets: new BreakoutTickets(SECRET), e2ee: true };
        const plan = await planJoin(deps, { room: issued.room, name: 'Who', resume: tokens.issue(meetingClaims) }, Date.now());
        const refusal = plan.admit(state);
        const recently = !subIsMember && shape.leftAgoMs !== null && shape.leftAgoMs < RETURN_WINDOW_MS;
        const mayResume = !subRemoved && !state.isEmpty && shape.meeting === meetingClaims.meeting && (subIsMember || recently);
        expect(refusal === null).toBe(mayResume);
        if (subRemoved) expect(refusal?.code).toBe('removed');
        else if (!mayResume) expect(refusal?.code).toBe('session-ended');
      }),
      RUNS,
    );
  });
});

describe('access tokens, as properties', () => {
  const appSecret = 'the-embedding-apps-secret-32-bytes!!';
  const access = new AccessTokens(appSecret);
  const sign = (payload: Record<string, unknown>, secret = appSecret, alg = 'HS256') =>
    new SignJWT(payload).setProtectedHeader({ alg }).setExpirationTime('10m').sign(new TextEncoder().encode(secret));

  it('admit only to their own room, only with join, and only when signed with the shared secret and HS256', async () => {
    await fc.assert(
      fc.asyncProperty(arb.roomId, arb.roomId, grants, async (room, asked, granted) => {
        const token = await sign({ room, grants: granted });
        const outcome = await access.verify(token, asked).then(
          (grant) => ({ ok: true as const, grant }),
          (error: { code: string }) => ({ ok: false as const, code: error.code }),
        );
        if (room === asked && granted.includes('join')) {
          expect(outcome).toMatchObject({ ok: true, grant: { room, grants: granted } });
        } else {
          expect(outcome.ok).toBe(false);
        }
        await expect(
          access.verify(await sign({ room, grants: granted }, 'some-other-secret-of-32-bytes-long!!'), room),
        ).rejects.toMatchObject({
          code: 'token-invalid',
        });
        await expect(access.verify(await sign({ room, grants: granted }, appSecret, 'HS512'), room)).rejects.toMatchObject({
          code: 'token-invalid',
        });
      }),
      { numRuns: 60 },
    );
  });
});
