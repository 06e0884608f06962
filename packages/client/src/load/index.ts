/**
 * `@parley/client/load`: simulated signaling clients for load tests, churn tests and the
 * `parley load` command. Node only (one socket per simulated client, thousands at once).
 */
export { runSignalingLoad } from './runSignalingLoad.js';
export { mergeLoadReports } from './merge.js';
export { summarizeLatency } from './latency.js';
export type { ChurnOptions, LatencySummary, LoadOptions, LoadProgress, LoadReport } from './types.js';
