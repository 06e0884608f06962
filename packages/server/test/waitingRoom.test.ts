import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, JoinRequest, JoinSnapshot, ModerateRequest, WaitingPerson } from '@parley/protocol';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, collect, connect, nextEvent, sleep, startServer, type TestClient } from './support/harness.js';

/**
 * The waiting room, tried as a host and a guest would, and as someone who wants in without being
 * let in would: a knock is good once, on its own connection, only after the host said yes.
 */
let counter = 0;
const freshRoom = (): string => `waiting-${Date.now()}-${counter++}`;

const send = (socket: TestClient, request: JoinRequest): Promise<Ack<JoinSnapshot>> => socket.timeout(10_000).emitWithAck('join', request);
const moderate = (socket: TestClient, request: ModerateRequest): Promise<Ack<null>> =>
  socket.timeout(5_000).emitWithAck('moderate', request);
const names = (queue: readonly WaitingPerson[]): string[] => queue.map((person) => person.name);

/** A join the waiting room holds back: returns the knock it was given. */
async function knocks(socket: TestClient, request: JoinRequest): Promise<string> {
  const answer = await send(socket, request);
  if (answer.ok || answer.error.code !== 'waiting-for-host') throw new Error(`expected to wait, got ${JSON.stringify(answer)}`);
  const knock = answer.error.details?.knock;
  if (typeof knock !== 'string') throw new Error('no knock in the answer');
  return knock;
}

/** A room hosted by Ada, with `others` in it already, then the waiting room turned on. */
async function hostedRoom(
  server: ParleyServer,
  options: { others?: string[]; join?: Partial<JoinRequest> } = {},
): Promise<{ room: string; ada: TestClient; host: JoinSnapshot; others: TestClient[] }> {
  const room = freshRoom();
  const ada = await connect(server);
  const answer = await send(ada, { room, name: 'Ada', ...options.join });
  if (!answer.ok) throw new Error(answer.error.message);
  const others = [];
  for (const name of options.others ?? []) {
    const socket = await connect(server);
    await send(socket, { room, name, ...options.join });
    others.push(socket);
  }
  const status = nextEvent(ada, 'room-status');
  expect(await moderate(ada, { action: 'waiting-room', enabled: true })).toEqual({ ok: true, value: null });
  expect(await status).toMatchObject({ waitingRoom: true });
  return { room, ada, host: answer.value, others };
}

describe('the waiting room', () => {
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('a guest knocks; the host, and only the host, sees who; admitted, the guest joins with the knock', async () => {
    const { room, ada, others } = await hostedRoom(server, { others: ['Cyd'] });
    const cydHears = collect(others[0]!, 'waiting-room');
    const presence = (await (await fetch(`${server.url()}/api/rooms/${room}`)).json()) as { waitingRoom: boolean };
    expect(presence.waitingRoom).toBe(true);

    const bob = await connect(server);
    const adaSees = nextEvent(ada, 'waiting-room');
    const knock = await knocks(bob, { room, name: 'Bob' });
    expect(names((await adaSees).queue)).toEqual(['Bob']);
    // Not in the room while waiting: nothing it sends speaks for a member.
    expect(await bob.timeout(5_000).emitWithAck('hand', { raised: true })).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    // A guest cannot let anyone in.
    expect(await moderate(others[0]!, { action: 'admit', knock })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const answered = nextEvent(bob, 'admission');
    const emptied = nextEvent(ada, 'waiting-room');
    const joinedNow = nextEvent(ada, 'participant-joined');
    expect(await moderate(ada, { action: 'admit', knock })).toEqual({ ok: true, value: null });
    expect(await answered).toEqual({ outcome: 'admitted', knock });
    expect((await emptied).queue).toEqual([]);
    const entered = await send(bob, { room, name: 'Bob', knock });
    expect(entered.ok && entered.value.participants.map((p) => p.name)).toEqual(['Ada', 'Cyd']);
    expect(await joinedNow).toMatchObject({ name: 'Bob' });
    // The host's queue never reached the guest.
    expect(cydHears).toEqual([]);
  });

  it('a knock is good once, only on the connection that knocked, only after the host said yes', async () => {
    const { room, ada } = await hostedRoom(server);
    const bob = await connect(server);
    const knock = await knocks(bob, { room, name: 'Bob' });
    // Before any answer, the knock opens nothing: the same connection knocks anew (one place in the queue).
    const current = await knocks(bob, { room, name: 'Bob', knock });
    expect(current).not.toBe(knock);
    expect(await moderate(ada, { action: 'admit', knock })).toMatchObject({ ok: false, error: { code: 'peer-not-found' } });
    expect(await moderate(ada, { action: 'admit', knock: current })).toEqual({ ok: true, value: null });
    // Stolen by another connection: that one waits like anyone.
    const thief = await connect(server);
    const theirs = await knocks(thief, { room, name: 'Mallory', knock: current });
    expect(theirs).not.toBe(current);
    // The right connection gets in, once; a second join with it from a fresh connection waits again.
    expect(await send(bob, { room, name: 'Bob', knock: current })).toMatchObject({ ok: true });
    const again = await connect(server);
    expect(await knocks(again, { room, name: 'Bob', knock: current })).not.toBe(current);
    // A connection that knocks on another room leaves the first queue.
    const elsewhere = await hostedRoom(server);
    const seen = collect(ada, 'waiting-room');
    const wanderer = await connect(server);
    await knocks(wanderer, { room, name: 'Wanda' });
    await knocks(wanderer, { room: elsewhere.room, name: 'Wanda' });
    const queues = () => seen.map((event) => names((event as { queue: WaitingPerson[] }).queue));
    await expect.poll(queues).toEqual([
      ['Mallory', 'Bob', 'Wanda'],
      ['Mallory', 'Bob'],
    ]);
    // A knock id the host answers twice, or one never seen, is refused clearly.
    expect(await moderate(ada, { action: 'admit', knock: current })).toMatchObject({ ok: false, error: { code: 'peer-not-found' } });
    expect(await moderate(ada, { action: 'admit', knock: 'x'.repeat(22) })).toMatchObject({ ok: false, error: { code: 'peer-not-found' } });
  });

  it('a denied guest is told and may not knock again at once; someone else from the same address still may', async () => {
    const { room, ada } = await hostedRoom(server);
    const bob = await connect(server);
    const knock = await knocks(bob, { room, name: 'Bob' });
    const told = nextEvent(bob, 'admission');
    expect(await moderate(ada, { action: 'deny', knock })).toEqual({ ok: true, value: null });
    expect(await told).toEqual({ outcome: 'denied', knock });
    const seen = collect(ada, 'waiting-room');
    const retry = await send(await connect(server), { room, name: 'bob ' });
    expect(retry).toMatchObject({ ok: false, error: { code: 'knock-denied' } });
    expect(!retry.ok && Number(retry.error.details?.retryAfterMs)).toBeGreaterThan(50_000);
    // The host is not bothered by the refused knock; Cyd from the same machine knocks as usual.
    await knocks(await connect(server), { room, name: 'Cyd' });
    await expect.poll(() => seen.map((event) => names((event as { queue: WaitingPerson[] }).queue))).toEqual([['Cyd']]);
  });

  it('the password is checked before anyone knocks; a knock that leaves, or closes, is gone from the queue', async () => {
    const { room, ada } = await hostedRoom(server, { join: { password: 'open sesame' } });
    const seen = collect(ada, 'waiting-room');
    expect(await send(await connect(server), { room, name: 'Eve' })).toMatchObject({ ok: false, error: { code: 'password-required' } });
    expect(await send(await connect(server), { room, name: 'Eve', password: 'guess' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-password' },
    });
    await sleep(200);
    expect(seen).toEqual([]);

    const bob = await connect(server);
    await knocks(bob, { room, name: 'Bob', password: 'open sesame' });
    const dan = await connect(server);
    await knocks(dan, { room, name: 'Dan', password: 'open sesame' });
    await expect.poll(() => names((seen.at(-1) as { queue: WaitingPerson[] }).queue)).toEqual(['Bob', 'Dan']);
    expect(await bob.timeout(5_000).emitWithAck('leave', {})).toEqual({ ok: true, value: null });
    await expect.poll(() => names((seen.at(-1) as { queue: WaitingPerson[] }).queue)).toEqual(['Dan']);
    dan.disconnect();
    await expect.poll(() => names((seen.at(-1) as { queue: WaitingPerson[] }).queue)).toEqual([]);
  });

  it('a host who reloads sees who waits in the snapshot; a new host hears the queue; turning it off lets everyone in', async () => {
    const { room, host, others } = await hostedRoom(server, { others: ['Cyd'] });
    const bob = await connect(server);
    const knock = await knocks(bob, { room, name: 'Bob' });

    const reloaded = await connect(server);
    const back = await send(reloaded, { room, name: 'Ada', replaces: host.resumeToken! });
    expect(back.ok && back.value.roomStatus).toMatchObject({ hostId: back.ok && back.value.self.id, waitingRoom: true });
    expect(back.ok && names(back.value.waiting ?? [])).toEqual(['Bob']);

    const cyd = others[0]!;
    const cydHears = nextEvent(cyd, 'waiting-room');
    const cydId = back.ok ? back.value.participants.find((p) => p.name === 'Cyd')?.id : undefined;
    expect(await moderate(reloaded, { action: 'make-host', id: cydId! })).toEqual({ ok: true, value: null });
    expect(names((await cydHears).queue)).toEqual(['Bob']);

    const admitted = nextEvent(bob, 'admission');
    const status = nextEvent(reloaded, 'room-status');
    expect(await moderate(cyd, { action: 'waiting-room', enabled: false })).toEqual({ ok: true, value: null });
    expect(await admitted).toEqual({ outcome: 'admitted', knock });
    expect(await status).toMatchObject({ waitingRoom: false });
    expect(await send(bob, { room, name: 'Bob', knock })).toMatchObject({ ok: true });
  });

  it('people still waiting when everyone leaves are told to join again, and the first in starts afresh', async () => {
    const { room, ada } = await hostedRoom(server);
    const bob = await connect(server);
    await knocks(bob, { room, name: 'Bob' });
    const reopened = nextEvent(bob, 'admission');
    ada.disconnect();
    expect(await reopened).toEqual({ outcome: 'reopened' });
    const fresh = await send(bob, { room, name: 'Bob' });
    expect(fresh.ok && fresh.value.roomStatus).toMatchObject({ hostId: fresh.ok && fresh.value.self.id, waitingRoom: false });
  });
});

describe('the waiting room with access tokens', () => {
  const TOKEN_SECRET = 'an-embedding-app-secret-of-32-bytes-or-more';
  const key = new TextEncoder().encode(TOKEN_SECRET);
  const token = (room: string, grants: string[], name: string): Promise<string> =>
    new SignJWT({ room, grants, name }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(key);
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer({ tokenSecret: TOKEN_SECRET });
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('a token with skip-waiting-room (or moderate) comes straight in; a plain one knocks', async () => {
    const room = freshRoom();
    const ada = await connect(server);
    expect(await send(ada, { room, name: 'x', token: await token(room, ['join', 'publish', 'moderate'], 'Ada') })).toMatchObject({
      ok: true,
    });
    await moderate(ada, { action: 'waiting-room', enabled: true });
    expect(
      await send(await connect(server), { room, name: 'x', token: await token(room, ['join', 'skip-waiting-room'], 'Speaker') }),
    ).toMatchObject({
      ok: true,
    });
    expect(await send(await connect(server), { room, name: 'x', token: await token(room, ['join', 'moderate'], 'Co-host') })).toMatchObject(
      {
        ok: true,
      },
    );
    const guest = await connect(server);
    const seen = nextEvent(ada, 'waiting-room');
    await knocks(guest, { room, name: 'x', token: await token(room, ['join'], 'Guest') });
    expect(names((await seen).queue)).toEqual(['Guest']);
  });
});
