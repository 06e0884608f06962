import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSignalingLoad } from '../../src/load/index.js';
import { startServerProcess, type ServerProcess } from './support/serverProcess.js';

const CLIENTS = 300;
const DURATION_MS = 125_000;
/** Refusals that are part of normal churn: a full room, a peer who left just before the message. */
const EXPECTED_REFUSALS = new Set(['room-full', 'peer-not-found']);

let server: ServerProcess;
beforeAll(async () => {
  // All simulated clients come from 127.0.0.1: lift the per-address limit for them.
  server = await startServerProcess({ maxConnectionsPerIp: 1_000 });
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

      expect(report.peakConnections).toBe(CLIENTS);
      // Real churn happened: every client moved many times.
      expect(report.joins).toBeGreaterThan(CLIENTS * 10);
      expect(report.leaves).toBe(report.joins);
      expect(report.received).toBeGreaterThan(100_000);
      // Every relayed message accounted for, checked by payload markers and server-stamped seq.
      expect(report.sent).toBe(report.received + report.refused);
      expect(report).toMatchObject({ lost: 0, duplicated: 0, misrouted: 0, sequenceGaps: 0 });
      const unexpected = Object.keys(report.errorsByCode).filter((code) => !EXPECTED_REFUSALS.has(code));
      expect(unexpected, JSON.stringify(report.errorsByCode)).toEqual([]);

      expect(await server.stats()).toMatchObject({ rooms: 0, participants: 0, connections: 0 });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^parley_rooms 0$/m);
      expect(metrics).toMatch(/^parley_participants 0$/m);
    },
    DURATION_MS + 90_000,
  );
});
