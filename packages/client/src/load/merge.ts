import { summarizeLatency } from './latency.js';
import type { LoadReport } from './types.js';

/**
 * One report from the reports of several worker processes that loaded the same server at
 * the same time. Counts add up; percentiles are recomputed, so each part needs its samples
 * (`keepSamples`); peak connections add up (the workers held theirs at once).
 */
export function mergeLoadReports(parts: readonly LoadReport[]): LoadReport {
  const samples = (key: keyof NonNullable<LoadReport['samples']>): number[] => parts.flatMap((part) => part.samples?.[key] ?? []);
  const sum = (pick: (part: LoadReport) => number): number => parts.reduce((total, part) => total + pick(part), 0);
  const errorsByCode: Record<string, number> = {};
  for (const part of parts) {
    for (const [code, count] of Object.entries(part.errorsByCode)) errorsByCode[code] = (errorsByCode[code] ?? 0) + count;
  }
  const sent = sum((p) => p.sent);
  const received = sum((p) => p.received);
  const refused = sum((p) => p.refused);
  return {
    durationMs: Math.max(0, ...parts.map((p) => p.durationMs)),
    clients: sum((p) => p.clients),
    peakConnections: sum((p) => p.peakConnections),
    joins: sum((p) => p.joins),
    leaves: sum((p) => p.leaves),
    connectLatencyMs: summarizeLatency(samples('connectMs')),
    joinLatencyMs: summarizeLatency(samples('joinMs')),
    readyLatencyMs: summarizeLatency(samples('readyMs')),
    relayLatencyMs: summarizeLatency(samples('relayMs')),
    sent,
    received,
    refused,
    // Across workers a message sent by one is received by another: only the total balances.
    lost: Math.max(0, sent - received - refused),
    duplicated: sum((p) => p.duplicated),
    misrouted: sum((p) => p.misrouted),
    sequenceGaps: sum((p) => p.sequenceGaps),
    errorsByCode,
  };
}
