import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { freePort, waitFor } from '@parley/testkit';
import { Room } from '../src/Room.js';
import { PreparedConnection } from '../src/session/PreparedConnection.js';
import { Signaling, type SignalingState } from '../src/Signaling.js';
import { webrtc } from './support/wrtc.js';

/** The lobby's head start (RoomOptions.connection) against the real server. */
let server: ParleyServer;
const rooms: Room[] = [];
const connections: PreparedConnection[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  await server.listen();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
  for (const connection of connections.splice(0)) connection.close();
});
afterAll(async () => {
  await server.close();
});

function prepare(serverUrl = server.url()): PreparedConnection {
  const connection = new PreparedConnection({ serverUrl, timeoutMs: 2_000 });
  connections.push(connection);
  return connection;
}

function room(roomId: string, name: string, connection?: PreparedConnection): Room {
  const joining = new Room({ serverUrl: server.url(), roomId, name, webrtc, ...(connection ? { connection } : {}) });
  rooms.push(joining);
  return joining;
}

const sockets = (): string[] => [...server.io.of('/').sockets.keys()];

async function joinsCounted(): Promise<number> {
  const text = await (await fetch(`${server.url()}/metrics`)).text();
  return Number(/^parley_joins_total (\d+)$/m.exec(text)?.[1] ?? 'NaN');
}

describe('a connection prepared in the lobby', () => {
  it('the join goes over the socket opened before it, and the next Room opens its own', async () => {
    const connection = prepare();
    await waitFor(() => connection.connected, { what: 'the prepared connection to open' });
    const [lobbySocket] = sockets();
    expect(lobbySocket).toBeDefined();

    const ada = room(`prep-${Date.now()}`, 'Ada', connection);
    await ada.join();
    // No second connection: the join was the first thing said on the lobby's socket.
    expect(sockets()).toEqual([lobbySocket]);
    expect(server.io.of('/').sockets.get(lobbySocket!)?.data.participantId).toBe(ada.self?.id);
    expect(connection.take()).toBeNull();

    // Taken once: another Room given it joins over a connection of its own.
    const bob = room(ada.roomId, 'Bob', connection);
    await bob.join();
    expect(sockets()).toHaveLength(2);
  });

  it('connect() again while the lobby connection is still opening (Join pressed then): one namespace connect, the connection kept', async () => {
    const closes: string[] = [];
    server.io.on('connection', (socket) => socket.on('disconnect', (reason) => closes.push(reason)));
    // The moment of the race: the transport is open and socket.io's namespace CONNECT is on its
    // way, unanswered. A second connect() then sent a second CONNECT, which the server takes for a
    // protocol violation: it closed the transport ("forced close") and the join waited 10 s.
    const signaling = new Signaling({ serverUrl: server.url() });
    const first = signaling.connect();
    await new Promise<void>((resolve) => signaling.socket.io.once('open', () => resolve()));
    const second = signaling.connect();
    await Promise.all([first, second]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closes).toEqual([]);
    expect(signaling.state).toBe('connected');
    expect(sockets()).toEqual([signaling.socket.id]);
    signaling.close();
  });

  it('a lobby socket that dropped and is coming back when Join is pressed joins once', async () => {
    const connection = prepare();
    await waitFor(() => connection.connected, { what: 'the prepared connection to open' });
    const before = await joinsCounted();
    // The transport drops (as a network blip does): socket.io is reconnecting when the Room takes it.
    server.io.of('/').sockets.get(sockets()[0]!)!.conn.close();
    await waitFor(() => !connection.connected, { what: 'the drop to be seen' });
    const ada = room(`prep-blip-${Date.now()}`, 'Ada', connection);
    await ada.join();
    // A reconnect the lobby's socket made before the join is not a rejoin: one join, one member.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await joinsCounted()) - before).toBe(1);
    expect(sockets()).toHaveLength(1);
    expect(await server.store.members(ada.roomId)).toHaveLength(1);
  });

  it('a server the lobby could not reach: the join says so at once, and closing lets the socket go', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const connection = prepare(nowhere);
    // The first attempt fails within moments (nothing listens there).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lost = new Room({ serverUrl: nowhere, roomId: 'nowhere', name: 'Ada', webrtc, connection });
    const states: SignalingState[] = [];
    lost.on('signaling-state', (state) => states.push(state));
    const joining = lost.join();
    // Told before any new attempt could fail: the lobby's attempts already had.
    await waitFor(() => states.length > 0, { what: 'the join to say the server is not reachable', timeoutMs: 500 });
    expect(states[0]).toBe('reconnecting');
    await expect(joining).rejects.toMatchObject({ code: 'signaling-unavailable' });

    const unused = prepare();
    await waitFor(() => unused.connected, { what: 'a second prepared connection to open' });
    unused.close();
    await waitFor(() => sockets().length === 0, { what: 'the server to see the unused connection go' });
  });
});
