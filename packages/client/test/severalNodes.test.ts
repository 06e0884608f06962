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

const secret = randomBytes(32).toString('hex');

async function startNode(): Promise<ParleyServer> {
  const node = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', redisUrl: redis.url, secret }));
  await node.listen();
  nodes.push(node);
  return node;
}

beforeAll(async () => {
  redis = await RedisServer.start();
  for (let i = 0; i < 2; i += 1) await startNode();
});

afterAll(async () => {
  await Promise.all(rooms.map((room) => room.leave()));
  await Promise.all(nodes.map((node) => node.close().catch(() => undefined)));
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

  it('its node says it is shutting down: it moves to the next node at once, and nobody sees it leave', async () => {
    const leaving = await startNode();
    const staying = nodes[1]!;
    const roomId = `shutdown-${Date.now()}`;
    const ada = new Room({ serverUrl: leaving.url(), serverUrls: [leaving.url(), staying.url()], roomId, name: 'Ada', webrtc });
    const bob = new Room({ serverUrl: staying.url(), roomId, name: 'Bob', webrtc });
    rooms.push(ada, bob);
    await ada.join();
    await bob.join();
    await waitFor(() => [ada, bob].every((room) => [...room.participants.values()].some((p) => p.connectionState === 'connected')), {
      what: 'Ada and Bob connected across nodes',
      timeoutMs: 20_000,
    });
    const leftSeenByBob: string[] = [];
    bob.on('participant-left', (participant) => leftSeenByBob.push(participant.name));
    const onStaying = () => [...staying.io.of('/').sockets.values()].some((socket) => socket.data.participantId === ada.self?.id);

    const started = Date.now();
    // A generous drain: a client that waited to be disconnected would be held up to a second.
    const drained = leaving.shutdown({ timeoutMs: 10_000 }).then(() => Date.now() - started);
    await waitFor(() => ada.signalingState === 'connected' && onStaying(), { what: 'Ada on the other node', timeoutMs: 15_000 });
    const movedMs = Date.now() - started;
    // Ada left by herself at the notice, so the drain did not wait for her (it waits up to 1 s).
    expect(await drained).toBeLessThan(1_000);
    expect(movedMs).toBeLessThan(5_000);
    expect(leftSeenByBob).toEqual([]);
    expect([...ada.participants.values()].map((p) => p.name)).toEqual(['Bob']);
    await waitFor(() => [...ada.participants.values()].every((p) => p.connectionState === 'connected'), {
      what: 'the call still up',
      timeoutMs: 20_000,
    });
  }, 60_000);
});
