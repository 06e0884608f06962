import { ParleyError } from '@parley/protocol';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterKeys } from '../src/cluster/keys.js';
import { MemoryRoomStore } from '../src/rooms/MemoryRoomStore.js';
import type { Participant } from '../src/rooms/Participant.js';
import { RedisRoomStore } from '../src/cluster/RedisRoomStore.js';
import type { RoomStore } from '../src/rooms/RoomStore.js';
import { RedisServer } from '@parley/testkit';

/**
 * One contract, two stores: whatever the signaling code may rely on holds for the in-memory
 * default and for Redis (several nodes) alike. Each test gets a fresh store (Redis: its own
 * key prefix on one shared redis-server).
 */
const person = (id: string, joinedAt = 0, mayHost = true): Participant => ({
  id,
  name: `name-${id}`,
  socketId: `s-${id}`,
  joinedAt,
  grants: ['join', 'publish'],
  mayHost,
  encryptsMedia: false,
});

let redisServer: RedisServer;
let redis: Redis;
let nextPrefix = 0;

beforeAll(async () => {
  redisServer = await RedisServer.start();
  redis = redisServer.client();
});

afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});

const stores: [string, () => RoomStore][] = [
  ['MemoryRoomStore', () => new MemoryRoomStore()],
  ['RedisRoomStore', () => new RedisRoomStore(redis, 'node-1', new ClusterKeys(`contract${(nextPrefix += 1)}:`))],
];

describe.each(stores)('RoomStore contract: %s', (_name, makeStore) => {
  it('keeps raised hands and the waiting room (its setting, knocks, admissions, denials) through every change', async () => {
    const store = makeStore();
    await store.join('r', person('a', 1), 6);
    await store.join('r', person('b', 2), 6);
    await store.update('r', (room) => {
      room.hands.set('b', true, 10);
      room.hands.set('a', true, 20);
      room.waiting.enabled = true;
      room.waiting.knock({ id: 'knock-one-0000000000', name: 'Cyd', socketId: 's-c', at: 30, from: '10.0.0.1|cyd' });
      room.waiting.knock({ id: 'knock-two-0000000000', name: 'Dan', socketId: 's-d', at: 31, from: '10.0.0.2|dan' });
      room.waiting.knock({ id: 'knock-three-00000000', name: 'Eve', socketId: 's-e', at: 32, from: '10.0.0.3|eve' });
      room.waiting.admit('knock-one-0000000000', Date.now());
      room.waiting.deny('knock-two-0000000000', Date.now());
    });
    // Another change in between: what the first wrote must come back whole.
    await store.join('r', person('c', 3), 6);
    const seen = await store.update('r', (room) => ({
      hands: room.hands.queue().map((hand) => hand.id),
      status: room.status(),
      queue: room.waiting.queue().map((person) => person.name),
      admittedOnItsSocket: room.waiting.takeAdmission('knock-one-0000000000', 's-c', Date.now()),
      deniedAgain: room.waiting.knock({ id: 'knock-four-000000000', name: 'Dan', socketId: 's-d2', at: Date.now(), from: '10.0.0.2|dan' }),
    }));
    expect(seen).toMatchObject({
      hands: ['b', 'a'],
      status: { waitingRoom: true },
      queue: ['Eve'],
      admittedOnItsSocket: true,
      deniedAgain: { ok: false, reason: 'denied' },
    });
  });

  it('keeps the open breakout rooms, and who was sent where, through every change', async () => {
    const store = makeStore();
    await store.join('main', person('a', 1), 6);
    const rooms = [{ id: 'brk_0000000000000000000001', name: 'Room 1', members: [{ id: 'a', name: 'A' }] }];
    await store.update('main', (room) => room.breakouts.open({ rooms, endsAt: 5_000 }));
    await store.join('main', person('b', 2), 6);
    expect(
      await store.update('main', (room) => ({
        open: room.breakouts.current,
        rev: room.breakouts.rev,
        has: room.breakouts.has(rooms[0]!.id),
      })),
    ).toEqual({
      open: { rooms, endsAt: 5_000 },
      rev: 1,
      has: true,
    });
  });

  it('keeps end-to-end encryption and whether each member encrypts through every change', async () => {
    const store = makeStore();
    const encrypting = { ...person('a', 1), encryptsMedia: true };
    expect(await store.join('r', encrypting, 6, undefined, { passwordHash: null, e2ee: true })).toMatchObject({ status: { e2ee: true } });
    await store.update('r', (room) => (room.e2ee = false));
    await store.join('r', person('b', 2), 6);
    expect(await store.status('r')).toMatchObject({ e2ee: false });
    expect((await store.members('r')).map((member) => [member.id, member.encryptsMedia])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    await store.leave('r', 'b');
    await store.update('r', (room) => (room.e2ee = true));
    await store.join('r', { ...person('c', 3), encryptsMedia: true }, 6);
    expect(await store.status('r')).toMatchObject({ e2ee: true });
  });

  it('joins return who was already there, in join order; rooms are apart', async () => {
    const store = makeStore();
    expect(await store.join('one', person('a', 1), 6)).toMatchObject({ ok: true, others: [], created: true });
    const second = await store.join('one', person('b', 2), 6);
    expect(second.ok && second.others.map((p) => p.id)).toEqual(['a']);
    await store.join('two', person('c', 3), 6);
    expect(await store.get('one', 'c')).toBeNull();
    expect(await store.get('one', 'b')).toEqual(person('b', 2));
    expect((await store.members('one')).map((p) => p.id)).toEqual(['a', 'b']);
    expect(await store.stats()).toEqual({ rooms: 2, participants: 3 });
  });

  it('refuses over the cap; a returning id replaces its entry even when full', async () => {
    const store = makeStore();
    await store.join('r', person('a'), 2);
    await store.join('r', person('b'), 2);
    expect(await store.join('r', person('c'), 2)).toEqual({ ok: false, reason: 'room-full', max: 2 });
    expect(await store.join('r', { ...person('b'), socketId: 'new-socket' }, 2)).toMatchObject({ ok: true, created: false });
    expect((await store.get('r', 'b'))?.socketId).toBe('new-socket');
  });

  it('leaving frees the seat, passes the host on, and an empty room vanishes', async () => {
    const store = makeStore();
    const first = await store.join('r', person('a', 1), 6, undefined, { passwordHash: 'scrypt$x$y' });
    await store.join('r', person('b', 2), 6);
    expect(await store.status('r')).toEqual({ hostId: 'a', locked: false, passwordProtected: true, waitingRoom: false, e2ee: false });
    expect(await store.passwordHash('r')).toBe('scrypt$x$y');
    expect((await store.leave('r', 'a'))?.id).toBe('a');
    expect(await store.leave('r', 'a')).toBeNull();
    expect((await store.status('r'))?.hostId).toBe('b');
    await store.leave('r', 'b');
    expect(await store.status('r')).toBeNull();
    expect(await store.passwordHash('r')).toBeNull();
    expect(await store.members('r')).toEqual([]);
    expect(await store.stats()).toEqual({ rooms: 0, participants: 0 });
    // A new room under the same id starts afresh: open, its first member hosts, and it is another meeting.
    const again = await store.join('r', person('c', 3), 6);
    expect(again).toMatchObject({ ok: true, created: true, record: { passwordHash: null, hostId: 'c', removed: [] } });
    expect(again.ok && first.ok && again.record.meeting).not.toBe(first.ok && first.record.meeting);
  });

  it('an admission refusal leaves the room untouched', async () => {
    const store = makeStore();
    await store.join('r', person('a'), 6);
    const refusal = new ParleyError('room-locked', 'locked');
    const outcome = await store.join('r', person('b'), 6, () => refusal);
    expect(outcome).toMatchObject({ ok: false, reason: 'refused' });
    expect(!outcome.ok && outcome.reason === 'refused' && outcome.error.code).toBe('room-locked');
    expect((await store.members('r')).map((p) => p.id)).toEqual(['a']);
  });

  it('update changes a live room (lock, ban) and keeps it; null for a room that does not exist', async () => {
    const store = makeStore();
    await store.join('r', person('a', 1), 6);
    await store.join('r', person('b', 2), 6);
    expect(await store.update('r', (room) => (room.setLocked(true), room.status()))).toEqual({
      hostId: 'a',
      locked: true,
      passwordProtected: false,
      waitingRoom: false,
      e2ee: false,
    });
    expect((await store.update('r', (room) => room.ban('b')))?.id).toBe('b');
    expect(await store.update('r', (room) => [room.wasRemoved('b'), room.isReturning('b', 60_000)])).toEqual([true, true]);
    expect(await store.status('r')).toEqual({ hostId: 'a', locked: true, passwordProtected: false, waitingRoom: false, e2ee: false });
    expect(await store.update('gone', () => 1)).toBeNull();
    // The last member removed by an update: the room vanishes.
    await store.update('r', (room) => room.remove('a'));
    expect(await store.status('r')).toBeNull();
  });

  it('adopt answers whether the participant is in the room', async () => {
    const store = makeStore();
    await store.join('r', person('a'), 6);
    expect(await store.adopt('r', 'a')).toBe(true);
    expect(await store.adopt('r', 'b')).toBe(false);
    expect(await store.adopt('nowhere', 'a')).toBe(false);
  });

  it('concurrent joins never exceed the cap and lose nobody', async () => {
    const store = makeStore();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.join('busy', person(`p${i}`, i), 8)));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(8);
    expect(await store.members('busy')).toHaveLength(8);
    await Promise.all((await store.members('busy')).map((member) => store.leave('busy', member.id)));
    expect(await store.stats()).toEqual({ rooms: 0, participants: 0 });
  });
});

describe('RedisRoomStore across nodes', () => {
  it('two nodes see one room; each member is tagged with the node that serves it', async () => {
    const keys = new ClusterKeys('nodes:');
    const one = new RedisRoomStore(redis, 'node-1', keys);
    const two = new RedisRoomStore(redis, 'node-2', keys);
    await one.join('r', person('a', 1), 6);
    await two.join('r', person('b', 2), 6);
    expect((await one.members('r')).map((p) => p.id)).toEqual(['a', 'b']);
    expect(await one.servedBy('node-2')).toEqual([{ roomId: 'r', participantIds: ['b'] }]);
    // b's socket recovered on node 1: node 2's death no longer concerns it.
    expect(await one.adopt('r', 'b')).toBe(true);
    expect(await one.servedBy('node-2')).toEqual([]);
    expect(await two.leaveIf('r', 'b', (node) => node === 'node-2')).toBeNull();
    expect((await two.leaveIf('r', 'b', (node) => node === 'node-1'))?.id).toBe('b');
    await two.leave('r', 'a');
    // No room, no room index, no node's room set left behind; nobody counted.
    expect(await redis.keys('nodes:*')).toEqual(['nodes:participants']);
    expect(await one.stats()).toEqual({ rooms: 0, participants: 0 });
  });

  it('a room document from before end-to-end encryption reads as unencrypted, its members as not encrypting', async () => {
    const keys = new ClusterKeys('older:');
    const store = new RedisRoomStore(redis, 'node-1', keys);
    await store.join('r', { ...person('a', 1), encryptsMedia: true }, 6, undefined, { passwordHash: null, e2ee: true });
    const document = JSON.parse((await redis.get(keys.room('r')))!) as { room: Record<string, unknown> & { members: object[] } };
    delete document.room['e2ee'];
    for (const member of document.room.members) delete (member as Record<string, unknown>)['encryptsMedia'];
    await redis.set(keys.room('r'), JSON.stringify(document));
    expect(await store.status('r')).toMatchObject({ e2ee: false });
    expect((await store.get('r', 'a'))?.encryptsMedia).toBe(false);
  });

  it('a corrupt room document reads as no room and is replaced by the next join', async () => {
    const keys = new ClusterKeys('corrupt:');
    const store = new RedisRoomStore(redis, 'node-1', keys);
    await redis.set(keys.room('r'), '{not json');
    expect(await store.members('r')).toEqual([]);
    expect(await store.join('r', person('a'), 6)).toMatchObject({ ok: true, created: true });
  });
});
