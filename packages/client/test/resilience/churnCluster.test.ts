import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer } from '@parley/testkit';
import { runSignalingLoad } from '../../src/load/index.js';
import { expectEveryMessageAccountedFor } from './support/churn.js';
import { startServerProcess, type ServerProcess } from './support/serverProcess.js';

/**
 * The churn test (churn.test.ts) over two nodes sharing one real redis-server: clients
 * alternate between the nodes and move between random rooms, so most rooms span both nodes
 * and most signals cross from one node to the other through Redis. Shorter and smaller than
 * the single-node run (150 clients for 40 s instead of 300 for 125 s) to keep the suite's time.
 */
const CLIENTS = 150;
const DURATION_MS = 40_000;

let redis: RedisServer;
let nodes: ServerProcess[] = [];
beforeAll(async () => {
  redis = await RedisServer.start();
  const cluster = { maxConnectionsPerIp: 1_000, redisUrl: redis.url, secret: randomBytes(32).toString('hex') };
  nodes = await Promise.all([startServerProcess(cluster), startServerProcess(cluster)]);
});
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await redis?.stop();
});

describe('churn over two nodes', () => {
  it(
    `${CLIENTS} clients spread over two nodes, joining and leaving random rooms for ${DURATION_MS / 1000} s: nothing lost, duplicated or misrouted, no room left`,
    async () => {
      const report = await runSignalingLoad({
        serverUrl: nodes[0]!.url,
        serverUrls: nodes.map((node) => node.url),
        clients: CLIENTS,
        rooms: 50,
        roomSize: 3,
        durationMs: DURATION_MS,
        churn: { meanStayMs: 6_000 },
        signalIntervalMs: 1_000,
        connectConcurrency: 20,
      });
      const { samples: _samples, ...summary } = report;
      console.info('churn over two nodes:', JSON.stringify(summary));

      expectEveryMessageAccountedFor(report, CLIENTS, { minMovesPerClient: 3, minReceived: 10_000 });

      // Rooms live in Redis: both nodes see none left; each has closed its own connections.
      for (const node of nodes) expect(await node.stats()).toMatchObject({ rooms: 0, participants: 0, connections: 0 });
    },
    DURATION_MS + 90_000,
  );
});
