import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../../src/server.js';
import type { ParleySocket } from '../../src/io/types.js';
import { closeAllClients, collect, connect, joined, sleep, startServer, type TestClient } from '../support/harness.js';

/**
 * Denial of service through the relay, as an attacker would try it within every per-connection
 * limit: a receiver that stops reading while others send it large offers, and one address
 * flooding from many connections. The server's memory for the slow receiver stays bounded,
 * the flood is cut to the per-address rate, and other rooms keep working throughout.
 */
const servers: ParleyServer[] = [];
afterAll(async () => {
  closeAllClients();
  for (const server of servers) await server.close();
});

async function serve(overrides: Parameters<typeof startServer>[0] = {}): Promise<ParleyServer> {
  const server = await startServer(overrides);
  servers.push(server);
  return server;
}

/** What the server holds for a connection and has not sent yet (engine.io's queue and the WebSocket's buffer). */
function queuedBytes(socket: ParleySocket): number {
  const connection = socket.conn as unknown as { writeBuffer?: { data?: unknown }[]; transport?: { socket?: { bufferedAmount?: number } } };
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) if (typeof packet.data === 'string') bytes += packet.data.length;
  return bytes;
}

function serverSocketOf(server: ParleyServer, participantId: string): ParleySocket | undefined {
  return [...server.io.of('/').sockets.values()].find((socket) => socket.data.participantId === participantId);
}

/** An offer of about `bytes` (what a large but valid description weighs). */
function bigOffer(bytes: number): { type: 'offer'; sdp: string } {
  const line = 'a=x-padding:' + 'p'.repeat(100) + '\r\n';
  return { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' + line.repeat(Math.floor(bytes / line.length)) };
}

describe('the relay under a denial-of-service attempt', () => {
  it('a receiver that stops reading: the server holds a bounded amount for it, senders are told, other rooms unaffected', async () => {
    const MAX_BACKLOG = 256 * 1024;
    const server = await serve({ maxParticipants: 12, maxBacklogBytes: MAX_BACKLOG });
    const room = `slow-${Date.now()}`;
    const receiver = await connect(server);
    const receiverId = (await joined(receiver, room, 'Slow')).self.id;
    const senders: TestClient[] = [];
    for (let i = 0; i < 10; i++) {
      const sender = await connect(server);
      await joined(sender, room, `Sender ${i}`);
      senders.push(sender);
    }
    // The receiver stops reading: its TCP socket is paused, so what the server sends piles up.
    const tcp = (receiver.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; destroy(): void } } } }).transport.ws
      ._socket;
    tcp.pause();
    const refusals = senders.map((sender) => collect(sender, 'rejected'));
    const before = process.memoryUsage().rss;
    // Each sender stays within its own limits: 6 offers of 30 KB a second (under 256 KiB/s and 50 messages/s).
    const offer = bigOffer(30_000);
    let maxQueued = 0;
    const receiverSocket = serverSocketOf(server, receiverId)!;
    const flood = setInterval(() => {
      for (const sender of senders) sender.emit('signal', { to: receiverId, description: offer });
      maxQueued = Math.max(maxQueued, queuedBytes(receiverSocket));
    }, 1000 / 6);
    // Meanwhile, in another room, two people exchange a signal: it must arrive promptly.
    const [ana, ben] = [await connect(server), await connect(server)];
    const otherRoom = `other-${Date.now()}`;
    await joined(ana, otherRoom, 'Ana');
    const benId = (await joined(ben, otherRoom, 'Ben')).self.id;
    await sleep(8_000);
    const sentAt = Date.now();
    const arrived = new Promise<number>((resolve) => ben.once('signal', () => resolve(Date.now() - sentAt)));
    ana.emit('signal', { to: benId, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    const otherRoomMs = await arrived;
    clearInterval(flood);
    tcp.destroy();
    const grew = process.memoryUsage().rss - before;
    console.log(
      `[slow reader] queued at most ${Math.round(maxQueued / 1024)} KiB for the paused receiver; process RSS +${Math.round(grew / 1e6)} MB; other room signal ${otherRoomMs} ms`,
    );

    // Bounded: at most four times the backlog bound (then the stalled connection is closed), plus one offer.
    expect(maxQueued).toBeLessThan(4 * MAX_BACKLOG + 64 * 1024);
    expect(refusals.flat().some((event) => (event as { error: { code: string } }).error.code === 'peer-busy')).toBe(true);
    expect(otherRoomMs).toBeLessThan(1_000);
    // All ten senders are still connected: the refusal is theirs to retry, not a punishment.
    expect(senders.every((sender) => sender.connected)).toBe(true);
  }, 60_000);

  it('one address flooding from many connections is cut to the per-address rate; another address is unaffected', async () => {
    const PER_IP = 200;
    const server = await serve({ maxParticipants: 60, rateLimitPerIp: PER_IP, maxConnectionsPerIp: 100 });
    const room = `flood-${Date.now()}`;
    const listener = await connect(server, undefined);
    await joined(listener, room, 'Listener');
    let received = 0;
    listener.on('media-state', () => (received += 1));
    const flooders: TestClient[] = [];
    for (let i = 0; i < 40; i++) {
      const flooder = await connect(server);
      await joined(flooder, room, `F${i}`);
      flooders.push(flooder);
    }
    received = 0;
    const started = Date.now();
    // Each connection alone stays under its own limit (burst 200): 150 messages each, 6,000 in all.
    for (const flooder of flooders)
      for (let i = 0; i < 150; i++) flooder.emit('media-state', { audio: i % 2 === 0, video: true, screen: false });
    await sleep(2_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`[per-address flood] ${received} of 6000 messages accepted in ${seconds.toFixed(1)} s (bound ${4 * PER_IP} + ${PER_IP}/s)`);
    expect(received).toBeLessThanOrEqual(4 * PER_IP + PER_IP * seconds + 50);

    // Another address is not affected: it joins and signals at once.
    const other = io(server.url(), {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      localAddress: '127.0.0.2',
    } as Parameters<typeof io>[1]);
    await new Promise<void>((resolve, reject) => {
      other.once('connect', () => resolve());
      other.once('connect_error', reject);
    });
    const snapshot = await (other as unknown as TestClient)
      .timeout(5_000)
      .emitWithAck('join', { room: `calm-${Date.now()}`, name: 'Calm' });
    expect(snapshot.ok).toBe(true);
    other.disconnect();
  }, 60_000);

  it('a flooding client is told how long to wait, and its address cannot reconnect before then', async () => {
    const server = await serve({ rateLimitPerSecond: 5, rateLimitBurst: 10 });
    const flooder = await connect(server);
    await joined(flooder, `wait-${Date.now()}`, 'Flooder');
    const rejected = collect(flooder, 'rejected');
    for (let i = 0; i < 30; i++) flooder.emit('media-state', { audio: true, video: true, screen: false });
    await sleep(500);
    expect(flooder.connected).toBe(false);
    const refusal = rejected.find((event) => (event as { error: { code: string } }).error.code === 'rate-limited') as
      { error: { details?: { retryInMs?: number } } } | undefined;
    expect(refusal?.error.details?.retryInMs).toBeGreaterThanOrEqual(1_000);
    // At once again from the same address: refused with the same reason.
    await expect(connect(server)).rejects.toMatchObject({ data: { code: 'rate-limited' } });
    // From another address: fine.
    const other = io(server.url(), {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      localAddress: '127.0.0.2',
    } as Parameters<typeof io>[1]);
    await new Promise<void>((resolve, reject) => {
      other.once('connect', () => resolve());
      other.once('connect_error', reject);
    });
    other.disconnect();
  }, 30_000);
});
