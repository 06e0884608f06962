import { preciseNow, summarizeLatency } from './latency.js';
import { LoadStats } from './LoadStats.js';
import { SimulatedClient } from './SimulatedClient.js';
import type { LoadOptions, LoadReport } from './types.js';

/** Grace after everyone left, for the last refusals on their way back to their senders. */
const SETTLE_MS = 300;
/** Longest wait for in-flight messages to land before everyone leaves. */
const QUIET_MS = 2_000;
/** Pause before a client whose join was refused (room full) tries another room. */
const RETRY_MS = 200;

/**
 * Simulates many Parley participants against a server: each one a real socket.io-client
 * that joins a room, exchanges marked offers, answers and ICE candidates with the others,
 * sends a candidate to a random peer now and then, and (with `churn`) moves between random
 * rooms. At the end everyone stops sending, waits for what is in flight, leaves (acknowledged)
 * and disconnects, so every message is accounted for: delivered, refused because its receiver
 * had left, or lost.
 *
 * @example
 * const report = await runSignalingLoad({ serverUrl: 'http://127.0.0.1:3000', rooms: 250, roomSize: 4, durationMs: 30_000 });
 * console.log(report.relayLatencyMs.p99, report.lost);
 */
export async function runSignalingLoad(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const count = options.clients ?? options.rooms * options.roomSize;
  const prefix = options.roomPrefix ?? `load-${Math.random().toString(36).slice(2, 10)}`;
  const roomId = (index: number): string => `${prefix}-${index}`;
  const stats = new LoadStats();
  const stop = stopSignal(deadline, options.signal);
  const urls = options.serverUrls?.length ? options.serverUrls : [options.serverUrl];
  const clients = Array.from(
    { length: count },
    (_, index) =>
      new SimulatedClient({
        serverUrl: urls[index % urls.length]!,
        path: options.path ?? '/socket.io',
        stats,
        candidatesPerExchange: options.candidatesPerExchange ?? 4,
        signalIntervalMs: options.signalIntervalMs ?? 2_000,
        localAddress: options.clientAddress?.(index),
      }),
  );
  const progress = options.onProgress
    ? setInterval(() => {
        options.onProgress?.({
          elapsedMs: Math.round(performance.now() - started),
          connected: stats.connected,
          inRoom: stats.inRoom,
          sent: stats.sent,
          received: stats.received,
          errors: stats.errorCount,
        });
      }, 1_000)
    : null;

  const lifecycle = async (client: SimulatedClient, index: number): Promise<void> => {
    // Rooms of exactly roomSize at the start: clients 0..roomSize-1 in room 0, and so on.
    let room = Math.floor(index / options.roomSize) % options.rooms;
    while (!stop.stopped) {
      const failure = await client.join(roomId(room));
      if (failure === 'disconnected') return;
      if (failure === null) {
        const churn = options.churn;
        if (!churn) return; // stays until the end
        await stop.sleep(-Math.log(1 - Math.random()) * churn.meanStayMs);
        await client.leave();
      } else {
        await stop.sleep(RETRY_MS);
      }
      room = Math.floor(Math.random() * options.rooms);
    }
  };

  try {
    const lives: Promise<void>[] = [];
    await forEachLimited(clients, options.connectConcurrency ?? 50, async (client, index) => {
      if (stop.stopped) return;
      if (await client.connect()) lives.push(lifecycle(client, index));
    });
    // The steady state: everyone connected, the last joiners' offer/answer bursts over.
    await stop.sleep(options.steadyAfterMs ?? 1_000);
    stats.steadySince = preciseNow();
    await stop.promise;
    await Promise.all(lives);
    // Stop everyone first, then leave: a message then either reached its receiver before
    // that receiver's leave was acknowledged, or was refused as `peer-not-found`.
    for (const client of clients) client.stopSending();
    // Let what is in flight land before anyone leaves (bounded: a message to another process's
    // client is never counted here).
    const quietBy = performance.now() + QUIET_MS;
    while (stats.received + stats.refused + stats.duplicated + stats.misrouted < stats.sent && performance.now() < quietBy) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(clients.map((client) => client.leave()));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  } finally {
    if (progress) clearInterval(progress);
    stop.dispose();
    for (const client of clients) client.close();
  }

  const report: LoadReport = {
    durationMs: Math.round(performance.now() - started),
    clients: count,
    peakConnections: stats.peakConnections,
    joins: stats.joins,
    leaves: stats.leaves,
    connectLatencyMs: summarizeLatency(stats.connectMs),
    joinLatencyMs: summarizeLatency(stats.joinMs),
    readyLatencyMs: summarizeLatency(stats.readyMs),
    relayLatencyMs: summarizeLatency(stats.relayMs),
    steadyRelayLatencyMs: summarizeLatency(stats.steadyRelayMs),
    sent: stats.sent,
    received: stats.received,
    refused: stats.refused,
    lost: Math.max(0, stats.sent - stats.received - stats.refused),
    duplicated: stats.duplicated,
    misrouted: stats.misrouted,
    sequenceGaps: stats.sequenceGaps,
    errorsByCode: { ...stats.errorsByCode },
  };
  if (options.keepSamples) {
    report.samples = {
      connectMs: stats.connectMs,
      joinMs: stats.joinMs,
      readyMs: stats.readyMs,
      relayMs: stats.relayMs,
      steadyRelayMs: stats.steadyRelayMs,
    };
  }
  return report;
}

/** The end of the run (deadline or abort), awaitable, with sleeps that end early when it comes. */
function stopSignal(deadline: number, signal: AbortSignal | undefined) {
  let stopped = false;
  let wake: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const sleepers = new Set<() => void>();
  const end = (): void => {
    stopped = true;
    wake();
    for (const sleeper of sleepers) sleeper();
  };
  const timer = setTimeout(end, Math.max(0, deadline - performance.now()));
  signal?.addEventListener('abort', end, { once: true });
  if (signal?.aborted) end();
  return {
    get stopped() {
      return stopped;
    },
    promise,
    sleep(ms: number): Promise<void> {
      if (stopped) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(sleepTimer);
          sleepers.delete(done);
          resolve();
        };
        const sleepTimer = setTimeout(done, ms);
        sleepers.add(done);
      });
    },
    dispose(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', end);
    },
  };
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
