import { expect } from 'vitest';
import type { LoadReport } from '../../../src/load/index.js';

/** Refusals that are part of normal churn: a full room, a peer who left just before the message. */
const EXPECTED_REFUSALS = new Set(['room-full', 'peer-not-found']);

/**
 * Real churn happened (every client moved `minMovesPerClient` times or more, `minReceived` signals
 * arrived) and every relayed message is accounted for, by payload markers and server-stamped seq:
 * received or refused for an expected reason, never lost, duplicated or misrouted.
 */
export function expectEveryMessageAccountedFor(
  report: LoadReport,
  clients: number,
  { minMovesPerClient, minReceived }: { minMovesPerClient: number; minReceived: number },
): void {
  expect(report.peakConnections).toBe(clients);
  expect(report.joins).toBeGreaterThan(clients * minMovesPerClient);
  expect(report.leaves).toBe(report.joins);
  expect(report.received).toBeGreaterThan(minReceived);
  expect(report.sent).toBe(report.received + report.refused);
  expect(report).toMatchObject({ lost: 0, duplicated: 0, misrouted: 0, sequenceGaps: 0 });
  const unexpected = Object.keys(report.errorsByCode).filter((code) => !EXPECTED_REFUSALS.has(code));
  expect(unexpected, JSON.stringify(report.errorsByCode)).toEqual([]);
}
