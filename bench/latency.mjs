// Glass-to-glass latency: the sender's camera is a canvas drawing a frame counter at 30 fps;
// the receiver reads the counter back from each rendered frame of the remote <video>. Parley's
// web app against the bare RTCPeerConnection pair, alternating rounds in one run, two Chromium
// processes on loopback, both sides sending.
import { launchParticipant } from './lib/browsers.mjs';
import { installCounterCamera } from './lib/counterCamera.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, round, sleep, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { bare, freshRoom, hangUp, parley } from './lib/systems.mjs';

const FPS = 30;
const FRAME_MS = 1000 / FPS;
const ROUNDS = Number(process.env.BENCH_LATENCY_ROUNDS ?? 3);
const MEASURE_MS = Number(process.env.BENCH_LATENCY_MS ?? 8_000);
/** Ignore the start of the call: bandwidth estimation ramps up, the jitter buffer settles. */
const WARMUP_MS = 3_000;

export async function run() {
  const servers = await startServers(['parley', 'pages']);
  // The bare pair sends as Parley does (no MediaStream, so no lip sync); the lip-synced bare
  // pair shows what synchronising video to audio costs on this machine.
  const systems = [parley(servers.parley), bare(servers.pages), bare(servers.pages, { sync: true })];
  const camera = [[installCounterCamera, { width: 640, height: 360, fps: FPS }]];
  // "host" is the sender (in the room first), "joiner" the receiver.
  const sender = await launchParticipant({ name: 'sender', initScripts: camera });
  const receiver = await launchParticipant({ name: 'receiver', initScripts: camera });
  const runs = Object.fromEntries(
    systems.map((s) => [s.name, { latencyMs: [], callbackLatencyMs: [], undecodable: 0, lost: 0, rounds: 0 }]),
  );
  try {
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      const order = systems.map((_, k) => systems[(k + round_) % systems.length]);
      for (const system of order) {
        const result = await measure(system, sender, receiver);
        const into = runs[system.name];
        into.latencyMs.push(...result.latencyMs);
        into.callbackLatencyMs.push(...result.callbackLatencyMs);
        into.undecodable += result.undecodable;
        into.lost += result.lost;
        into.rounds++;
        log(
          `latency round ${round_ + 1}/${ROUNDS} ${system.name}: ${result.latencyMs.length} frames, p50 ${round(median(result.latencyMs))} ms`,
        );
      }
    }
  } finally {
    await sender.close();
    await receiver.close();
    await servers.close();
  }

  const summary = {};
  for (const system of systems) {
    const r = runs[system.name];
    summary[system.name] = {
      label: system.label,
      latencyMs: summarize(r.latencyMs),
      callbackLatencyMs: summarize(r.callbackLatencyMs),
      undecodableFrames: r.undecodable,
      // Counters drawn but never shown between the first and last one read (dropped or skipped).
      framesNotShown: r.lost,
    };
  }
  const diff = summary.parley.latencyMs.p50 - summary.bare.latencyMs.p50;
  const comparison = {
    medianDiffMs: round(diff),
    medianDiffFrames: round(diff / FRAME_MS, 2),
    parleyVsBare: round(summary.parley.latencyMs.p50 / summary.bare.latencyMs.p50, 2),
    p95DiffMs: round(summary.parley.latencyMs.p95 - summary.bare.latencyMs.p95),
    lipSyncCostMs: round(summary.bareSync.latencyMs.p50 - summary.bare.latencyMs.p50),
  };
  const file = writeResult('latency', {
    description:
      "Glass-to-glass latency at 30 fps: time from drawing a frame counter on the sender's canvas camera (captureStream) to the expected display time (requestVideoFrameCallback expectedDisplayTime) of the frame showing that counter in the receiver's remote <video>. callbackLatencyMs uses the time the callback ran instead. 640×360, both sides sending, two Chromium processes on loopback, rounds rotating the order of the systems. bare sends its tracks without a MediaStream, as Parley does (no lip sync); bareSync sends them in one MediaStream, so the receiver delays video to play it in sync with audio.",
    config: { fps: FPS, width: 640, height: 360, rounds: ROUNDS, measureMsPerRound: MEASURE_MS, warmupMs: WARMUP_MS },
    goal: { medianDiffFramesAtMost: 1 },
    summary,
    comparison,
    histogramMs: Object.fromEntries(systems.map((s) => [s.name, histogram(runs[s.name].latencyMs)])),
    runs: Object.fromEntries(
      Object.entries(runs).map(([name, r]) => [name, { latencyMs: r.latencyMs, callbackLatencyMs: r.callbackLatencyMs }]),
    ),
  });
  log(`latency: wrote ${file}`);
  for (const system of systems) {
    const s = summary[system.name].latencyMs;
    log(`latency: ${system.name} p50 ${s.p50} ms, p95 ${s.p95} ms (n=${s.n})`);
  }
  log(`latency: Parley − bare at the median: ${comparison.medianDiffMs} ms = ${comparison.medianDiffFrames} frame intervals`);
  return { summary, comparison };
}

async function measure(system, sender, receiver) {
  const room = freshRoom('g2g');
  try {
    await system.prepare(sender, receiver, room);
    await system.trigger(receiver);
    await receiver.page.waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: 20_000, polling: 100 });
    await sleep(WARMUP_MS);
    const started = await receiver.page.evaluate((selector) => window.__counter.startReading(selector), system.remoteVideo);
    if (!started) throw new Error(`no remote video (${system.remoteVideo})`);
    await sleep(MEASURE_MS);
    const { readings, bad } = await receiver.page.evaluate(() => window.__counter.stopReading());
    const sent = await sender.page.evaluate(() => window.__counter.sent);
    const latencyMs = [];
    const callbackLatencyMs = [];
    const seen = new Set();
    for (const r of readings) {
      // The first rendering of each counter (a frame shown twice is one frame late, not two).
      if (seen.has(r.counter) || sent[r.counter] === undefined) continue;
      seen.add(r.counter);
      latencyMs.push(round(r.shown - sent[r.counter], 2));
      callbackLatencyMs.push(round(r.callback - sent[r.counter], 2));
    }
    const counters = [...seen];
    const span = counters.length ? Math.max(...counters) - Math.min(...counters) + 1 : 0;
    return { latencyMs, callbackLatencyMs, undecodable: bad, lost: Math.max(0, span - counters.length) };
  } catch (error) {
    log(`latency: ${system.name} failed: ${error.message.split('\n')[0]}`);
    return { latencyMs: [], callbackLatencyMs: [], undecodable: 0, lost: 0 };
  } finally {
    await hangUp(sender, receiver);
  }
}

function histogram(values, bucketMs = 10) {
  const out = {};
  for (const v of values) {
    const b = Math.floor(v / bucketMs) * bucketMs;
    out[b] = (out[b] ?? 0) + 1;
  }
  return out;
}

runWhenMain(import.meta.url, run);
