import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import wrtc from '@roamhq/wrtc';
import { Room, type LocalTracks, type WebRtcImplementation } from '@parley/client';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { startCoturn, waitFor } from '@parley/testkit';
import { CallStore, type CallView } from '../src/room/CallStore.js';

/**
 * The call screen's one store, against a real server and real Rooms (libwebrtc in Node): what it
 * holds is what the tiles, banners and panels show.
 */
const webrtc = wrtc as unknown as WebRtcImplementation;
let server: ParleyServer;
const rooms: Room[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  await server.listen();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
});
// libwebrtc closes connections on its own threads: give them a moment before the worker exits.
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
});

/** Receive-only media that can be told to mute, as LocalMedia can. */
const silentMedia = (): LocalTracks => ({
  audioTrack: null,
  videoTrack: null,
  setMicEnabled: () => undefined,
  on() {
    return this;
  },
  off() {
    return this;
  },
});

async function joined(roomId: string, name: string, serverUrl = server.url()): Promise<Room> {
  const room = new Room({ serverUrl, roomId, name, webrtc, media: silentMedia() });
  rooms.push(room);
  await room.join();
  return room;
}

/** A store with one listener, as the call screen holds it; `views` are the snapshots it was told of. */
function watched(room: Room): { store: CallStore; views: CallView[]; stop: () => void } {
  const store = new CallStore(room);
  const views: CallView[] = [];
  const stop = store.subscribe(() => views.push(store.getSnapshot()));
  return { store, views, stop };
}

describe('CallStore', () => {
  it('shows who is there, the host and lock, and the host’s mute notice, as the room tells it', async () => {
    const roomId = `store-${Date.now()}`;
    const ada = await joined(roomId, 'Ada');
    const adaView = watched(ada);
    expect(adaView.store.getSnapshot()).toMatchObject({ participants: [], isHost: true, recording: false, signaling: 'connected' });
    // Unchanged, the snapshot is the same object (useSyncExternalStore re-renders on a new one).
    expect(adaView.store.getSnapshot()).toBe(adaView.store.getSnapshot());

    const bob = await joined(roomId, 'Bob');
    const bobView = watched(bob);
    expect(bobView.store.getSnapshot()).toMatchObject({ isHost: false, mutedBy: null });
    await waitFor(() => adaView.store.getSnapshot().participants.some((p) => p.name === 'Bob' && p.connectionState === 'connected'), {
      what: 'Bob connected on Ada’s screen',
      timeoutMs: 10_000,
    });
    expect(bobView.store.getSnapshot().participants.map((p) => p.name)).toEqual(['Ada']);

    await ada.moderation.lock(true);
    await waitFor(() => adaView.store.getSnapshot().status.locked && bobView.store.getSnapshot().status.locked, {
      what: 'the lock on both screens',
      timeoutMs: 5_000,
    });

    await ada.moderation.askToMute(bob.self!.id);
    await waitFor(() => bobView.store.getSnapshot().mutedBy === 'Ada', { what: 'Bob told Ada muted him', timeoutMs: 5_000 });
    bobView.store.dismissMute();
    expect(bobView.store.getSnapshot().mutedBy).toBeNull();

    await bob.leave();
    await waitFor(() => adaView.store.getSnapshot().participants.length === 0, { what: 'Bob gone from Ada’s screen', timeoutMs: 5_000 });
    // Listeners hear of changes, each time with a new snapshot, never of the same one twice.
    expect(adaView.views.length).toBeGreaterThan(0);
    expect(new Set(adaView.views).size).toBe(adaView.views.length);
  });

  it('shows the breakout rooms to everyone in the main room, and the host’s message until it is read', async () => {
    const roomId = `store-breakouts-${Date.now()}`;
    const ada = await joined(roomId, 'Ada');
    const bob = await joined(roomId, 'Bob');
    const cyd = await joined(roomId, 'Cyd');
    const cydView = watched(cyd);
    await ada.breakouts.open([{ name: 'Room 1', members: [bob.self!.id] }], { minutes: 5 });
    await waitFor(() => cydView.store.getSnapshot().breakouts !== null, { what: 'the rooms shown', timeoutMs: 5_000 });
    expect(cydView.store.getSnapshot().breakouts?.rooms.map((room) => [room.name, room.members.map((m) => m.name)])).toEqual([
      ['Room 1', ['Bob']],
    ]);
    await ada.breakouts.broadcast('Five minutes');
    await waitFor(() => cydView.store.getSnapshot().breakoutMessage !== null, { what: 'the message shown', timeoutMs: 5_000 });
    expect(cydView.store.getSnapshot().breakoutMessage).toEqual({ text: 'Five minutes', from: 'Ada' });
    cydView.store.dismissBreakoutMessage();
    expect(cydView.store.getSnapshot().breakoutMessage).toBeNull();
    await ada.breakouts.close();
    await waitFor(() => cydView.store.getSnapshot().breakouts === null, { what: 'the rooms closed', timeoutMs: 5_000 });
    cydView.stop();
  });

  it('announces a change of host to everyone, not the first host anyone saw', async () => {
    const roomId = `store-host-${Date.now()}`;
    const ada = await joined(roomId, 'Ada');
    const bob = await joined(roomId, 'Bob');
    const cyd = await joined(roomId, 'Cyd');
    const [bobView, cydView] = [watched(bob), watched(cyd)];
    expect(bobView.store.getSnapshot().hostChange).toBeNull();
    await ada.leave(); // the host leaves: the longest present, Bob, hosts
    await waitFor(() => bobView.store.getSnapshot().hostChange !== null && cydView.store.getSnapshot().hostChange !== null, {
      what: 'the change told on both screens',
      timeoutMs: 5_000,
    });
    expect(bobView.store.getSnapshot().hostChange).toEqual({ name: 'Bob', you: true });
    expect(cydView.store.getSnapshot().hostChange).toEqual({ name: 'Bob', you: false });
    cydView.store.dismissHostChange();
    expect(cydView.store.getSnapshot().hostChange).toBeNull();
  });

  it('follows the room only while someone listens, and catches up on what happened meanwhile', async () => {
    const roomId = `store-idle-${Date.now()}`;
    const ada = await joined(roomId, 'Ada');
    const adaView = watched(ada);
    adaView.stop();
    await joined(roomId, 'Bob');
    await waitFor(() => ada.participants.size === 1, { what: 'Bob in Ada’s room', timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(adaView.views).toEqual([]);
    expect(adaView.store.getSnapshot().participants).toEqual([]);

    const again = adaView.store.subscribe(() => undefined);
    expect(adaView.store.getSnapshot().participants.map((p) => p.name)).toEqual(['Bob']);
    // Someone there before the screen listened is listed, not announced as arriving.
    expect(adaView.store.getSnapshot().arrivals).toEqual([]);
    again();
  });

  it('announces who joins and, once it lasts, who leaves, until each notice is dismissed', async () => {
    const roomId = `store-arrivals-${Date.now()}`;
    const ada = await joined(roomId, 'Ada');
    const adaView = watched(ada);
    const bob = await joined(roomId, 'Bob');
    await waitFor(() => adaView.store.getSnapshot().arrivals.length === 1, { what: 'Bob announced', timeoutMs: 5_000 });
    const [arrival] = adaView.store.getSnapshot().arrivals;
    expect(arrival).toMatchObject({ kind: 'joined', name: 'Bob' });
    adaView.store.dismissArrival(arrival!.key);
    expect(adaView.store.getSnapshot().arrivals).toEqual([]);

    const leaving = Date.now();
    await bob.leave();
    await waitFor(() => adaView.store.getSnapshot().arrivals.length === 1, { what: 'Bob’s leaving announced', timeoutMs: 5_000 });
    expect(adaView.store.getSnapshot().arrivals[0]).toMatchObject({ kind: 'left', name: 'Bob' });
    // A departure is told once it has lasted 1.5 s (a replaced connection is none).
    expect(Date.now() - leaving).toBeGreaterThanOrEqual(1_500);
  });

  it('shows a relay refused before the call screen listened: the TURN problem is the room’s state, not a missed event', async () => {
    const coturn = await startCoturn();
    const relayOnly = await createParleyServer(
      makeConfig({
        port: 0,
        host: '127.0.0.1',
        logLevel: 'silent',
        turnUrls: [coturn.urls.udp],
        turnSecret: 'not-the-coturn-secret-0123456789',
        iceTransportPolicy: 'relay',
      }),
    );
    await relayOnly.listen();
    try {
      const roomId = `store-relay-${Date.now()}`;
      const ada = await joined(roomId, 'Ada', relayOnly.url());
      const bob = await joined(roomId, 'Bob', relayOnly.url());
      // Both rooms learn of it with nobody listening to the store: the web app mounts its call
      // screen after join, and the browser reports a refused allocation within milliseconds.
      await waitFor(() => ada.relayProblem !== null && bob.relayProblem !== null, { what: 'the refusal on both sides', timeoutMs: 10_000 });
      const bobView = watched(bob);
      expect(bobView.store.getSnapshot().iceProblem).toMatchObject({ code: 'turn-credentials-rejected', details: { status: 401 } });
      expect(bobView.store.getSnapshot().participants.map((p) => p.connectionState)).not.toContain('connected');
      bobView.stop();
    } finally {
      await Promise.all(rooms.splice(0).map((room) => room.leave()));
      await relayOnly.close();
      await coturn.close();
    }
  });
});
