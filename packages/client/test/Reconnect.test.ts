import { afterEach, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { Room } from '../src/Room.js';
import { waitFor, webrtc } from './support/wrtc.js';

const rooms: Room[] = [];
let server: ParleyServer | null = null;
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
  await server?.close();
  server = null;
});

async function startOn(port: number): Promise<ParleyServer> {
  const started = await createParleyServer(makeConfig({ port, host: '127.0.0.1', logLevel: 'silent' }));
  await started.listen();
  return started;
}

describe('Room after the signaling server restarts', () => {
  it('rejoins by itself and finds the others again', async () => {
    server = await startOn(0);
    const port = Number(new URL(server.url()).port);
    const roomId = `restart-${Date.now()}`;
    const ada = new Room({ serverUrl: server.url(), roomId, name: 'Ada', webrtc });
    const bob = new Room({ serverUrl: server.url(), roomId, name: 'Bob', webrtc });
    rooms.push(ada, bob);
    const states: string[] = [];
    ada.on('signaling-state', (state) => states.push(state));
    await ada.join();
    await bob.join();
    await waitFor(() => ada.participants.size === 1 && bob.participants.size === 1, 3_000, 'both present');

    await server.close();
    await waitFor(() => ada.signalingState === 'reconnecting', 5_000, 'drop noticed');
    server = await startOn(port);

    await waitFor(
      () =>
        ada.signalingState === 'connected' &&
        [...ada.participants.values()].some((p) => p.name === 'Bob') &&
        [...bob.participants.values()].some((p) => p.name === 'Ada'),
      15_000,
      'rejoined and reconnected',
    );
    const bobSeenByAda = [...ada.participants.values()][0]!;
    await waitFor(() => bobSeenByAda.connectionState === 'connected', 10_000, 'new peer connection');
    // Exactly one Bob: the one from before the restart was dropped, not kept as a ghost.
    expect([...ada.participants.values()].map((p) => p.name)).toEqual(['Bob']);
    expect(states).toContain('reconnecting');
    expect((await server.store.stats()).participants).toBe(2);
  });
});
