import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, ModerateRequest } from '@parley/protocol';
import type { ParleyServer } from '../src/server.js';
import {
  OFFER,
  closeAllClients,
  collect,
  connect,
  joined,
  nextEvent,
  nextRejection,
  startServer,
  type TestClient,
} from './support/harness.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => closeAllClients());
afterAll(async () => server.close());

let counter = 0;
const freshRoom = (): string => `mod-${Date.now()}-${counter++}`;

const moderate = (socket: TestClient, request: ModerateRequest): Promise<Ack<null>> =>
  socket.timeout(5_000).emitWithAck('moderate', request);

/** Ada creates the room (host), then Bob and Cyd join. */
async function threeInARoom() {
  const room = freshRoom();
  const [ada, bob, cyd] = await Promise.all([connect(server), connect(server), connect(server)]);
  const a = await joined(ada, room, 'Ada');
  const b = await joined(bob, room, 'Bob');
  const c = await joined(cyd, room, 'Cyd');
  return { room, ada, bob, cyd, ids: { ada: a.self.id, bob: b.self.id, cyd: c.self.id }, first: a, middle: b, last: c };
}

describe('the host', () => {
  it('is the room creator, and everyone learns it from the snapshot', async () => {
    const { ids, first, last } = await threeInARoom();
    expect(first.roomStatus).toEqual({ hostId: ids.ada, locked: false, passwordProtected: false, waitingRoom: false, e2ee: false });
    expect(last.roomStatus?.hostId).toBe(ids.ada);
  });

  it('locks the room: newcomers are refused, everyone is told, unlocking lets them in', async () => {
    const { room, ada, bob, ids } = await threeInARoom();
    const told = nextEvent(bob, 'room-status');
    expect(await moderate(ada, { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
    expect(await told).toEqual({ hostId: ids.ada, locked: true, passwordProtected: false, waitingRoom: false, e2ee: false });
    const dan = await connect(server);
    const refused = await dan.timeout(5_000).emitWithAck('join', { room, name: 'Dan' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'room-locked', message: expect.stringMatching(/locked/) } });
    await moderate(ada, { action: 'lock', locked: false });
    expect((await joined(dan, room, 'Dan')).participants).toHaveLength(3);
  });

  it('removes a participant: they are told, the others see them leave, and their session cannot come back', async () => {
    const { room, ada, bob, cyd, ids, middle } = await threeInARoom();
    const notice = nextEvent(bob, 'moderation');
    const cydSees = nextEvent(cyd, 'participant-left');
    expect(await moderate(ada, { action: 'remove', id: ids.bob })).toEqual({ ok: true, value: null });
    expect(await notice).toEqual({ kind: 'removed', by: ids.ada });
    expect(await cydSees).toEqual({ id: ids.bob });
    expect((await server.store.members(room)).map((p) => p.name).sort()).toEqual(['Ada', 'Cyd']);
    // Bob's socket no longer speaks for anyone in the room.
    bob.emit('signal', { to: ids.cyd, description: OFFER });
    expect((await nextRejection(bob)).error.code).toBe('not-in-room');
    // Neither resuming nor replacing (a reload) the removed session gets back in.
    for (const field of ['resume', 'replaces'] as const) {
      const again = await (await connect(server)).timeout(5_000).emitWithAck('join', { room, name: 'Bob', [field]: middle.resumeToken! });
      expect(again, field).toMatchObject({ ok: false, error: { code: 'removed' } });
    }
  });

  it('asks one participant to mute: only they are told, and by whom', async () => {
    const { ada, bob, cyd, ids } = await threeInARoom();
    const cydNotices = collect(cyd, 'moderation');
    const notice = nextEvent(bob, 'moderation');
    expect(await moderate(ada, { action: 'mute', id: ids.bob })).toEqual({ ok: true, value: null });
    expect(await notice).toEqual({ kind: 'mute-requested', by: ids.ada });
    await moderate(ada, { action: 'lock', locked: false }); // a round trip later, Cyd has heard nothing
    expect(cydNotices).toEqual([]);
  });

  it('hands the role on; the old host loses its powers', async () => {
    const { ada, bob, cyd, ids } = await threeInARoom();
    const told = nextEvent(cyd, 'room-status');
    expect(await moderate(ada, { action: 'make-host', id: ids.bob })).toEqual({ ok: true, value: null });
    expect((await told).hostId).toBe(ids.bob);
    expect(await moderate(ada, { action: 'remove', id: ids.cyd })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await moderate(bob, { action: 'mute', id: ids.ada })).toEqual({ ok: true, value: null });
  });

  it('passes to the longest-present participant when the host leaves', async () => {
    const { ada, cyd, ids } = await threeInARoom();
    const told = nextEvent(cyd, 'room-status');
    ada.disconnect();
    expect((await told).hostId).toBe(ids.bob);
  });
});

describe('everyone else', () => {
  it('is refused every moderation request, and nothing changes', async () => {
    const { room, bob, ids } = await threeInARoom();
    const requests: ModerateRequest[] = [
      { action: 'lock', locked: true },
      { action: 'remove', id: ids.ada },
      { action: 'mute', id: ids.cyd },
      { action: 'make-host', id: ids.bob },
    ];
    for (const request of requests) {
      expect(await moderate(bob, request)).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: 'Only the host can do that.' },
      });
    }
    expect(await server.store.status(room)).toEqual({
      hostId: ids.ada,
      locked: false,
      passwordProtected: false,
      waitingRoom: false,
      e2ee: false,
    });
    expect(await server.store.members(room)).toHaveLength(3);
  });

  it('gets clear errors for a target outside the room, for oneself, outside any room, and for malformed requests', async () => {
    const { ada, ids } = await threeInARoom();
    const other = await threeInARoom();
    expect(await moderate(ada, { action: 'remove', id: other.ids.bob })).toMatchObject({ ok: false, error: { code: 'peer-not-found' } });
    expect(await moderate(ada, { action: 'remove', id: ids.ada })).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    const stranger = await connect(server);
    expect(await moderate(stranger, { action: 'lock', locked: true })).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    const bad = await ada.timeout(5_000).emitWithAck('moderate', { action: 'ban-everyone' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });
});
