/**
 * `@parley/client/load`: simulated signaling clients for load tests, churn tests and the
 * `parley load` command. Node only (one socket per simulated client, thousands at once).
 */
export { runSignalingLoad } from './runSignalingLoad.js';
export { mergeLoadReports } from './merge.js';
export { summarizeLatency } from './latency.js';
export { loopbackAddress } from './loopbackAddress.js';
/** The marked offers, answers and candidates, for load generators that speak another protocol (benchmarks). */
export { decodeMarker, markedCandidate, markedDescription, type LoadMarker } from './markers.js';
export type { ChurnOptions, LatencySummary, LoadOptions, LoadProgress, LoadReport } from './types.js';
