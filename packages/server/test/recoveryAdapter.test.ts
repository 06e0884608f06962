import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import { RecoveryAdapter } from '../src/io/RecoveryAdapter.js';

/**
 * The missed-packet buffer of connection state recovery, on a real socket.io server and client:
 * what a blip within the replay window gets back, and that nothing older is kept.
 */
const REPLAY_MS = 400;
const GRACE_MS = 10_000;

class ShortReplay extends RecoveryAdapter {
  constructor(nsp: ConstructorParameters<typeof RecoveryAdapter>[0]) {
    super(nsp, REPLAY_MS);
  }
}

let http: HttpServer;
let server: Server;
let client: ClientSocket;

async function start(): Promise<{ url: string; adapter: ShortReplay }> {
  http = createServer();
  server = new Server(http, { connectionStateRecovery: { maxDisconnectionDuration: GRACE_MS }, adapter: ShortReplay });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, adapter: server.of('/').adapter as ShortReplay };
}

async function connected(url: string): Promise<{ received: string[] }> {
  const received: string[] = [];
  client = connectClient(url, { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 50 });
  client.on('news', (text: string) => received.push(text));
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  return { received };
}

/** Drops the client's transport from the server side, as a network blip does, and waits for it back. */
async function blip(send: () => void): Promise<boolean> {
  const [socket] = server.of('/').sockets.values();
  const back = new Promise<boolean>((resolve) => client.once('connect', () => resolve(client.recovered)));
  socket!.conn.close();
  await waitFor(() => server.of('/').sockets.size === 0, { what: 'the server to see the drop' });
  send();
  return back;
}

afterEach(async () => {
  client?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the missed-packet buffer (RecoveryAdapter)', () => {
  it('a blip within the replay window gets what was sent meanwhile, in order', async () => {
    const { url } = await start();
    const { received } = await connected(url);
    const [socket] = server.of('/').sockets.values();
    socket!.emit('news', 'before');
    await waitFor(() => received.length === 1, { what: 'the first packet' });
    const recovered = await blip(() => {
      server.emit('news', 'while away 1');
      server.emit('news', 'while away 2');
    });
    expect(recovered).toBe(true);
    await waitFor(() => received.length === 3, { what: 'the missed packets' });
    expect(received).toEqual(['before', 'while away 1', 'while away 2']);
  });

  it('replays only what was sent to the socket, its rooms, or everyone, and nothing it was excepted from', async () => {
    const { url } = await start();
    const { received } = await connected(url);
    const [socket] = server.of('/').sockets.values();
    void socket!.join('room-a');
    socket!.emit('news', 'before');
    await waitFor(() => received.length === 1, { what: 'the first packet' });
    const recovered = await blip(() => {
      server.to('room-a').emit('news', 'to its room');
      server.to('room-b').emit('news', 'to another room');
      server.to(socket!.id).emit('news', 'to it');
      server.to('someone-else').emit('news', 'to someone else');
      server.to(['room-b', 'room-a']).emit('news', 'to two rooms, one its');
      server.except(socket!.id).emit('news', 'to everyone but it');
      server.to('room-a').except('room-c').emit('news', 'to its room, excepting another');
      server.emit('news', 'to everyone');
    });
    expect(recovered).toBe(true);
    await waitFor(() => received.length === 6, { what: 'the missed packets' });
    expect(received).toEqual(['before', 'to its room', 'to it', 'to two rooms, one its', 'to its room, excepting another', 'to everyone']);
  });

  it('packets older than the replay window are dropped (sessions are kept for the grace); a later blip is not recovered', async () => {
    const { url, adapter } = await start();
    const { received } = await connected(url);
    const [socket] = server.of('/').sockets.values();
    for (let i = 0; i < 100; i++) socket!.emit('news', `packet ${i}`);
    await waitFor(() => received.length === 100, { what: 'the packets' });
    expect(adapter.kept.packets).toBe(100);
    adapter.sweep(Date.now() + REPLAY_MS + 1);
    expect(adapter.kept.packets).toBe(0);

    // The client's last packet is gone: no replay, a new session (Parley then rejoins with its resume token).
    expect(await blip(() => server.emit('news', 'while away'))).toBe(false);
    // The session of the dropped connection stays for the grace, not the replay window.
    expect(adapter.kept.sessions).toBe(1);
    adapter.sweep(Date.now() + REPLAY_MS + 1);
    expect(adapter.kept.sessions).toBe(1);
    adapter.sweep(Date.now() + GRACE_MS + 1);
    expect(adapter.kept.sessions).toBe(0);
  });
});
