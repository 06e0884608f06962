import { randomBytes } from 'node:crypto';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, RedisServer } from '@parley/testkit';
import { fetchNodeUrls } from '../src/nodeUrls.js';
import { Room } from '../src/Room.js';
import { webrtc } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

/** The SDK against two nodes sharing a real redis-server: the node list, and moving on when a node cannot be reached. */
let redis: RedisServer;
const nodes: ParleyServer[] = [];
const rooms: Room[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
  const config = { port: 0, host: '127.0.0.1', logLevel: 'silent' as const, redisUrl: redis.url, secret: randomBytes(32).toString('hex') };
  for (let i = 0; i < 2; i += 1) {
    const node = await createParleyServer(makeConfig(config));
    await node.listen();
    nodes.push(node);
  }
});

afterAll(async () => {
  await Promise.all(rooms.map((room) => room.leave()));
  await Promise.all(nodes.map((node) => node.close()));
  await redis.stop();
});

describe('a Room given several nodes', () => {
  it('fetchNodeUrls lists every live node, the asked one first; a server without the list gives back its own URL', async () => {
    const [one, two] = nodes.map((node) => node.url());
    await waitFor(async () => (await fetchNodeUrls(one!)).length === 2, { what: 'node 1 to know node 2', timeoutMs: 10_000 });
    expect(await fetchNodeUrls(one!)).toEqual([one, two]);
    const nothingThere = `http://127.0.0.1:${await freePort()}`;
    expect(await fetchNodeUrls(nothingThere)).toEqual([nothingThere]);
  });

  it('its own node cannot be reached: it joins through the next one and calls someone on the other node', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const roomId = `nodes-${Date.now()}`;
    const ada = new Room({ serverUrl: dead, serverUrls: [dead, nodes[0]!.url()], roomId, name: 'Ada', webrtc, timeoutMs: 15_000 });
    const bob = new Room({ serverUrl: nodes[1]!.url(), roomId, name: 'Bob', webrtc });
    rooms.push(ada, bob);
    await ada.join();
    await bob.join();
    // Offer, answer and candidates crossed from node 1 to node 2 and back: the peer connection is up.
    await waitFor(() => [ada, bob].every((room) => [...room.participants.values()].some((p) => p.connectionState === 'connected')), {
      what: 'Ada and Bob connected across nodes',
      timeoutMs: 20_000,
    });
    expect([...ada.participants.values()].map((p) => p.name)).toEqual(['Bob']);
  });
});
