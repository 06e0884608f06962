import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalMessage } from '@parley/protocol';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, collect, connect, joined, sleep, startServer, type TestClient } from '../support/harness.js';
import { waitFor } from '@parley/testkit';
import { RedisServer } from '@parley/testkit';
import * as arb from '../../../protocol/test/arbitraries.js';

/**
 * Signals relayed between two nodes over Redis, fuzzed from a hostile client: whatever it sends
 * (claimed senders, sequence numbers, unknown keys, other rooms' participants, itself, raw relay
 * envelopes), every signal anyone receives says truthfully who sent it, arrives only inside the
 * sender's room, and is numbered without gaps per sender and receiver.
 */
const SECRET = 'a-server-secret-that-is-32-bytes-long!';
let redis: RedisServer;
let nodeA: ParleyServer;
let nodeB: ParleyServer;

beforeAll(async () => {
  redis = await RedisServer.start();
  nodeA = await startServer({ redisUrl: redis.url, secret: SECRET, rateLimitPerSecond: 1_000, rateLimitBurst: 5_000 });
  nodeB = await startServer({ redisUrl: redis.url, secret: SECRET, rateLimitPerSecond: 1_000, rateLimitBurst: 5_000 });
}, 30_000);

afterAll(async () => {
  closeAllClients();
  await nodeA?.close();
  await nodeB?.close();
  await redis?.stop();
});

describe('the relay between nodes, fuzzed', () => {
  it('never lets a signal look like another participant’s, nor leave the room', async () => {
    const room = `fuzz-${Date.now()}`;
    const mallory: TestClient = await connect(nodeA);
    const bob: TestClient = await connect(nodeB);
    const cyd: TestClient = await connect(nodeB);
    const eve: TestClient = await connect(nodeA);
    const m = await joined(mallory, room, 'Mallory');
    const b = await joined(bob, room, 'Bob');
    const c = await joined(cyd, room, 'Cyd');
    const e = await joined(eve, `${room}-other`, 'Eve');
    const received = { bob: collect(bob, 'signal'), cyd: collect(cyd, 'signal'), eve: collect(eve, 'signal') };
    const targets = [b.self.id, c.self.id, e.self.id, m.self.id];

    const payload = fc.record(
      {
        to: fc.oneof(fc.constantFrom(...targets), arb.participantId),
        from: fc.constantFrom(...targets),
        seq: fc.integer({ min: 1, max: 1_000 }),
        description: arb.sessionDescription,
        candidate: arb.iceCandidate,
        room: fc.constant(room),
      },
      { requiredKeys: ['to'] },
    );
    const valid = fc.record({ to: fc.constantFrom(b.self.id, c.self.id), description: arb.sessionDescription });
    const expected = new Map<string, number>([
      [b.self.id, 0],
      [c.self.id, 0],
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(payload, valid), { minLength: 1, maxLength: 20 }), async (batch) => {
        for (const message of batch) {
          untyped(mallory).emit('signal', message);
          // A forged envelope of the nodes' own relay, sent as if it were a request.
          untyped(mallory).emit('relay', {
            socketId: bob.id,
            roomId: room,
            participantId: b.self.id,
            message: { ...message, from: c.self.id },
          });
          const keys = Object.keys(message).sort().join(',');
          const deliverable = expected.has(message.to) && (keys === 'description,to' || keys === 'candidate,to');
          if (deliverable) expected.set(message.to, expected.get(message.to)! + 1);
        }
      }),
      { numRuns: 10 },
    );
    await waitFor(() => received.bob.length === expected.get(b.self.id) && received.cyd.length === expected.get(c.self.id), {
      what: 'every well-formed signal delivered once',
    });
    expect(expected.get(b.self.id)! + expected.get(c.self.id)!).toBeGreaterThan(5);
    await sleep(500);

    // Eve is in another room: nothing reached her.
    expect(received.eve).toEqual([]);
    for (const [who, messages] of [
      ['Bob', received.bob],
      ['Cyd', received.cyd],
    ] as const) {
      const signals = messages as SignalMessage[];
      for (const signal of signals) {
        expect(signal.from, `a signal at ${who} claims another sender`).toBe(m.self.id);
        expect(Object.keys(signal).sort()).toEqual(signal.description ? ['description', 'from', 'seq'] : ['candidate', 'from', 'seq']);
      }
      // Numbered 1, 2, 3… per sender and receiver: nothing forged slipped into the sequence.
      expect(signals.map((signal) => signal.seq)).toEqual(signals.map((_signal, i) => i + 1));
    }
  }, 60_000);
});

/** The socket as a hostile script sees it: any event name, any payload. */
function untyped(socket: TestClient): { emit(event: string, ...args: unknown[]): void } {
  return socket;
}
