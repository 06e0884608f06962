import { afterAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { Room } from '../../src/Room.js';
import { webrtc } from '../support/wrtc.js';
import { waitFor } from '@parley/testkit';

const servers: ParleyServer[] = [];
const rooms: Room[] = [];
afterAll(async () => {
  await Promise.all(rooms.map((room) => room.leave()));
  await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
});

async function serverOn(port: number): Promise<ParleyServer> {
  const server = await createParleyServer(makeConfig({ port, host: '127.0.0.1', logLevel: 'silent' }));
  servers.push(server);
  await server.listen();
  return server;
}

describe('graceful shutdown, seen from the SDK', () => {
  it('participants told of the shutdown reconnect by themselves to the server that takes over the address', async () => {
    const first = await serverOn(0);
    const port = Number(new URL(first.url()).port);
    const roomId = `restart-${Date.now()}`;
    const ada = new Room({ serverUrl: first.url(), roomId, name: 'Ada', webrtc });
    const bob = new Room({ serverUrl: first.url(), roomId, name: 'Bob', webrtc });
    rooms.push(ada, bob);
    await ada.join();
    await bob.join();
    const states: string[] = [];
    ada.on('signaling-state', (state) => states.push(state));

    await first.shutdown({ timeoutMs: 4_000 });
    await waitFor(() => ada.signalingState === 'reconnecting' && bob.signalingState === 'reconnecting', {
      what: 'both to notice',
      timeoutMs: 10_000,
    });

    const second = await serverOn(port);
    await waitFor(() => ada.signalingState === 'connected' && bob.signalingState === 'connected', {
      what: 'both to reconnect',
      timeoutMs: 20_000,
    });
    await waitFor(async () => (await second.store.stats()).participants === 2, { what: 'both to rejoin the room', timeoutMs: 20_000 });
    await waitFor(() => ada.participants.size === 1 && bob.participants.size === 1, {
      what: 'each to see the other again',
      timeoutMs: 20_000,
    });
    expect([...ada.participants.values()][0]!.name).toBe('Bob');
    expect(states[0]).toBe('reconnecting');
    expect(states.at(-1)).toBe('connected');
  });
});
