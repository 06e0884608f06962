// How late this process's event loop ran: a message waits that long before its handler starts.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The histogram holds whole timer intervals (resolution included): the lateness is what is beyond it. */
const RESOLUTION_MS = 1;

/** Starts watching; `summary()` gives p50, p99 and max lateness in ms since the start or the last `reset()`. */
export function watchLoopLateness() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const lateness = (ns) => Math.max(0, Math.round(ns / 1e4 - 100 * RESOLUTION_MS) / 100);
  return {
    reset: () => histogram.reset(),
    summary: () => ({ p50: lateness(histogram.percentile(50)), p99: lateness(histogram.percentile(99)), max: lateness(histogram.max) }),
  };
}
