import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSignalingLoad } from '../../src/load/index.js';
import { expectEveryMessageAccountedFor } from './support/churn.js';
import { startServerProcess, type ServerProcess } from './support/serverProcess.js';

const CLIENTS = 300;
const DURATION_MS = 125_000;

let server: ServerProcess;
beforeAll(async () => {
  // All simulated clients come from 127.0.0.1: lift the per-address limits (connections, and
  // messages per second: 300 clients signalling every second and moving every 6 s send more
  // than the 500 a second one address may send by default).
  server = await startServerProcess({ maxConnectionsPerIp: 1_000, rateLimitPerIp: 0 });
});
afterAll(async () => {
  await server?.stop();
});

describe('churn', () => {
  it(
    `${CLIENTS} clients joining and leaving random rooms for ${DURATION_MS / 1000} s: nothing lost, duplicated or misrouted, no room left`,
    async () => {
      const report = await runSignalingLoad({
        serverUrl: server.url,
        clients: CLIENTS,
        rooms: 100,
        roomSize: 3,
        durationMs: DURATION_MS,
        churn: { meanStayMs: 6_000 },
        signalIntervalMs: 1_000,
        connectConcurrency: 20,
      });
      const { samples: _samples, ...summary } = report;
      console.info('churn report:', JSON.stringify(summary));

      expectEveryMessageAccountedFor(report, CLIENTS, { minMovesPerClient: 10, minReceived: 100_000 });

      expect(await server.stats()).toMatchObject({ rooms: 0, participants: 0, connections: 0 });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^parley_rooms 0$/m);
      expect(metrics).toMatch(/^parley_participants 0$/m);
    },
    DURATION_MS + 90_000,
  );
});
