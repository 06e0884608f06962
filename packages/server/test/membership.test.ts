import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JoinSnapshot } from '@parley/protocol';
import { reapNode } from '../src/cluster/reapNode.js';
import type { LeftEvent } from '../src/membership/events.js';
import { MemoryRoomStore } from '../src/rooms/MemoryRoomStore.js';
import type { JoinOutcome } from '../src/rooms/RoomState.js';
import type { ParleyServer } from '../src/server.js';
import { OFFER, closeAllClients, collect, connect, joined, nextRejection, sleep, startServer, type TestClient } from './support/harness.js';
import { waitFor } from '@parley/testkit';

/**
 * Every way out of a room runs the same teardown (Membership.remove): the others hear
 * `participant-left` once, a `left` event names the reason, the signal counters of the one who
 * left are gone, the host role passes on, and a connection still open speaks for nobody.
 */
let server: ParleyServer;
let departures: LeftEvent[] = [];
beforeAll(async () => {
  server = await startServer();
  server.membership.on('left', (event) => departures.push(event));
});
afterEach(() => {
  closeAllClients();
  departures = [];
});
afterAll(async () => server.close());

let counter = 0;
const freshRoom = (): string => `out-${Date.now()}-${counter++}`;

/** Ada (host) and Bob in a room, having exchanged a signal each way (so both have counters). */
async function pair(
  target: ParleyServer = server,
): Promise<{ room: string; ada: TestClient; bob: TestClient; a: JoinSnapshot; b: JoinSnapshot }> {
  const room = freshRoom();
  const [ada, bob] = [await connect(target), await connect(target)];
  const a = await joined(ada, room, 'Ada');
  const b = await joined(bob, room, 'Bob');
  const signalsAtBob = collect(bob, 'signal');
  const signalsAtAda = collect(ada, 'signal');
  ada.emit('signal', { to: b.self.id, description: OFFER });
  bob.emit('signal', { to: a.self.id, description: OFFER });
  await waitFor(() => signalsAtBob.length === 1 && signalsAtAda.length === 1, { what: 'a signal each way' });
  return { room, ada, bob, a, b };
}

/** What every way out must leave behind, whoever left. */
async function expectTornDown(options: {
  target?: ParleyServer;
  room: string;
  gone: JoinSnapshot;
  reason: LeftEvent['reason'];
  heardBy: TestClient;
  leftSeen: unknown[];
  hostAfter: string | null;
}): Promise<void> {
  const target = options.target ?? server;
  await waitFor(() => options.leftSeen.length > 0, { what: 'participant-left at the one who stayed' });
  await sleep(100);
  expect(options.leftSeen).toEqual([{ id: options.gone.self.id }]);
  const event = departures.find((candidate) => candidate.participant.id === options.gone.self.id);
  expect(event).toMatchObject({ roomId: options.room, reason: options.reason, roomEmpty: false });
  expect(await target.store.get(options.room, options.gone.self.id)).toBeNull();
  expect((await target.store.status(options.room))?.hostId).toBe(options.hostAfter);
  // The counters of the one who left are gone: a signal to them is refused, theirs are not numbered on.
  const refusal = nextRejection(options.heardBy);
  options.heardBy.emit('signal', { to: options.gone.self.id, description: OFFER });
  expect((await refusal).error.code).toBe('peer-not-found');
}

describe('every way out of a room runs the same teardown', () => {
  it('leave', async () => {
    const { room, ada, bob, a, b } = await pair();
    const leftSeen = collect(ada, 'participant-left');
    expect(await bob.timeout(5_000).emitWithAck('leave', {})).toEqual({ ok: true, value: null });
    await expectTornDown({ room, gone: b, reason: 'left', heardBy: ada, leftSeen, hostAfter: a.self.id });
    // Still connected, but in no room: a signal from it is refused.
    const refusal = nextRejection(bob);
    bob.emit('signal', { to: a.self.id, description: OFFER });
    expect((await refusal).error.code).toBe('not-in-room');
  });

  it('the tab closed (the client said goodbye)', async () => {
    const { room, ada, bob, a, b } = await pair();
    const leftSeen = collect(bob, 'participant-left');
    ada.disconnect();
    await expectTornDown({ room, gone: a, reason: 'closed', heardBy: bob, leftSeen, hostAfter: b.self.id });
  });

  it('the connection closed without a goodbye (the browser gone): kept 2 s, not the whole 10 s grace', async () => {
    const { room, ada, bob, a, b } = await pair();
    const leftSeen = collect(ada, 'participant-left');
    const closed = Date.now();
    bob.io.engine.close();
    await sleep(500);
    // Within the grace period nobody is told.
    expect(leftSeen).toEqual([]);
    await waitFor(() => leftSeen.length === 1, { what: 'Bob seen leaving', timeoutMs: 5_000 });
    expect(Date.now() - closed).toBeLessThan(4_000);
    await expectTornDown({ room, gone: b, reason: 'connection-lost', heardBy: ada, leftSeen, hostAfter: a.self.id });
  });

  it('the host removed them (and their connection speaks for nobody, whatever it does next)', async () => {
    const { room, ada, bob, a, b } = await pair();
    const leftSeen = collect(ada, 'participant-left');
    const notices = collect(bob, 'moderation');
    expect(await ada.timeout(5_000).emitWithAck('moderate', { action: 'remove', id: b.self.id })).toEqual({ ok: true, value: null });
    await expectTornDown({ room, gone: b, reason: 'removed', heardBy: ada, leftSeen, hostAfter: a.self.id });
    expect(notices).toEqual([{ kind: 'removed', by: a.self.id }]);
    for (const attempt of [
      () => bob.emit('signal', { to: a.self.id, description: OFFER }),
      () => bob.emit('media-state', { audio: true, video: true, screen: false }),
      () => bob.emit('sfu-ready', { to: a.self.id }),
    ]) {
      const refusal = nextRejection(bob);
      attempt();
      expect((await refusal).error.code).toBe('not-in-room');
    }
  });

  it('a reload took its place (the old connection is closed)', async () => {
    const { room, ada, bob, a, b } = await pair();
    const leftSeen = collect(ada, 'participant-left');
    const oldClosed = new Promise<string>((resolve) => bob.once('disconnect', resolve));
    // The reloaded page presents the old page's token while the old connection is still open.
    const page = await connect(server);
    const result = await page.timeout(5_000).emitWithAck('join', { room, name: 'Bob', replaces: b.resumeToken! });
    expect(result.ok).toBe(true);
    expect(await oldClosed).toBe('io server disconnect');
    await expectTornDown({ room, gone: b, reason: 'replaced', heardBy: ada, leftSeen, hostAfter: a.self.id });
  });

  it('the node serving them died (reaped through the same teardown)', async () => {
    const { room, ada, bob, a, b } = await pair();
    const leftSeen = collect(ada, 'participant-left');
    // Bob's node is gone: the reaper removes those it served (here: a store that says Bob was served by "dead").
    const store = {
      servedBy: async () => [{ roomId: room, participantIds: [b.self.id] }],
      leaveIf: (roomId: string, participantId: string) => server.store.leave(roomId, participantId),
    };
    await reapNode(server.membership, store, 'dead');
    await expectTornDown({ room, gone: b, reason: 'node-lost', heardBy: ada, leftSeen, hostAfter: a.self.id });
    void bob;
  });

  it('the connection closed while the join was under way (nothing is left behind)', async () => {
    const slow = new SlowJoinStore();
    const target = await startServer({}, { store: slow });
    const seen: LeftEvent[] = [];
    target.membership.on('left', (event) => seen.push(event));
    try {
      const room = freshRoom();
      const ada = await connect(target);
      await joined(ada, room, 'Ada');
      const leftSeen = collect(ada, 'participant-left');
      const bob = await connect(target);
      slow.delayMs = 300;
      bob.emit('join', { room, name: 'Bob' }, () => undefined);
      await sleep(50);
      bob.disconnect();
      await waitFor(() => seen.length === 1, { what: 'the aborted join undone' });
      expect(seen[0]).toMatchObject({ roomId: room, reason: 'join-aborted' });
      expect(await target.store.members(room)).toHaveLength(1);
      await waitFor(() => leftSeen.length === 1, { what: 'Ada told' });
    } finally {
      await target.close();
    }
  });

  it('after everyone left, nothing of anyone remains: no room, no counters', async () => {
    const { room, ada, bob } = await pair();
    ada.disconnect();
    await bob.timeout(5_000).emitWithAck('leave', {});
    await waitFor(async () => (await server.store.status(room)) === null, { what: 'the room gone' });
    await waitFor(() => server.relay.sequencer.size === 0, { what: 'no signal counters left' });
  });
});

/** The in-memory store, with joins that take a while (as a busy Redis would). */
class SlowJoinStore extends MemoryRoomStore {
  delayMs = 0;
  override async join(...args: Parameters<MemoryRoomStore['join']>): Promise<JoinOutcome> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    return super.join(...args);
  }
}
