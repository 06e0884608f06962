import type { LatencySummary } from './types.js';

/** Nearest-rank percentiles (p50, p95, p99, max) of a list of milliseconds, rounded to 0.01 ms. */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? 0) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Milliseconds since the Unix epoch with sub-millisecond precision, comparable across processes on one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
