import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, collect, connect, joined, nextEvent, nextRejection, startServer } from './support/harness.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => closeAllClients());
afterAll(async () => {
  await server.close();
});

let roomCounter = 0;
const freshRoom = (): string => `media-${Date.now()}-${roomCounter++}`;
const MUTED = { audio: false, video: true, screen: false };

describe('media-state relay', () => {
  it('tells the rest of the room, stamped with the sender, and nobody in other rooms', async () => {
    const room = freshRoom();
    const [ada, bob, cyd, eve] = await Promise.all([connect(server), connect(server), connect(server), connect(server)]);
    const adaInfo = await joined(ada, room, 'Ada');
    await joined(bob, room, 'Bob');
    await joined(cyd, room, 'Cyd');
    await joined(eve, freshRoom(), 'Eve');
    const toEve = collect(eve, 'media-state');
    const toAda = collect(ada, 'media-state');

    const atBob = nextEvent(bob, 'media-state');
    const atCyd = nextEvent(cyd, 'media-state');
    ada.emit('media-state', MUTED);
    expect(await atBob).toEqual({ from: adaInfo.self.id, ...MUTED });
    expect(await atCyd).toEqual({ from: adaInfo.self.id, ...MUTED });
    expect(toEve).toEqual([]);
    expect(toAda).toEqual([]); // not echoed to the sender
  });

  it('with `to`, reaches only that member (how a newcomer learns the state of those already there)', async () => {
    const room = freshRoom();
    const [ada, bob, cyd] = await Promise.all([connect(server), connect(server), connect(server)]);
    const adaInfo = await joined(ada, room, 'Ada');
    await joined(bob, room, 'Bob');
    const cydInfo = await joined(cyd, room, 'Cyd');
    const toBob = collect(bob, 'media-state');

    const atCyd = nextEvent(cyd, 'media-state');
    ada.emit('media-state', { ...MUTED, screen: true, to: cydInfo.self.id });
    expect(await atCyd).toEqual({ from: adaInfo.self.id, audio: false, video: true, screen: true });
    // A later broadcast arrives at Bob first-and-only, so nothing earlier was addressed to him.
    const atBob = nextEvent(bob, 'media-state');
    cyd.emit('media-state', MUTED);
    await atBob;
    expect(toBob).toEqual([{ from: cydInfo.self.id, ...MUTED }]);
  });

  it('refuses a state before joining, to someone outside the room, a forged sender and unknown fields', async () => {
    const room = freshRoom();
    const [ada, eve] = await Promise.all([connect(server), connect(server)]);
    ada.emit('media-state', MUTED);
    expect((await nextRejection(ada)).error.code).toBe('not-in-room');

    await joined(ada, room, 'Ada');
    const eveInfo = await joined(eve, freshRoom(), 'Eve');
    ada.emit('media-state', { ...MUTED, to: eveInfo.self.id });
    expect((await nextRejection(ada)).error.code).toBe('peer-not-found');

    ada.emit('media-state', { ...MUTED, from: eveInfo.self.id } as never);
    expect((await nextRejection(ada)).error.code).toBe('invalid-message');
    ada.emit('media-state', { audio: 'yes', video: true, screen: false } as never);
    expect((await nextRejection(ada)).error.code).toBe('invalid-message');
  });
});
