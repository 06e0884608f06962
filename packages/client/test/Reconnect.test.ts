import { afterEach, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { Room } from '../src/Room.js';
import { webrtc } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

const rooms: Room[] = [];
let server: ParleyServer | null = null;
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
  await server?.close();
  server = null;
});

const SECRET = 'the-same-parley-secret-across-restarts';

async function startOn(port: number, secret?: string): Promise<ParleyServer> {
  const started = await createParleyServer(
    makeConfig({ port, host: '127.0.0.1', logLevel: 'silent', departureGrace: 2, ...(secret ? { secret } : {}) }),
  );
  await started.listen();
  return started;
}

describe('Room after the signaling server restarts', () => {
  it('with the same PARLEY_SECRET: resumes under the same ids, keeps its peer connections, reconciles who left and who came', async () => {
    server = await startOn(0, SECRET);
    const port = Number(new URL(server.url()).port);
    const roomId = `resume-${Date.now()}`;
    const [ada, bob, cyd] = ['Ada', 'Bob', 'Cyd'].map((name) => new Room({ serverUrl: server!.url(), roomId, name, webrtc }));
    rooms.push(ada!, bob!, cyd!);
    for (const room of [ada!, bob!, cyd!]) await room.join();
    await waitFor(
      () =>
        [ada!, bob!, cyd!].every((room) => [...room.participants.values()].filter((p) => p.connectionState === 'connected').length === 2),
      { what: 'all three connected', timeoutMs: 15_000 },
    );
    const adaId = ada!.self!.id;
    const bobId = bob!.self!.id;
    const adasLinkToBob = ada!.participants.get(bobId)!.link;
    const leftEvents: string[] = [];
    ada!.on('participant-left', (p) => leftEvents.push(p.name));

    await server.close();
    await waitFor(() => ada!.signalingState === 'reconnecting' && bob!.signalingState === 'reconnecting', {
      what: 'drop noticed',
      timeoutMs: 5_000,
    });
    await cyd!.leave(); // leaves while the server is down: nobody is told
    server = await startOn(port, SECRET);

    await waitFor(() => ada!.signalingState === 'connected' && bob!.signalingState === 'connected', {
      what: 'both back',
      timeoutMs: 15_000,
    });
    // Back in the room, not only connected: the server lists both again.
    for (let tries = 0; (await server.store.members(roomId)).length < 2; tries += 1) {
      if (tries > 300) throw new Error('timed out waiting for both to rejoin');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ada!.self!.id).toBe(adaId);
    expect(bob!.self!.id).toBe(bobId);
    // The very same RTCPeerConnection, still connected: media never stopped.
    expect(ada!.participants.get(bobId)!.link).toBe(adasLinkToBob);
    expect(adasLinkToBob.connectionState).toBe('connected');
    expect(bob!.participants.get(adaId)?.connectionState).toBe('connected');
    // Cyd did not come back: reconciled away after the grace.
    await waitFor(() => !ada!.participants.has(cyd!.self?.id ?? '') && [...ada!.participants.values()].every((p) => p.name !== 'Cyd'), {
      what: 'Cyd gone',
      timeoutMs: 15_000,
    });
    expect(leftEvents).toEqual(['Cyd']);

    // Someone new afterwards sees both, and both see them.
    const dan = new Room({ serverUrl: server.url(), roomId, name: 'Dan', webrtc });
    rooms.push(dan);
    const snapshot = await dan.join();
    expect(snapshot.participants.map((p) => p.name).sort()).toEqual(['Ada', 'Bob']);
    await waitFor(
      () =>
        [ada!, bob!].every((room) => [...room.participants.values()].some((p) => p.name === 'Dan' && p.connectionState === 'connected')),
      { what: 'Dan connected to both', timeoutMs: 15_000 },
    );
    expect(ada!.participants.get(bobId)!.link).toBe(adasLinkToBob);
  });

  it('with another secret (none set: random per process): rejoins as someone new and finds the others again', async () => {
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
    await waitFor(() => ada.participants.size === 1 && bob.participants.size === 1, { what: 'both present', timeoutMs: 3_000 });

    const before = { ada: ada.self!.id, bob: bob.self!.id };
    await server.close();
    await waitFor(() => ada.signalingState === 'reconnecting', { what: 'drop noticed', timeoutMs: 5_000 });
    server = await startOn(port);

    // Rejoined under new ids (the old resume tokens do not verify), each linked to the other's new self.
    await waitFor(
      () =>
        ada.self!.id !== before.ada &&
        bob.self!.id !== before.bob &&
        ada.participants.has(bob.self!.id) &&
        bob.participants.has(ada.self!.id),
      { what: 'rejoined and reconnected', timeoutMs: 15_000 },
    );
    const bobSeenByAda = ada.participants.get(bob.self!.id)!;
    await waitFor(() => bobSeenByAda.connectionState === 'connected', { what: 'new peer connection', timeoutMs: 10_000 });
    // Exactly one Bob: the one from before the restart was dropped, not kept as a ghost.
    expect([...ada.participants.values()].map((p) => p.name)).toEqual(['Bob']);
    expect(states).toContain('reconnecting');
    expect((await server.store.stats()).participants).toBe(2);
  });

  it('a request made while the connection is down is refused at once, and never reaches the server before the rejoin', async () => {
    server = await startOn(0, SECRET);
    const port = Number(new URL(server.url()).port);
    const roomId = `offline-${Date.now()}`;
    const ada = new Room({ serverUrl: server.url(), roomId, name: 'Ada', webrtc });
    rooms.push(ada);
    await ada.join();
    expect(ada.moderation.isHost).toBe(true);

    await server.close();
    await waitFor(() => ada.signalingState === 'reconnecting', { what: 'drop noticed', timeoutMs: 5_000 });
    const asked = Date.now();
    // socket.io would buffer it and send it on the new connection ahead of the rejoin, where
    // the server can only answer `not-in-room`.
    await expect(ada.moderation.lock(true)).rejects.toMatchObject({ code: 'signaling-unavailable' });
    expect(Date.now() - asked).toBeLessThan(1_000);

    // The rejoin brings the room's status (the event is held until the join's answer is in):
    // from then on Ada is in the room again.
    const back = new Promise((resolve) => ada.once('room-status', resolve));
    server = await startOn(port, SECRET);
    await back;
    expect((await server.store.members(roomId)).map((member) => member.name)).toEqual(['Ada']);
    expect((await server.store.status(roomId))?.locked).toBe(false);
    // Back in: the same request now goes through.
    await ada.moderation.lock(true);
    expect((await server.store.status(roomId))?.locked).toBe(true);
  });
});
