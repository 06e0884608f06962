import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { waitFor } from '@parley/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_JITTER_MS, ReconnectDelay } from '../src/reconnectDelay.js';
import { Room } from '../src/Room.js';
import { webrtc } from './support/wrtc.js';

describe('ReconnectDelay', () => {
  it('waits what the server asked, backs off from 1 s to 30 s on floods in a row, and starts over after a quiet minute', () => {
    let now = 0;
    const delay = new ReconnectDelay(
      () => 0,
      () => now,
    );
    expect(delay.take()).toBe(0);
    delay.rateLimited(5_000);
    expect(delay.take()).toBe(5_000);
    expect(delay.take()).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      now += 1_000;
      delay.rateLimited(undefined);
      waits.push(delay.take());
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    now += 61_000;
    delay.rateLimited(undefined);
    expect(delay.take()).toBe(1_000);
    delay.shutdown(2_000);
    expect(delay.take()).toBe(2_000);
    const jittered = new ReconnectDelay(() => 0.999);
    jittered.shutdown(1_000);
    expect(jittered.take()).toBe(1_000 + MAX_JITTER_MS - 1);
  });
});

const servers: ParleyServer[] = [];
const rooms: Room[] = [];
afterAll(async () => {
  await Promise.all(rooms.map((room) => room.leave()));
  await Promise.all(servers.map((server) => server.close()));
});

describe('a Room disconnected for flooding', () => {
  it('reconnects only after the wait the server gave, never at once', async () => {
    const server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    servers.push(server);
    await server.listen();
    const ada = new Room({ serverUrl: server.url(), roomId: `flood-${Date.now()}`, name: 'Ada', webrtc });
    rooms.push(ada);
    await ada.join();
    const socket = [...server.io.of('/').sockets.values()].find((candidate) => candidate.data.participantId === ada.self?.id)!;
    // What the server's router does to a flooding connection: say why and how long to wait, then disconnect.
    const disconnectedAt = Date.now();
    socket.emit('rejected', {
      event: 'media-state',
      error: { code: 'rate-limited', message: 'Too many messages.', details: { retryInMs: 1_500 } },
    });
    socket.disconnect(true);
    await waitFor(() => ada.signalingState === 'reconnecting', { what: 'Ada to notice', timeoutMs: 5_000 });
    await waitFor(() => ada.signalingState === 'connected', { what: 'Ada back', timeoutMs: 10_000 });
    expect(Date.now() - disconnectedAt).toBeGreaterThanOrEqual(1_500);
  }, 30_000);
});
