#!/usr/bin/env node
// Signaling at scale: Parley's server and peerjs-server (npm `peer`) each under 1k and 5k
// simulated clients in rooms of 4, relaying the same offers, answers and candidates. The server
// under test runs alone in its own process (its heap measured after GC); the clients run in
// worker processes. Reports connections held, memory per connection, time until a new client
// can signal (connect + join) p50/p99 and relay latency p50/p99 per system and scale.
//
//   BENCH_SIGNALING_CLIENTS  scales, comma-separated (default 1000,5000)
//   BENCH_SIGNALING_MS       steady part of each run, after connecting everyone (default 20000); each run
//                            also gets 12 ms per client to connect (60 s at 5k on a busy 2-core machine)
//   BENCH_SIGNALING_WORKERS  client processes (default 2)
//   BENCH_SIGNALING_INTERVAL_MS  each client sends a candidate to a room-mate this often (default 2000)
//   BENCH_SIGNALING_SNAPSHOT_DIR  heap snapshots of each server before and with the clients go there
//   BENCH_SIGNALING_PROFILE_DIR   each server's CPU profile (node --cpu-prof) goes there
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT_DIR, log, ratio, round, sleep, writeResult } from './lib/stats.mjs';

const { mergeLoadReports } = await import(pathToFileURL(join(ROOT_DIR, 'packages/client/dist/load/index.js')).href);

const SCALES = (process.env.BENCH_SIGNALING_CLIENTS ?? '1000,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const STEADY_MS = Number(process.env.BENCH_SIGNALING_MS ?? 20_000);
const RAMP_MS_PER_CLIENT = 12;
const durationFor = (clients) => STEADY_MS + clients * RAMP_MS_PER_CLIENT;
const STEADY_AFTER_MS = 6_000;
const WORKERS = Number(process.env.BENCH_SIGNALING_WORKERS ?? 2);
const INTERVAL_MS = Number(process.env.BENCH_SIGNALING_INTERVAL_MS ?? 2_000);
const ROOM_SIZE = 4;
const SYSTEMS = ['parley', 'peerjs'];

function startServer(system) {
  const child = fork(join(BENCH_DIR, 'lib/signaling-server.mjs'), [system], {
    execArgv: [
      '--expose-gc',
      '--no-deprecation',
      ...(process.env.BENCH_SIGNALING_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SIGNALING_PROFILE_DIR}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    setPriority(child.pid, -10); // as for the other benchmarks' servers: root only, both systems alike
  } catch {
    // not permitted: normal priority
  }
  const ask = (question, key) =>
    new Promise((resolve) => {
      const onMessage = (message) => {
        if (message?.[key] === undefined) return;
        child.off('message', onMessage);
        resolve(message[key]);
      };
      child.on('message', onMessage);
      child.send(question);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${system} server exited with ${code}`)));
    child.once('message', (message) => {
      resolve({
        info: message.ready,
        memory: () => ask('memory', 'memory'),
        mark: () => ask('mark', 'marked'),
        usage: () => ask('usage', 'usage'),
        connections: () => ask('connections', 'connections'),
        snapshot: () => ask('snapshot', 'snapshot'),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.send('stop');
          }),
      });
    });
  });
}

/** Runs the clients in WORKERS processes; resolves with each worker's report once all are done. */
function runWorkers(system, server, clients, onProgress) {
  const perWorker = Math.ceil(clients / WORKERS / ROOM_SIZE) * ROOM_SIZE;
  const progress = new Array(WORKERS).fill(null);
  return Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const share = Math.max(0, Math.min(perWorker, clients - w * perWorker));
      const child = fork(join(BENCH_DIR, 'lib/signaling-worker.mjs'), [], {
        execArgv: ['--no-deprecation'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.send({
        system,
        server,
        firstAddress: w * perWorker,
        load: {
          clients: share,
          rooms: share / ROOM_SIZE,
          roomSize: ROOM_SIZE,
          durationMs: durationFor(clients),
          connectConcurrency: 100,
          // The server's memory is measured (full GCs, a pause) as soon as everyone is in: the steady window starts after.
          steadyAfterMs: STEADY_AFTER_MS,
          signalIntervalMs: INTERVAL_MS,
          roomPrefix: `w${w}-${Date.now().toString(36)}`,
          prefix: `w${w}${Date.now().toString(36)}`,
        },
      });
      return new Promise((resolve, reject) => {
        child.on('message', (message) => {
          if (message.progress) {
            progress[w] = message.progress;
            onProgress(progress);
          } else if (message.report) resolve(message.report);
          else if (message.error) reject(new Error(message.error));
        });
        child.once('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
      });
    }),
  );
}

async function measure(system, clients) {
  const server = await startServer(system);
  try {
    await sleep(500);
    const baseline = await server.memory();
    if (process.env.BENCH_SIGNALING_SNAPSHOT_DIR) log(`signaling: heap snapshot before the clients ${await server.snapshot()}`);
    let allIn = null;
    const allInRoom = new Promise((resolve) => (allIn = resolve));
    const reports = runWorkers(system, server.info, clients, (progress) => {
      const inRoom = progress.reduce((sum, p) => sum + (p?.inRoom ?? 0), 0);
      if (inRoom >= clients) allIn();
    });
    // Loaded memory: every client connected and in its room.
    const loaded = await Promise.race([
      allInRoom.then(async () => {
        const loadedMemory = { memory: await server.memory(), held: await server.connections() };
        if (process.env.BENCH_SIGNALING_SNAPSHOT_DIR) log(`signaling: heap snapshot with the clients in ${await server.snapshot()}`);
        await server.mark(); // the server's own CPU and event-loop delay from here: the steady part
        return loadedMemory;
      }),
      reports.then(() => null),
    ]);
    const workerReports = await reports;
    const merged = mergeLoadReports(workerReports);
    // The worst worker's: a message to any of its clients waited that long there.
    const generatorLoopDelayMs = {
      p99: Math.max(...workerReports.map((part) => part.generatorLoopDelayMs?.p99 ?? 0)),
      max: Math.max(...workerReports.map((part) => part.generatorLoopDelayMs?.max ?? 0)),
    };
    const serverUsage = loaded ? await server.usage() : null;
    const { samples: _samples, ...report } = merged;
    const perConnection = (key) => (loaded ? round((loaded.memory[key] - baseline[key]) / clients / 1024, 2) : null);
    const result = {
      system,
      clients,
      connectionsHeld: loaded?.held ?? null,
      peakConnections: merged.peakConnections,
      memory: {
        baseline,
        loaded: loaded?.memory ?? null,
        heapKiBPerConnection: perConnection('heapUsed'),
        rssKiBPerConnection: perConnection('rss'),
      },
      readyMs: merged.readyLatencyMs,
      joinMs: merged.joinLatencyMs,
      relayMs: merged.relayLatencyMs,
      steadyRelayMs: merged.steadyRelayLatencyMs,
      server: serverUsage,
      generatorLoopDelayMs,
      report,
    };
    log(
      `${system} @ ${clients}: held ${result.connectionsHeld}, heap ${result.memory.heapKiBPerConnection} KiB/conn, ` +
        `ready p50 ${result.readyMs.p50} p99 ${result.readyMs.p99} ms, relay p50 ${result.relayMs.p50} p99 ${result.relayMs.p99} ms ` +
        `(steady p50 ${result.steadyRelayMs.p50} p99 ${result.steadyRelayMs.p99} ms), ` +
        `sent ${report.sent}, lost ${report.lost}, errors ${JSON.stringify(report.errorsByCode)}; ` +
        `server ${JSON.stringify(serverUsage)}, generator loop delay ${JSON.stringify(generatorLoopDelayMs)}`,
    );
    return result;
  } finally {
    await server.stop();
  }
}

const runs = [];
for (const [index, clients] of SCALES.entries()) {
  // Alternate which system goes first, so neither always meets a warmer or cooler machine.
  const order = index % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse();
  for (const system of order) {
    log(`signaling: ${system} with ${clients} clients in rooms of ${ROOM_SIZE}, ${durationFor(clients) / 1000} s…`);
    runs.push(await measure(system, clients));
    await sleep(1_000);
  }
}

const pick = (system, clients) => runs.find((r) => r.system === system && r.clients === clients);
const comparisons = SCALES.map((clients) => {
  const parley = pick('parley', clients);
  const peerjs = pick('peerjs', clients);
  return {
    clients,
    relayP99ParleyVsPeerjs: ratio(parley?.relayMs.p99, peerjs?.relayMs.p99),
    steadyRelayP99ParleyVsPeerjs: ratio(parley?.steadyRelayMs.p99, peerjs?.steadyRelayMs.p99),
    readyP50ParleyVsPeerjs: ratio(parley?.readyMs.p50, peerjs?.readyMs.p50),
    heapPerConnectionParleyVsPeerjs: ratio(parley?.memory.heapKiBPerConnection, peerjs?.memory.heapKiBPerConnection),
    rssPerConnectionParleyVsPeerjs: ratio(parley?.memory.rssKiBPerConnection, peerjs?.memory.rssKiBPerConnection),
  };
});
const file = writeResult('signaling', {
  config: {
    scales: SCALES,
    roomSize: ROOM_SIZE,
    steadyMs: STEADY_MS,
    steadyAfterMs: STEADY_AFTER_MS,
    rampMsPerClient: RAMP_MS_PER_CLIENT,
    connectConcurrency: 100 * WORKERS,
    workers: WORKERS,
    signalIntervalMs: INTERVAL_MS,
    candidatesPerExchange: 4,
    addressPerClient: true,
  },
  runs,
  comparisons,
});
log(`signaling: wrote ${file}`);
