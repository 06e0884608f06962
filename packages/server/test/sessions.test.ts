import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinRequest, JoinSnapshot, RoomStatus } from '@parley/protocol';
import type { ParleyServer } from '../src/server.js';
import { OFFER, closeAllClients, collect, connect, joined, nextEvent, startServer, type TestClient } from './support/harness.js';
import { waitFor } from '@parley/testkit';

const SECRET = 'a-server-secret-that-is-32-bytes-long!';
const servers: ParleyServer[] = [];
afterEach(async () => {
  closeAllClients();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(overrides: Parameters<typeof startServer>[0] = {}): Promise<ParleyServer> {
  // A 2 s departure grace keeps the tests that wait it out short.
  const server = await startServer({ secret: SECRET, departureGrace: 2, ...overrides });
  servers.push(server);
  return server;
}

let counter = 0;
const freshRoom = (): string => `session-${Date.now()}-${counter++}`;

async function enter(socket: TestClient, request: JoinRequest): Promise<JoinSnapshot> {
  const result = await socket.timeout(5_000).emitWithAck('join', request);
  if (!result.ok) throw new Error(`join refused: ${result.error.message}`);
  return result.value;
}

/** What a network drop looks like to the server: the transport closes, nobody said goodbye. */
function dropTransport(socket: TestClient): void {
  socket.io.engine.close();
}

describe('a dropped connection', () => {
  it('resumed over a new connection within the grace period: same id, the others never see a departure', async () => {
    const server = await start();
    const room = freshRoom();
    const ada = await connect(server);
    const bob = await connect(server);
    await joined(ada, room, 'Ada');
    const before = await joined(bob, room, 'Bob');
    const departures = collect(ada, 'participant-left');

    dropTransport(bob);
    const again = await connect(server);
    const after = await enter(again, { room, name: 'Bob', resume: before.resumeToken! });

    expect(after.self).toEqual(before.self);
    expect(after.resumed).toBe(true);
    // Relaying to the resumed Bob reaches the new connection.
    const relayed = nextEvent(again, 'signal');
    ada.emit('signal', { to: before.self.id, description: OFFER });
    expect((await relayed).from).toBe((await server.store.members(room)).find((p) => p.name === 'Ada')!.id);
    // Well past the grace period, Bob is still there and nobody was told he left.
    await nextEvent(ada, 'participant-left', 3_000).catch(() => undefined);
    expect(departures).toEqual([]);
    expect((await server.store.members(room)).map((p) => p.id).sort()).toEqual([before.self.id, after.participants[0]!.id].sort());
  });

  it('not back within the grace period: the others are told; a later resume rejoins afresh (not in place)', async () => {
    const server = await start();
    const room = freshRoom();
    const ada = await connect(server);
    const bob = await connect(server);
    await joined(ada, room, 'Ada');
    const before = await joined(bob, room, 'Bob');

    const left = nextEvent(ada, 'participant-left', 5_000);
    dropTransport(bob);
    expect(await left).toEqual({ id: before.self.id });

    const back = nextEvent(ada, 'participant-joined');
    const after = await enter(await connect(server), { room, name: 'Bob', resume: before.resumeToken! });
    expect(after.self.id).toBe(before.self.id);
    expect(after.resumed).toBe(false); // Ada dropped her connection to Bob: Bob must rebuild his
    expect(await back).toEqual(before.self);
  });

  it('recovers the same socket (socket.io connection state recovery): nothing changes for anyone', async () => {
    const server = await start();
    const room = freshRoom();
    const ada = await connect(server);
    const bob: TestClient = io(server.url(), { transports: ['websocket'], forceNew: true, reconnectionDelay: 50 });
    try {
      await new Promise<void>((resolve) => bob.once('connect', () => resolve()));
      await joined(ada, room, 'Ada');
      const bobInfo = (await joined(bob, room, 'Bob')).self;
      const departures = collect(ada, 'participant-left');

      const reconnected = new Promise<boolean>((resolve) => bob.once('connect', () => resolve(bob.recovered)));
      dropTransport(bob);
      expect(await reconnected).toBe(true);
      const relayed = nextEvent(bob, 'signal');
      ada.emit('signal', { to: bobInfo.id, description: OFFER });
      await relayed;
      await nextEvent(ada, 'participant-left', 3_000).catch(() => undefined);
      expect(departures).toEqual([]);
      expect((await server.store.members(room)).map((p) => p.name).sort()).toEqual(['Ada', 'Bob']);
    } finally {
      bob.disconnect();
    }
  });
});

describe('after a server restart', () => {
  it('with the same PARLEY_SECRET: everyone resumes in place, with the room password kept', async () => {
    const first = await start();
    const port = Number(new URL(first.url()).port);
    const room = freshRoom();
    const ada = await enter(await connect(first), { room, name: 'Ada', password: 'pw' });
    const bob = await enter(await connect(first), { room, name: 'Bob', password: 'pw' });
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await start({ port });
    const adaBack = await enter(await connect(second), { room, name: 'Ada', resume: ada.resumeToken! });
    expect(adaBack).toMatchObject({ self: ada.self, resumed: true, participants: [] });
    expect(adaBack.roomStatus).toEqual({ hostId: ada.self.id, locked: false, passwordProtected: true, waitingRoom: false, e2ee: false });
    const bobBack = await enter(await connect(second), { room, name: 'Bob', resume: bob.resumeToken! });
    expect(bobBack).toMatchObject({ self: bob.self, resumed: true, participants: [ada.self] });
    const stranger = await (await connect(second)).timeout(5_000).emitWithAck('join', { room, name: 'Eve' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'password-required' } });
  });

  it('with another secret: the old token does not verify, so the client joins as someone new', async () => {
    const first = await start();
    const room = freshRoom();
    const ada = await enter(await connect(first), { room, name: 'Ada' });
    const second = await start({ secret: 'another-server-secret-32-bytes-long!!' });
    const back = await enter(await connect(second), { room, name: 'Ada', resume: ada.resumeToken! });
    expect(back.self.id).not.toBe(ada.self.id);
    expect(back.resumed).toBe(false);
  });
});

describe('resume tokens that must not work', () => {
  it('altered, or for another room: a fresh join, never the claimed identity', async () => {
    const server = await start();
    const room = freshRoom();
    const ada = await enter(await connect(server), { room, name: 'Ada' });
    const [header, payload, signature] = ada.resumeToken!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, name: 'Mallory' })).toString('base64url')}.${signature}`;
    const mallory = await enter(await connect(server), { room, name: 'Mallory', resume: forged });
    expect(mallory.self.id).not.toBe(ada.self.id);
    const elsewhere = await enter(await connect(server), { room: freshRoom(), name: 'Ada', resume: ada.resumeToken! });
    expect(elsewhere.self.id).not.toBe(ada.self.id);
    expect((await server.store.members(room)).map((p) => p.name).sort()).toEqual(['Ada', 'Mallory']);
  });
});

describe('a reloaded page', () => {
  it('replaces its old participant at once, even while the old connection is still open', async () => {
    const server = await start();
    const room = freshRoom();
    const ada = await connect(server);
    await joined(ada, room, 'Ada');
    const oldTab = await connect(server);
    const old = await joined(oldTab, room, 'Bob');
    const events: string[] = [];
    ada.on('participant-left', ({ id }) => events.push(`left ${id === old.self.id ? 'old Bob' : id}`));
    ada.on('participant-joined', ({ name, id }) => events.push(`joined ${name}${id === old.self.id ? ' (old id)' : ''}`));

    const oldClosed = new Promise<void>((resolve) => oldTab.once('disconnect', () => resolve()));
    const reloaded = await enter(await connect(server), { room, name: 'Bob', replaces: old.resumeToken! });
    await oldClosed;
    expect(reloaded.self.id).not.toBe(old.self.id);
    await nextEvent(ada, 'participant-joined', 200).catch(() => undefined);
    expect(events).toEqual(['left old Bob', 'joined Bob']);
    expect((await server.store.members(room)).map((p) => p.id)).not.toContain(old.self.id);
  });

  it('gets back into its locked, password-protected room without the password, even after its old self said goodbye', async () => {
    const server = await start();
    const room = freshRoom();
    const host = await connect(server);
    await enter(host, { room, name: 'Ada', password: 'pw' });
    const oldTab = await connect(server);
    const old = await enter(oldTab, { room, name: 'Bob', password: 'pw' });
    expect(await host.timeout(5_000).emitWithAck('moderate', { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
    await oldTab.timeout(5_000).emitWithAck('leave', {}); // what the page does on pagehide

    const reloaded = await enter(await connect(server), { room, name: 'Bob', replaces: old.resumeToken! });
    expect(reloaded.participants.map((p) => p.name)).toEqual(['Ada']);
    // Not a back door: the same request without the proof is refused.
    const stranger = await (await connect(server)).timeout(5_000).emitWithAck('join', { room, name: 'Bob' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'password-required' } });
  });

  it('keeps the host role when the host reloads', async () => {
    const server = await start();
    const room = freshRoom();
    const host = await enter(await connect(server), { room, name: 'Ada' });
    await enter(await connect(server), { room, name: 'Bob' });
    const reloaded = await enter(await connect(server), { room, name: 'Ada', replaces: host.resumeToken! });
    expect(reloaded.roomStatus?.hostId).toBe(reloaded.self.id);
  });

  it('keeps the host role when the host’s page said goodbye as it unloaded, and the others are told', async () => {
    const server = await start();
    const room = freshRoom();
    const adaTab = await connect(server);
    const ada = await enter(adaTab, { room, name: 'Ada' });
    const bobSocket = await connect(server);
    const bob = await enter(bobSocket, { room, name: 'Bob' });
    const statuses = collect(bobSocket, 'room-status') as RoomStatus[];
    await adaTab.timeout(5_000).emitWithAck('leave', {}); // what the page does on pagehide
    await waitFor(() => statuses.some((status) => status.hostId === bob.self.id), { what: 'Bob hosts meanwhile', timeoutMs: 5_000 });

    const reloaded = await enter(await connect(server), { room, name: 'Ada', replaces: ada.resumeToken! });
    expect(reloaded.roomStatus?.hostId).toBe(reloaded.self.id);
    await waitFor(() => statuses.at(-1)?.hostId === reloaded.self.id, { what: 'Bob told Ada hosts again', timeoutMs: 5_000 });
  });

  it('does not take the role back from someone it was handed to after the host left', async () => {
    const server = await start();
    const room = freshRoom();
    const adaTab = await connect(server);
    const ada = await enter(adaTab, { room, name: 'Ada' });
    const bobSocket = await connect(server);
    await enter(bobSocket, { room, name: 'Bob' });
    const cyd = await enter(await connect(server), { room, name: 'Cyd' });
    await adaTab.timeout(5_000).emitWithAck('leave', {});
    // Bob hosts now, and hands the role to Cyd: a choice the reloaded Ada must not undo.
    expect(await bobSocket.timeout(5_000).emitWithAck('moderate', { action: 'make-host', id: cyd.self.id })).toEqual({
      ok: true,
      value: null,
    });
    const reloaded = await enter(await connect(server), { room, name: 'Ada', replaces: ada.resumeToken! });
    expect(reloaded.roomStatus?.hostId).toBe(cyd.self.id);
  });
});

describe('simultaneous joins (what every client does right after a restart)', () => {
  it('each one learns of every other exactly once, and never before its own snapshot', async () => {
    const server = await start();
    for (let round = 0; round < 10; round += 1) {
      const room = freshRoom();
      const sockets = await Promise.all([connect(server), connect(server), connect(server)]);
      const seen = sockets.map(() => ({ acked: false, early: 0, ids: [] as string[] }));
      sockets.forEach((socket, index) =>
        socket.on('participant-joined', ({ id }) => {
          if (!seen[index]!.acked) seen[index]!.early += 1;
          seen[index]!.ids.push(id);
        }),
      );
      const snapshots = await Promise.all(
        sockets.map(
          (socket, index) =>
            new Promise<JoinSnapshot>((resolve, reject) => {
              // The ack callback runs as its packet is read, so the order seen here is the wire order.
              socket.emit('join', { room, name: `P${index}` }, (result) => {
                if (!result.ok) return reject(new Error(result.error.message));
                seen[index]!.acked = true;
                seen[index]!.ids.push(...result.value.participants.map((p) => p.id));
                resolve(result.value);
              });
            }),
        ),
      );
      const everyone = snapshots.map((s) => s.self.id);
      await nextEvent(sockets[0], 'participant-joined', 200).catch(() => undefined);
      seen.forEach((view, index) => {
        expect(view.early, `round ${round}: events before P${index}'s snapshot`).toBe(0);
        expect([...view.ids].sort(), `round ${round}: whom P${index} knows`).toEqual(
          everyone.filter((id) => id !== everyone[index]).sort(),
        );
      });
      closeAllClients();
    }
  });
});

describe('a room restored after a restart', () => {
  it('comes back with its host (even one handed the role later) and its lock, from the re-issued resume tokens', async () => {
    const first = await start();
    const port = Number(new URL(first.url()).port);
    const room = freshRoom();
    const adaSocket = await connect(first);
    const bobSocket = await connect(first);
    await enter(adaSocket, { room, name: 'Ada' });
    const bob = await enter(bobSocket, { room, name: 'Bob' });
    const adaTokens: string[] = [];
    const bobTokens: string[] = [];
    adaSocket.on('session', ({ resumeToken }) => adaTokens.push(resumeToken));
    bobSocket.on('session', ({ resumeToken }) => bobTokens.push(resumeToken));
    expect(await adaSocket.timeout(5_000).emitWithAck('moderate', { action: 'make-host', id: bob.self.id })).toEqual({
      ok: true,
      value: null,
    });
    expect(await bobSocket.timeout(5_000).emitWithAck('moderate', { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
    expect([adaTokens.length, bobTokens.length]).toEqual([2, 2]);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await start({ port });
    // Ada is back first and hosts meanwhile; Bob takes the role back on return: his token says so.
    const adaAgain = await connect(second);
    const adaBack = await enter(adaAgain, { room, name: 'Ada', resume: adaTokens.at(-1)! });
    expect(adaBack.roomStatus).toMatchObject({ hostId: adaBack.self.id, locked: true });
    const told = nextEvent(adaAgain, 'room-status');
    const bobBack = await enter(await connect(second), { room, name: 'Bob', resume: bobTokens.at(-1)! });
    expect(bobBack.roomStatus).toEqual({ hostId: bob.self.id, locked: true, passwordProtected: false, waitingRoom: false, e2ee: false });
    expect((await told).hostId).toBe(bob.self.id);
    const stranger = await (await connect(second)).timeout(5_000).emitWithAck('join', { room, name: 'Eve' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'room-locked' } });
  });
});
