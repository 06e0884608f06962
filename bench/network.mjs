// Calls over bad networks: Parley's web app against the bare RTCPeerConnection pair, both in the
// network lab (@parley/testkit NetLab), in one run. Ana and Ben each run Chromium in their own
// household behind an endpoint-independent NAT; Parley, coturn and the bare pair's pages and
// relay listen on the lab's public network. Ben's link then loses packets, is throttled, or
// moves to another public address mid-call, and each side reports what it received.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchParticipant } from './lib/browsers.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, ratio, round, ROOT_DIR, runWhenMain, sleep, writeResult } from './lib/stats.mjs';
import { bare, freshRoom, hangUp, parley } from './lib/systems.mjs';

const { NetLab, startLabServices } = await import(pathToFileURL(join(ROOT_DIR, 'packages/testkit/dist/index.js')).href);
const { mintTurnCredentials } = await import(pathToFileURL(join(ROOT_DIR, 'packages/server/dist/turn/credentials.js')).href);

const ROUNDS = Number(process.env.BENCH_NETWORK_ROUNDS ?? 2);
const MEASURE_MS = Number(process.env.BENCH_NETWORK_MS ?? 15_000);
/** After the network turns bad: bandwidth estimation and the jitter buffers adapt to it. */
const WARMUP_MS = 3_000;
/** address-change: frames watched this long before the move, so the stall it causes is seen whole. */
const BEFORE_MOVE_MS = 1_000;
/** The bare pair's pages and relay, beside Parley (8080) on the lab's public address. */
const PAGES_PORT = 8081;
const FIRST_FRAME_TIMEOUT = 20_000;
/** A gap between two presented frames at least this long is a stall, not jitter. */
const STALL_MS = 500;

/** Each applied to Ben's household once both sides see each other, and undone after the call. */
const SCENARIOS = [
  { name: 'loss-5', description: "Ben's link loses 5 % of packets each way", apply: (home) => home.setLoss(5) },
  { name: 'loss-10', description: "Ben's link loses 10 % of packets each way", apply: (home) => home.setLoss(10) },
  { name: 'loss-20', description: "Ben's link loses 20 % of packets each way", apply: (home) => home.setLoss(20) },
  { name: 'rate-1000', description: "Ben's link carries 1000 kbit/s each way", apply: (home) => home.setRate(1000) },
  { name: 'rate-300', description: "Ben's link carries 300 kbit/s each way", apply: (home) => home.setRate(300) },
  { name: 'rate-120', description: "Ben's link carries 120 kbit/s each way (too little for video)", apply: (home) => home.setRate(120) },
  {
    name: 'delay-150',
    description: "Ben's line delays every packet 150 ms ± 30 ms each way (the lab's user-space delay line)",
    apply: (home) => home.setDelay(150, 30),
  },
  { name: 'cpu-20', description: "Ben's browser gets 20 % of one core (a cgroup CPU quota)", apply: (home) => home.setCpuLimit(20) },
  {
    name: 'address-change',
    description: "Ben's household moves to another public address mid-call (every NAT mapping of the old one ends)",
    move: true,
  },
];

export async function run() {
  const only = process.env.BENCH_NETWORK_SCENARIOS?.split(',').filter(Boolean);
  const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
  const toneDir = mkdtempSync(join(tmpdir(), 'parley-bench-tone-'));
  const lab = await NetLab.create();
  const closers = [];
  const runs = [];
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await lab.close();
      rmSync(toneDir, { recursive: true, force: true });
    })());
  // run.mjs ends a benchmark that overruns with SIGTERM: leave no browser, server or namespace behind.
  const abort = () => void cleanup().finally(() => process.exit(1));
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  try {
    const services = await startLabServices(lab, {
      serverMain: join(ROOT_DIR, 'packages/server/dist/main.js'),
      // Another build of the web app (a folder like packages/web/dist) instead of the tree's own.
      webRoot: process.env.BENCH_NETWORK_WEBROOT || join(ROOT_DIR, 'packages/web/dist'),
      turn: true,
    });
    closers.push(() => services.close());
    // The page server's process, started inside the public namespace on the lab's address.
    const pages = await startServers(['pages'], {
      spawnIn: (command, args, options) => lab.spawn(lab.publicNs, command, args, options),
      env: { BENCH_PAGES_HOST: lab.publicAddress, BENCH_PAGES_PORT: String(PAGES_PORT) },
    });
    closers.push(() => pages.close());

    // The bare pair gets the STUN and TURN servers Parley hands out, so only the software differs.
    const { coturn } = services;
    const turn = mintTurnCredentials(coturn.secret, 'bench', 3 * 3600);
    const iceServers = [
      { urls: `stun:${coturn.host}:${coturn.port}` },
      { urls: [coturn.urls.udp, coturn.urls.tcp], username: turn.username, credential: turn.credential },
    ];
    const systems = [parley(services.url), bare(pages.pages, { iceServers })];

    const tone = makeTone(toneDir);
    const anaHome = await lab.household('ana', { nat: 'endpoint-independent' });
    // With a delay line (0 ms until delay-150), so every scenario runs over the same kind of line.
    const benHome = await lab.household('ben', { nat: 'endpoint-independent', delayMs: 0 });
    const launchIn = (home, name) =>
      launchParticipant({
        name,
        executablePath: lab.executableIn(home.ns, CHROMIUM_PATH),
        args: [
          ...CHROMIUM_ARGS,
          // http:// on an address that is not this machine: treated as secure, so the camera works.
          `--unsafely-treat-insecure-origin-as-secure=${services.url},${pages.pages}`,
          `--use-file-for-fake-audio-capture=${tone}`,
        ],
      });
    const ana = await launchIn(anaHome, 'ana');
    closers.push(() => ana.close());
    const ben = await launchIn(benHome, 'ben');
    closers.push(() => ben.close());

    for (let r = 0; r < ROUNDS; r++) {
      for (const [k, scenario] of scenarios.entries()) {
        // Each system goes first as often as the other, within a round and across rounds.
        const order = (r + k) % 2 === 0 ? systems : [...systems].reverse();
        for (const system of order) {
          if (scenario.move) {
            // changeAddress picks the next address from the number of households: a second move
            // with none added in between would "move" to the address Ben already has.
            await lab.household(`spare-${runs.length}`, { nat: 'endpoint-independent' });
          }
          const result = await measure({ system, scenario, ana, ben, benHome });
          runs.push({ round: r + 1, scenario: scenario.name, system: system.name, load1: load1(), ...result });
          log(`network round ${r + 1}/${ROUNDS} ${scenario.name} ${system.name}: ${describe(result)}`);
        }
      }
    }
  } finally {
    await cleanup();
    process.off('SIGTERM', abort);
    process.off('SIGINT', abort);
  }

  const summary = summarizeRuns(runs, scenarios);
  const file = writeResult('network', {
    description:
      'Calls over bad networks in the network lab (@parley/testkit NetLab: network namespaces, NAT routers, nftables loss, tc rate). ' +
      'Ana and Ben each run Chromium in their own household behind an endpoint-independent NAT, with a steady 440 Hz tone as microphone ' +
      "and Chromium's fake camera (1280×720 asked for, 30 fps); Parley (web app, end-to-end encryption on, its default) and coturn " +
      "listen on the lab's public network, and so do the bare pair's pages and WebSocket relay; the bare pair gets the same STUN and TURN servers. " +
      "Once both see each other, Ben's link turns bad; after a warm-up, each side's receiving streams are read over the window " +
      '(webrtc-stats inbound-rtp deltas: framesDecoded per second, freezeCount, totalFreezesDuration, concealedSamples / totalSamplesReceived) ' +
      'and the remote <video> frames timed with requestVideoFrameCallback (the longest gap; for address-change, the time from the move until ' +
      'frames come again after the stall it caused, both directions). Rounds alternate which system goes first; the same browsers and households throughout.',
    config: {
      webRoot: process.env.BENCH_NETWORK_WEBROOT || 'packages/web/dist',
      rounds: ROUNDS,
      measureMs: MEASURE_MS,
      warmupMs: WARMUP_MS,
      beforeMoveMs: BEFORE_MOVE_MS,
      stallMs: STALL_MS,
      nat: 'endpoint-independent',
      scenarios: Object.fromEntries(scenarios.map((s) => [s.name, s.description])),
    },
    summary,
    runs,
  });
  log(`network: wrote ${file}`);
  for (const scenario of scenarios) {
    const s = summary[scenario.name];
    for (const system of ['parley', 'bare']) {
      const v = s[system];
      log(
        `network: ${scenario.name} ${system}: ${v.fps} fps, ${v.freezesPerMin} freezes/min, ${v.freezeSecondsPerMin} s frozen/min, ` +
          `${v.concealedPercent} % concealed, path ${v.paths.join(' ')}` +
          (scenario.move ? `, recovered in ${v.recoveryMs ?? '–'} ms (${v.recovered}/${v.calls})` : ''),
      );
    }
  }
  return { summary };
}

async function measure({ system, scenario, ana, ben, benHome }) {
  const room = freshRoom('net');
  try {
    // Ana is in the room first; Ben joins.
    await system.prepare(ana, ben, room);
    await system.trigger(ben);
    for (const person of [ana, ben]) {
      await person.page.waitForFunction(() => window.__bench.firstFrame !== null, null, {
        timeout: FIRST_FRAME_TIMEOUT,
        polling: 100,
      });
    }
    if (scenario.apply) await scenario.apply(benHome);
    await sleep(WARMUP_MS);
    await Promise.all([ana, ben].map((p) => p.page.evaluate(startFrameWatch, system.remoteVideo)));
    const before = await Promise.all([ana, ben].map((p) => p.page.evaluate(readStreams)));
    let movedAt = null;
    let newAddress = null;
    if (scenario.move) {
      await sleep(BEFORE_MOVE_MS);
      movedAt = performance.timeOrigin + performance.now();
      newAddress = await benHome.changeAddress();
    }
    await sleep(MEASURE_MS);
    const after = await Promise.all([ana, ben].map((p) => p.page.evaluate(readStreams)));
    const frames = await Promise.all([ana, ben].map((p) => p.page.evaluate(() => window.__frameWatch.stop())));
    const windowEnd = Math.min(after[0].t, after[1].t);
    const atAna = { ...direction(before[0], after[0], frames[0], movedAt, windowEnd), ...sent(before[1], after[1]) };
    const atBen = { ...direction(before[1], after[1], frames[1], movedAt, windowEnd), ...sent(before[0], after[0]) };
    return { ok: true, ...(newAddress ? { newAddress } : {}), atAna, atBen };
  } catch (error) {
    const message = error.message.split('\n')[0];
    log(`network: ${scenario.name} ${system.name} failed: ${message}`);
    return { ok: false, error: message };
  } finally {
    // The household is well again before the pages leave: after cpu-20 the next call's first
    // page.goto once gave up after 30 s, the page having left the starved call meanwhile.
    await benHome.setLoss(0);
    await benHome.setRate(null);
    await benHome.setDelay(0);
    await benHome.setCpuLimit(null);
    await hangUp(ana, ben);
  }
}

/** What one side received from the other over the window. */
function direction(before, after, frameTimes, movedAt, windowEnd) {
  const seconds = (after.t - before.t) / 1000;
  const prior = new Map(before.streams.map((s) => [s.key, s]));
  // Counters of a stream that began during the window start from zero.
  const delta = (s, field) => (s[field] ?? 0) - (prior.get(s.key)?.[field] ?? 0);
  // The other person's camera and microphone: the streams that received most during the window.
  const top = (kind, field) => after.streams.filter((s) => s.kind === kind).sort((a, b) => delta(b, field) - delta(a, field))[0] ?? null;
  const video = top('video', 'framesDecoded');
  const audio = top('audio', 'totalSamplesReceived');
  const samples = audio ? delta(audio, 'totalSamplesReceived') : 0;
  const videoPackets = video ? delta(video, 'packetsReceived') + delta(video, 'packetsLost') : 0;
  return {
    seconds: round(seconds, 2),
    fps: video ? round(delta(video, 'framesDecoded') / seconds) : 0,
    freezes: video ? delta(video, 'freezeCount') : null,
    freezeSeconds: video ? round(delta(video, 'totalFreezesDuration'), 2) : null,
    frameHeight: video?.frameHeight ?? null,
    videoLossPercent: videoPackets > 0 ? round((100 * delta(video, 'packetsLost')) / videoPackets, 1) : null,
    concealedShare: samples > 0 ? round(delta(audio, 'concealedSamples') / samples, 4) : null,
    path: video?.path ?? audio?.path ?? null,
    ...frameGaps(frameTimes, movedAt, windowEnd),
  };
}

/** What the other side's camera encoder did meanwhile: a low received rate may start there. */
function sent(before, after) {
  const seconds = (after.t - before.t) / 1000;
  const prior = new Map(before.outbound.map((s) => [s.key, s]));
  const video = after.outbound
    .map((s) => ({ ...s, frames: s.framesEncoded - (prior.get(s.key)?.framesEncoded ?? 0) }))
    .sort((a, b) => b.frames - a.frames)[0];
  return video ? { sentFps: round(video.frames / seconds), sentLimitation: video.qualityLimitationReason } : { sentFps: null };
}

/**
 * The longest gap between presented frames in the window (the end of the window counts as a
 * frame, so video that never came back is a gap too). With a move, the longest gap that ends
 * after it (the stall it caused): recoveryMs is the time from the move to the frame that ended it.
 */
function frameGaps(times, movedAt, windowEnd) {
  const from = movedAt ?? -Infinity;
  const points = [...times.filter((t) => t <= windowEnd), windowEnd].sort((a, b) => a - b);
  let longest = { ms: 0, end: null };
  for (let i = 1; i < points.length; i++) {
    const ms = points[i] - points[i - 1];
    if (points[i] > from && ms > longest.ms) longest = { ms, end: i === points.length - 1 ? null : points[i] };
  }
  const out = { framesShown: times.length, maxGapMs: round(longest.ms) };
  if (movedAt === null) return out;
  const stalled = longest.ms >= STALL_MS;
  const recovered = !stalled || longest.end !== null;
  return {
    ...out,
    recovered,
    // No stall: the picture never stopped long enough to tell; what counts is that it kept moving.
    recoveryMs: !recovered ? null : stalled ? round(longest.end - movedAt) : 0,
  };
}

/** Medians over rounds and both directions, per scenario and system. */
function summarizeRuns(runs, scenarios) {
  const out = {};
  for (const scenario of scenarios) {
    const row = {};
    for (const system of ['parley', 'bare']) {
      const calls = runs.filter((r) => r.scenario === scenario.name && r.system === system);
      const sides = calls.filter((c) => c.ok).flatMap((c) => [c.atAna, c.atBen]);
      const values = (f) => sides.map(f).filter((v) => typeof v === 'number' && Number.isFinite(v));
      const med = (f, digits = 1) => round(median(values(f)), digits);
      const perMinute = (count) => (s) => (count(s) === null ? null : (60 * count(s)) / s.seconds);
      // Both pictures move again: the later of the two directions of a call.
      const recoveries = calls
        .filter((c) => c.ok)
        .map((c) => (c.atAna.recovered && c.atBen.recovered ? Math.max(c.atAna.recoveryMs, c.atBen.recoveryMs) : null));
      row[system] = {
        calls: calls.length,
        failed: calls.filter((c) => !c.ok).length,
        fps: med((s) => s.fps),
        sentFps: med((s) => s.sentFps),
        freezesPerMin: med(perMinute((s) => s.freezes)),
        freezeSecondsPerMin: med(
          perMinute((s) => s.freezeSeconds),
          2,
        ),
        concealedPercent: med((s) => (s.concealedShare === null ? null : 100 * s.concealedShare), 2),
        maxGapMs: med((s) => s.maxGapMs, 0),
        frameHeight: med((s) => s.frameHeight, 0),
        paths: [...new Set(sides.map((s) => s.path).filter(Boolean))],
        ...(scenario.move
          ? {
              recovered: recoveries.filter((v) => v !== null).length,
              recoveryMs: round(median(recoveries.filter((v) => v !== null)), 0),
              recoveriesMs: recoveries,
            }
          : {}),
      };
    }
    row.concealmentParleyVsBare = ratio(row.parley.concealedPercent, row.bare.concealedPercent);
    row.fpsParleyVsBare = ratio(row.parley.fps, row.bare.fps);
    out[scenario.name] = row;
  }
  return out;
}

function describe(result) {
  if (!result.ok) return `failed (${result.error})`;
  const side = (s) =>
    `${s.fps} fps, ${s.freezes} freezes (${s.freezeSeconds} s), ${round(100 * (s.concealedShare ?? NaN), 2)} % concealed, ` +
    `(sent ${s.sentFps}, ${s.sentLimitation}), max gap ${s.maxGapMs} ms${s.recoveryMs !== undefined ? `, back after ${s.recoveryMs ?? 'never'} ms` : ''}, ${s.path}`;
  return `Ana sees Ben: ${side(result.atAna)}; Ben sees Ana: ${side(result.atBen)}`;
}

/**
 * A steady tone for --use-file-for-fake-audio-capture (48 kHz mono, looped): never silent, so
 * Opus never pauses for DTX and every sample played is either received or concealed.
 */
function makeTone(dir) {
  const path = join(dir, 'tone-440.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', path, 'synth', '10', 'sine', '440', 'vol', '0.3']);
  return path;
}

function load1() {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/**
 * In the page: the time each frame of the remote <video> is presented (requestVideoFrameCallback,
 * WICG video-rvfc), following the element should the app replace it. Serialized by Playwright.
 */
function startFrameWatch(selector) {
  const watch = { times: [], video: null, stopped: false };
  watch.stop = () => {
    watch.stopped = true;
    return watch.times;
  };
  window.__frameWatch = watch;
  const follow = (video) => {
    const onFrame = (now) => {
      if (watch.stopped || watch.video !== video) return;
      watch.times.push(performance.timeOrigin + now);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const look = () => {
    if (watch.stopped) return;
    const video = document.querySelector(selector);
    if (video && video !== watch.video) {
      watch.video = video;
      follow(video);
    }
    setTimeout(look, 200);
  };
  look();
}

/**
 * In the page: every inbound RTP stream of every open peer connection (W3C webrtc-stats §8.5
 * RTCInboundRtpStreamStats; its §8.4 RTCReceivedRtpStreamStats for packetsReceived and packetsLost),
 * keyed by connection and stats id, with the connection's selected path: the transport's
 * selectedCandidatePairId (§8.18) and that pair's local and remote candidates' types (§8.19, §8.20).
 */
async function readStreams() {
  const streams = [];
  const outbound = [];
  for (const [index, pc] of window.__pcs.entries()) {
    if (pc.connectionState === 'closed') continue;
    const stats = new Map();
    (await pc.getStats()).forEach((s) => stats.set(s.id, s));
    const all = [...stats.values()];
    const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = transport ? stats.get(transport.selectedCandidatePairId) : null;
    const local = pair ? stats.get(pair.localCandidateId) : null;
    const remote = pair ? stats.get(pair.remoteCandidateId) : null;
    const path =
      local && remote ? `${local.candidateType}${local.relayProtocol ? `(${local.relayProtocol})` : ''}→${remote.candidateType}` : null;
    for (const s of all) {
      // The camera's encoder (§8.8 RTCOutboundRtpStreamStats): frames encoded, and what limits them now.
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        outbound.push({ key: `${index}/${s.id}`, framesEncoded: s.framesEncoded ?? 0, qualityLimitationReason: s.qualityLimitationReason });
      }
      if (s.type !== 'inbound-rtp') continue;
      streams.push({
        key: `${index}/${s.id}`,
        kind: s.kind,
        path,
        packetsReceived: s.packetsReceived,
        packetsLost: s.packetsLost,
        // Video (§8.5): frames decoded; freezes as the receiver counts them (a gap between two
        // rendered frames of at least max(3 × the average, the average + 150 ms)) and their total seconds.
        framesDecoded: s.framesDecoded,
        freezeCount: s.freezeCount,
        totalFreezesDuration: s.totalFreezesDuration,
        frameHeight: s.frameHeight,
        // Audio (§8.5): samples played, and those made up because their packet was lost or late.
        totalSamplesReceived: s.totalSamplesReceived,
        concealedSamples: s.concealedSamples,
      });
    }
  }
  return { t: performance.timeOrigin + performance.now(), streams, outbound };
}

runWhenMain(import.meta.url, run);
