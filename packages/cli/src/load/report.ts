import type { LatencySummary, LoadReport } from '@parley/client/load';
import type { BotLoadReport } from './botLoad.js';

/** "join     p50 12.3 ms  p95 40.1 ms  p99 52.0 ms  max 61.2 ms  (n=40)" */
export function latencyLine(label: string, summary: LatencySummary): string {
  if (summary.count === 0) return `  ${label.padEnd(12)} no samples`;
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
  return `  ${label.padEnd(12)} p50 ${ms(summary.p50)}  p95 ${ms(summary.p95)}  p99 ${ms(summary.p99)}  max ${ms(summary.max)}  (n=${summary.count})`;
}

export function errorsLine(errorsByCode: Record<string, number>): string {
  const entries = Object.entries(errorsByCode).filter(([, n]) => n > 0);
  return `  errors       ${entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code} ${n}`).join(', ')}`;
}

export function signalingReportText(report: LoadReport): string[] {
  return [
    `  clients      ${report.clients} (peak ${report.peakConnections} connected), ${report.joins} joins, ${report.leaves} leaves in ${(report.durationMs / 1000).toFixed(1)} s`,
    latencyLine('connect', report.connectLatencyMs),
    latencyLine('join', report.joinLatencyMs),
    latencyLine('ready', report.readyLatencyMs),
    latencyLine('relay', report.relayLatencyMs),
    `  messages     ${report.sent} sent, ${report.received} received, ${report.refused} refused (receiver gone), ` +
      `${report.lost} lost, ${report.duplicated} duplicated, ${report.misrouted} misrouted, ${report.sequenceGaps} sequence gaps`,
    errorsLine(report.errorsByCode),
  ];
}

export function botReportText(report: BotLoadReport): string[] {
  return [
    `  bots         ${report.joined} of ${report.bots} joined in ${(report.durationMs / 1000).toFixed(1)} s; ${report.seeingEveryone} decoded video from everyone in their room`,
    latencyLine('join', report.joinLatencyMs),
    latencyLine('first frame', report.firstFrameLatencyMs),
    errorsLine(report.errorsByCode),
  ];
}
