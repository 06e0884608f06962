import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, JoinRequest, JoinSnapshot } from '@parley/protocol';
import { planJoin } from '../../src/access/admission.js';
import { RETURN_WINDOW_MS } from '../../src/rooms/RoomState.js';
import { ResumeTokens } from '../../src/auth/resumeTokens.js';
import { BreakoutTickets } from '../../src/auth/breakoutTickets.js';
import { MemoryRoomStore } from '../../src/rooms/MemoryRoomStore.js';
import { RoomState } from '../../src/rooms/RoomState.js';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, collect, connect, sleep, startServer } from '../support/harness.js';
import { waitFor } from '@parley/testkit';

/**
 * Attacks on resume tokens, as the audit ran them with small socket.io scripts against the real
 * server. Each got through once; each must now fail.
 */
const SECRET = 'a-server-secret-that-is-32-bytes-long!';
const TOKEN_SECRET = 'the-embedding-apps-secret-32-bytes!!';
const servers: ParleyServer[] = [];
afterEach(async () => {
  closeAllClients();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(overrides: Parameters<typeof startServer>[0] = {}): Promise<ParleyServer> {
  const server = await startServer({ secret: SECRET, ...overrides });
  servers.push(server);
  return server;
}

let counter = 0;
const freshRoom = (): string => `resume-attack-${Date.now()}-${counter++}`;

async function attempt(server: ParleyServer, request: JoinRequest): Promise<Ack<JoinSnapshot>> {
  return (await connect(server)).timeout(5_000).emitWithAck('join', request);
}

async function enter(server: ParleyServer, request: JoinRequest) {
  const socket = await connect(server);
  const result = await socket.timeout(5_000).emitWithAck('join', request);
  if (!result.ok) throw new Error(`join refused: ${result.error.message}`);
  return { socket, snapshot: result.value };
}

const payloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('a resume token belongs to one meeting', () => {
  it('kept from an earlier open meeting, it does not open the room re-created with a password and locked', async () => {
    const server = await start();
    const room = freshRoom();
    // Mallory was in an open meeting under this room id, kept her token, and everyone left.
    const mallory = await enter(server, { room, name: 'Mallory' });
    await mallory.socket.timeout(5_000).emitWithAck('leave', {});
    await waitFor(async () => (await server.store.status(room)) === null, { what: 'the meeting over' });
    // A new meeting under the same id: Alice sets a password and locks it.
    const alice = await enter(server, { room, name: 'Alice', password: 'correct horse' });
    expect(await alice.socket.timeout(5_000).emitWithAck('moderate', { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
    const replayed = await attempt(server, { room, name: 'Mallory', resume: mallory.snapshot.resumeToken! });
    expect(replayed).toMatchObject({ ok: false, error: { code: 'password-required' } });
    const withReload = await attempt(server, { room, name: 'Mallory', replaces: mallory.snapshot.resumeToken! });
    expect(withReload).toMatchObject({ ok: false, error: { code: 'password-required' } });
    expect(await server.store.members(room)).toHaveLength(1);
  });

  it('of someone who left long ago, it no longer resumes in place: the lock and password apply again', async () => {
    const store = new MemoryRoomStore();
    const tokens = new ResumeTokens(Buffer.from(SECRET));
    const room = freshRoom();
    const plan = await planJoin(
      { store, resume: tokens, accessTokens: null, tickets: new BreakoutTickets(Buffer.from(SECRET)), e2ee: true },
      { room, name: 'Alice' },
      Date.now(),
    );
    await store.join(
      room,
      { id: plan.id, name: 'Alice', socketId: 's1', joinedAt: 1, grants: plan.grants, mayHost: true, encryptsMedia: false },
      6,
      plan.admit,
      plan.setup,
    );
    const state = await store.update(room, (r) => r.record());
    const token = tokens.issue({
      room,
      sub: 'mallory-participant',
      name: 'Mallory',
      joinedAt: 2,
      grants: ['join', 'publish'],
      mayHost: true,
      ...state!,
    });
    const resume = await planJoin(
      { store, resume: tokens, accessTokens: null, tickets: new BreakoutTickets(Buffer.from(SECRET)), e2ee: true },
      { room, name: 'M', resume: token },
      Date.now(),
    );
    // Mallory left the meeting just over the window ago.
    const left = RoomState.fromData({
      ...(await store.update(room, (r) => r.toData()))!,
      leftAt: [['mallory-participant', Date.now() - RETURN_WINDOW_MS - 1_000]],
    });
    expect(resume.admit(left)?.code).toBe('session-ended');
    // Moments ago (a lost connection): she resumes in place.
    const moments = RoomState.fromData({ ...left.toData(), leftAt: [['mallory-participant', Date.now() - 2_000]] });
    expect(resume.admit(moments)).toBeNull();
  });

  it('never outlives the access token that admitted its holder, nor renews past it', async () => {
    const server = await start({ tokenSecret: TOKEN_SECRET });
    const room = freshRoom();
    const exp = Math.floor(Date.now() / 1000) + 3;
    const access = await new SignJWT({ room, grants: ['join', 'publish'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(TOKEN_SECRET));
    const mallory = await enter(server, { room, name: 'Mallory', token: access });
    const resumeToken = mallory.snapshot.resumeToken!;
    expect(payloadOf(resumeToken).exp).toBeLessThanOrEqual(exp);
    // Someone else keeps the room alive; a status change re-issues everyone's tokens: still capped.
    await enter(server, { room, name: 'Host', token: await hostToken(room) });
    mallory.socket.disconnect();
    await sleep(4_000);
    const replayed = await attempt(server, { room, name: 'Mallory', resume: resumeToken });
    expect(replayed).toMatchObject({ ok: false, error: { code: 'token-required' } });
  });
});

describe('after a restart, newer room state wins', () => {
  it('an older host token does not take the room back from the host who removed its holder', async () => {
    const first = await start();
    const port = Number(new URL(first.url()).port);
    const room = freshRoom();
    const alice = await enter(first, { room, name: 'Alice' });
    const aliceOldToken = alice.snapshot.resumeToken!;
    const bob = await enter(first, { room, name: 'Bob' });
    let bobToken = bob.snapshot.resumeToken!;
    bob.socket.on('session', ({ resumeToken }) => (bobToken = resumeToken));
    await alice.socket.timeout(5_000).emitWithAck('moderate', { action: 'make-host', id: bob.snapshot.self.id });
    expect(await bob.socket.timeout(5_000).emitWithAck('moderate', { action: 'remove', id: alice.snapshot.self.id })).toEqual({
      ok: true,
      value: null,
    });
    await waitFor(() => payloadOf(bobToken).v === 2, { what: "Bob's token records the removal" });
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    // Restart. Alice comes back first with the token from when she hosted.
    const second = await start({ port });
    const aliceBack = await enter(second, { room, name: 'Alice', resume: aliceOldToken });
    const notices = collect(aliceBack.socket, 'moderation');
    // Bob comes back with the newest state: he hosts, and Alice is out again.
    const bobBack = await enter(second, { room, name: 'Bob', resume: bobToken });
    expect(bobBack.snapshot.roomStatus?.hostId).toBe(bob.snapshot.self.id);
    await waitFor(() => notices.length === 1, { what: 'Alice told she is removed' });
    expect(await second.store.get(room, alice.snapshot.self.id)).toBeNull();
    expect(await aliceBack.socket.timeout(5_000).emitWithAck('moderate', { action: 'remove', id: bob.snapshot.self.id })).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
    // And her token cannot bring her back.
    expect(await attempt(second, { room, name: 'Alice', resume: aliceOldToken })).toMatchObject({ ok: false, error: { code: 'removed' } });
  });

  it('the host the tokens record gets the role back, whoever returns first', async () => {
    const first = await start();
    const port = Number(new URL(first.url()).port);
    const room = freshRoom();
    const alice = await enter(first, { room, name: 'Alice' });
    const bob = await enter(first, { room, name: 'Bob' });
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    const second = await start({ port });
    const bobBack = await enter(second, { room, name: 'Bob', resume: bob.snapshot.resumeToken! });
    expect(bobBack.snapshot.roomStatus?.hostId).toBe(bob.snapshot.self.id);
    // Alice's token (same version) says she hosted: the host of the same state comes back to her.
    const aliceBack = await enter(second, { room, name: 'Alice', resume: alice.snapshot.resumeToken! });
    expect(aliceBack.snapshot.roomStatus?.hostId).toBe(alice.snapshot.self.id);
  });
});

describe('what a participant can read in a resume token', () => {
  it('never holds the room password hash in the clear', async () => {
    const server = await start();
    const room = freshRoom();
    const alice = await enter(server, { room, name: 'Alice', password: 'hunter2' });
    const token = alice.snapshot.resumeToken!;
    const decoded = Buffer.from(token.split('.')[1], 'base64url').toString('utf8');
    expect(decoded).not.toMatch(/scrypt/);
    expect(payloadOf(token)).not.toHaveProperty('pw');
    expect(await server.store.passwordHash(room)).not.toBeNull();
    expect(decoded).not.toContain((await server.store.passwordHash(room))!.split('$').at(-1)!);
  });
});

async function hostToken(room: string): Promise<string> {
  return new SignJWT({ room, grants: ['join', 'publish', 'moderate'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TOKEN_SECRET));
}
