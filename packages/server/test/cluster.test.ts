import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisUnavailableError } from '../src/cluster/redisConnection.js';
import { createParleyServer } from '../src/server.js';
import { makeConfig } from '../src/config.js';
import { closeAllClients, collect, connect, joined, nextEvent, OFFER } from './support/harness.js';
import { waitFor } from '@parley/testkit';
import { NodeProcess } from './support/nodeProcess.js';
import { freePort, RedisServer } from '@parley/testkit';

/**
 * Two Parley nodes (separate processes, as deployed) sharing one real redis-server: one room
 * across both, signals relayed between them, a node crash cleaned up, Redis lost and back.
 */
const secret = randomBytes(32).toString('hex');
let redisServer: RedisServer;
let redis: Redis;
const nodes: NodeProcess[] = [];

async function startNode(): Promise<NodeProcess> {
  const node = await NodeProcess.start({ PARLEY_REDIS_URL: redisServer.url, PARLEY_SECRET: secret });
  nodes.push(node);
  return node;
}

/** Every participant Redis holds, across all rooms. */
async function participantsInRedis(): Promise<string[]> {
  const ids: string[] = [];
  for (const key of await redis.keys('parley:room:*')) {
    const raw = await redis.get(key);
    if (raw) ids.push(...(JSON.parse(raw) as { room: { members: { id: string }[] } }).room.members.map((member) => member.id));
  }
  return ids;
}

/** The `parley_redis_up` sample of a node's /metrics. */
async function redisUp(node: NodeProcess): Promise<string | undefined> {
  const text = await (await fetch(`${node.url()}/metrics`)).text();
  return /^parley_redis_up (\d)$/m.exec(text)?.[1];
}

beforeAll(async () => {
  redisServer = await RedisServer.start();
  redis = redisServer.client();
  redis.on('error', () => undefined);
});

afterEach(async () => {
  closeAllClients();
  await Promise.all(nodes.splice(0).map((node) => node.kill()));
  await redis.flushall().catch(() => undefined);
});

afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
});

// Generous: each test starts node processes and waits on Redis and heartbeats, on a shared machine.
describe('several nodes over Redis', { timeout: 60_000 }, () => {
  it('one room across two nodes: both see each other and signals are relayed both ways', async () => {
    const [one, two] = await Promise.all([startNode(), startNode()]);
    const a = await connect(one);
    const b = await connect(two);
    const alice = await joined(a, 'shared', 'Alice');
    const aliceHearsBob = nextEvent(a, 'participant-joined');
    const bob = await joined(b, 'shared', 'Bob');
    expect(bob.participants).toEqual([alice.self]);
    expect(await aliceHearsBob).toEqual(bob.self);

    const toBob = nextEvent(b, 'signal');
    a.emit('signal', { to: bob.self.id, description: OFFER });
    expect(await toBob).toEqual({ from: alice.self.id, seq: 1, description: OFFER });
    const toAlice = nextEvent(a, 'signal');
    b.emit('signal', { to: alice.self.id, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' } });
    expect(await toAlice).toMatchObject({ from: bob.self.id, seq: 1 });
    // Both nodes count the same room.
    expect(await one.health()).toMatchObject({ rooms: 1, participants: 2, redis: 'reachable' });
    expect(await two.health()).toMatchObject({ rooms: 1, participants: 2, redis: 'reachable' });
    // Each node lists the live nodes, itself first: where its pages may move (fetchNodeUrls).
    const nodesSeenBy = async (node: NodeProcess): Promise<unknown> =>
      ((await (await fetch(`${node.url()}/api/nodes`)).json()) as { urls: string[] }).urls;
    await waitFor(async () => ((await nodesSeenBy(one)) as string[]).length === 2, { what: 'node 1 to list both nodes' });
    expect(await nodesSeenBy(one)).toEqual([one.url(), two.url()]);
    await waitFor(async () => ((await nodesSeenBy(two)) as string[]).length === 2, { what: 'node 2 to list both nodes' });
    expect(await nodesSeenBy(two)).toEqual([two.url(), one.url()]);
  });

  it('a node that is up is at once where pages of every other node may move: their CSP and /api/nodes name it', async () => {
    const one = await startNode();
    // Node 1 beats every 1.5 s; asked right after node 2 answers, a list kept from its last beat
    // would miss node 2, and a page opened then could never fail over there (its CSP blocks it).
    const two = await startNode();
    const page = await fetch(`${one.url()}/`);
    const connectSrc = /connect-src [^;]*/.exec(page.headers.get('content-security-policy') ?? '')?.[0].split(' ') ?? [];
    expect(connectSrc).toEqual(expect.arrayContaining([two.url(), two.url().replace('http:', 'ws:')]));
    const listed = ((await (await fetch(`${one.url()}/api/nodes`)).json()) as { urls: string[] }).urls;
    expect(listed).toEqual([one.url(), two.url()]);
  });

  it('a guest knocking on node 2 is let in by the host on node 1; raised hands keep their order across nodes', async () => {
    const [one, two] = await Promise.all([startNode(), startNode()]);
    const host = await connect(one);
    const ada = await joined(host, 'knocking', 'Ada');
    const cyd = await connect(two);
    const c = await joined(cyd, 'knocking', 'Cyd');
    expect(await host.timeout(5_000).emitWithAck('moderate', { action: 'waiting-room', enabled: true })).toEqual({ ok: true, value: null });

    const guest = await connect(two);
    const seen = collect(host, 'waiting-room');
    const knocked = await guest.timeout(5_000).emitWithAck('join', { room: 'knocking', name: 'Bob' });
    const knock = !knocked.ok && knocked.error.code === 'waiting-for-host' ? String(knocked.error.details?.knock) : '';
    expect(knock).not.toBe('');
    // Relayed between nodes, the events may overtake each other: the newest `rev` tells the queue.
    const newestQueue = () =>
      (seen as { queue: { name: string }[]; rev: number }[]).reduce((a, b) => (b.rev > a.rev ? b : a), { queue: [], rev: -1 }).queue;
    await waitFor(() => newestQueue().length === 1, { what: 'Bob in the host’s queue' });
    expect(newestQueue().map((person) => person.name)).toEqual(['Bob']);
    const answer = nextEvent(guest, 'admission');
    expect(await host.timeout(5_000).emitWithAck('moderate', { action: 'admit', knock })).toEqual({ ok: true, value: null });
    expect(await answer).toEqual({ outcome: 'admitted', knock });
    const bob = await guest.timeout(5_000).emitWithAck('join', { room: 'knocking', name: 'Bob', knock });
    expect(bob.ok && bob.value.participants.map((p: { name: string }) => p.name)).toEqual(['Ada', 'Cyd']);

    // Hands raised on either node: one queue, in order, on both, and it survives later changes.
    const heard = collect(host, 'raised-hands');
    await cyd.timeout(5_000).emitWithAck('hand', { raised: true });
    await host.timeout(5_000).emitWithAck('hand', { raised: true });
    await waitFor(() => heard.length === 2, { what: 'two raised-hands events on node 1' });
    // Relayed between nodes, the two events may arrive in either order: the newest `rev` tells the queue.
    const newest = (heard as { queue: { id: string }[]; rev: number }[]).reduce((a, b) => (b.rev > a.rev ? b : a));
    expect(newest.queue.map((hand) => hand.id)).toEqual([c.self.id, ada.self.id]);
    const dan = await joined(await connect(two), 'knocking', 'Dan').catch(() => null);
    expect(dan).toBeNull(); // the waiting room holds Dan back: a refusal, not a join
    const eve = await connect(one);
    await host.timeout(5_000).emitWithAck('moderate', { action: 'waiting-room', enabled: false });
    expect((await joined(eve, 'knocking', 'Eve')).raisedHands?.map((hand) => hand.id)).toEqual([c.self.id, ada.self.id]);
  });

  it('a crashed node: its participants leave their rooms, the others are told, nothing is left in Redis', async () => {
    const [one, two] = await Promise.all([startNode(), startNode()]);
    const a = await connect(one);
    const b = await connect(two);
    const alice = await joined(a, 'crash', 'Alice');
    const bob = await joined(b, 'crash', 'Bob');
    await joined(await connect(one), 'only-on-one', 'Carol');
    expect((await participantsInRedis()).sort()).toHaveLength(3);

    const left = collect(b, 'participant-left');
    const status = nextEvent(b, 'room-status', 20_000);
    await one.kill();
    // The bound: gone from Redis within 10 s of the crash (heartbeat TTL 5 s + a check every 1.5 s).
    await waitFor(async () => (await participantsInRedis()).length === 1, {
      what: 'the crashed node’s participants to leave Redis',
      timeoutMs: 10_000,
    });
    expect(await participantsInRedis()).toEqual([bob.self.id]);
    // Told after the store changed, through Redis to Bob's node: a moment later on a busy machine.
    await waitFor(() => left.length > 0, { what: 'Bob told Alice left', timeoutMs: 5_000 });
    expect(left).toEqual([{ id: alice.self.id }]);
    // Alice hosted; Bob does now, and hears so.
    expect(await status).toMatchObject({ hostId: bob.self.id });
    expect(await redis.keys('parley:room:*')).toEqual(['parley:room:crash']);
    // The reaper removes the dead node's entry right after its participants.
    await waitFor(async () => (await redis.smembers('parley:nodes')).length === 1, { what: 'node 1 to be reaped', timeoutMs: 10_000 });
  });

  it('a node stopped gracefully: its participants resume on another node and nobody sees them leave', async () => {
    const [one, two] = await Promise.all([startNode(), startNode()]);
    const a = await connect(one);
    const b = await connect(two);
    const alice = await joined(a, 'rolling', 'Alice');
    const bob = await joined(b, 'rolling', 'Bob');
    const left = collect(b, 'participant-left');
    const dropped = new Promise<string>((resolve) => a.once('disconnect', resolve));
    await one.terminate();
    // Told as a lost connection, not a leave: Alice's session stays while she moves.
    expect(await dropped).toBe('transport close');
    const moved = await connect(two);
    const result = await moved.timeout(10_000).emitWithAck('join', { room: 'rolling', name: 'Alice', resume: alice.resumeToken });
    expect(result).toMatchObject({ ok: true, value: { self: alice.self, resumed: true, participants: [bob.self] } });
    // Past node 1's heartbeat expiry and a reaper pass: Alice is still in, never having left.
    await waitFor(async () => (await redis.smembers('parley:nodes')).length === 1, { what: 'node 1 to be reaped' });
    expect(left).toEqual([]);
    expect((await participantsInRedis()).sort()).toEqual([alice.self.id, bob.self.id].sort());
    const toAlice = nextEvent(moved, 'signal');
    b.emit('signal', { to: alice.self.id, description: OFFER });
    expect(await toAlice).toMatchObject({ from: bob.self.id, description: OFFER });
  });

  it('Redis stopped while running: the node stays up and says so; when Redis is back, rooms work again', async () => {
    const one = await startNode();
    const a = await connect(one);
    const alice = await joined(a, 'before', 'Alice');
    const toldToRejoin = new Promise<string>((resolve) => a.once('disconnect', resolve));
    await redisServer.stop();
    await waitFor(async () => (await one.health())?.redis === 'unreachable', { what: '/healthz to report Redis unreachable' });
    expect(await redisUp(one)).toBe('0');
    // A join while Redis is away is refused with an error, not a crash.
    const refused = await (await connect(one)).timeout(10_000).emitWithAck('join', { room: 'during', name: 'Bob' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'server-error' } });
    expect(one.running).toBe(true);

    await redisServer.start();
    await waitFor(async () => (await one.health())?.redis === 'reachable', { what: '/healthz to report Redis reachable again' });
    expect(await redisUp(one)).toBe('1');
    const c = await connect(one);
    const d = await connect(one);
    const carol = await joined(c, 'after', 'Carol');
    const dave = await joined(d, 'after', 'Dave');
    expect(dave.participants).toEqual([carol.self]);
    // Redis came back empty: Alice was told to reconnect, and her resume token brings her
    // back as herself, hosting the room she was in (as after a server restart).
    expect(await toldToRejoin).toBe('io server disconnect');
    const back = await connect(one);
    const result = await back.timeout(10_000).emitWithAck('join', { room: 'before', name: 'Alice', resume: alice.resumeToken });
    expect(result).toMatchObject({ ok: true, value: { self: alice.self, resumed: true, roomStatus: { hostId: alice.self.id } } });
    const toCarol = nextEvent(c, 'signal');
    d.emit('signal', { to: carol.self.id, description: OFFER });
    expect(await toCarol).toMatchObject({ from: dave.self.id, description: OFFER });
    expect(one.running).toBe(true);
  });
});

describe('starting with Redis', { timeout: 60_000 }, () => {
  it('Redis unreachable at start: a clear error naming PARLEY_REDIS_URL, exit code 2', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const { code, output } = await NodeProcess.run({ PARLEY_REDIS_URL: closed, PARLEY_SECRET: secret });
    expect(code).toBe(2);
    expect(output).toContain(`Cannot reach Redis at PARLEY_REDIS_URL=${closed}`);
    await expect(createParleyServer(makeConfig({ redisUrl: closed, secret, logLevel: 'silent' }))).rejects.toBeInstanceOf(
      RedisUnavailableError,
    );
  });

  it('Redis without PARLEY_SECRET: refused, because nodes must verify each other’s resume tokens', async () => {
    const { code, output } = await NodeProcess.run({ PARLEY_REDIS_URL: redisServer.url, PARLEY_SECRET: '' });
    expect(code).toBe(2);
    expect(output).toContain('secret (PARLEY_SECRET): is required with PARLEY_REDIS_URL');
  });
});
