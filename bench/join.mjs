// Join time: from clicking Join (t0) to the first remote video frame rendered at the joiner
// (requestVideoFrameCallback), two Chromium processes on loopback. Parley's web app, a bare
// RTCPeerConnection pair over a minimal WebSocket relay (the limit on this machine) and a PeerJS
// call with its `peer` server, interleaved per iteration so the machine's noise hits all three.
import { launchParticipant } from './lib/browsers.mjs';
import { readProbes } from './lib/instrument.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, ratio, round, sleep, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { buildSdkPage } from './lib/sdkPage.mjs';
import { bare, freshRoom, hangUp, parley, parleySdk, peerjs } from './lib/systems.mjs';

const JOINS = Number(process.env.BENCH_JOINS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const FRAME_TIMEOUT = 15_000;
/** Both pages idle this long before the join, so page load work does not leak into it. */
const SETTLE_MS = 500;

/** Timeline steps reported (first occurrence after t0, ms), in the order they happen. */
const JOINER_STEPS = [
  'ws:create',
  'ws:open',
  'ws:send:join',
  'ws:recv:ack',
  'pc:create',
  'pc:createOffer:done',
  'pc:setLocalDescription:done',
  'ws:send:offer',
  'pc:first-local-candidate',
  'ws:recv:answer',
  'pc:setRemoteDescription:done',
  'pc:ice:checking',
  'pc:ice:connected',
  'pc:conn:connected',
  'pc:track:video',
  'first-frame',
];
/**
 * The join cut into consecutive phases, per run (ms): each ends where the next begins, so they
 * add up to the join time and show where one system loses time against another.
 */
const PHASES = [
  ['toSignaling', 'ws:open', 'click to its signaling WebSocket open (0: opened before the click, in the lobby)'],
  ['toOfferSent', 'ws:send:offer', 'socket open to the offer sent (handshakes, join, peer connection, createOffer)'],
  ['toAnswer', 'ws:recv:answer', 'offer sent to answer received (relay, the other side answers)'],
  ['toConnected', 'pc:conn:connected', 'answer to ICE + DTLS connected'],
  ['toFirstFrame', 'first-frame', 'connected to the first remote frame rendered'],
];

const HOST_STEPS = [
  'ws:recv:peer-joined',
  'ws:recv:offer',
  'pc:create',
  'pc:setRemoteDescription:done',
  'pc:createAnswer:done',
  'ws:send:answer',
  'pc:ice:connected',
  'pc:conn:connected',
  'first-frame',
];

export async function run() {
  // Diagnostic (BENCH_SDK_PAGE=1): Parley's SDK and server without the web app.
  const sdkPage = process.env.BENCH_SDK_PAGE === '1' && buildSdkPage();
  if (process.env.BENCH_SDK_PAGE === '1' && !sdkPage) log('join: could not build the SDK-only page; measuring without it');
  const servers = await startServers(['parley', 'pages', 'peer', 'parley-baseline']);
  // bareFast starts its video at half size as Parley does (media/FastStart.ts): against it,
  // Parley's overhead is its signaling and UI alone; against bare, the whole product.
  const systems = [
    parley(servers.parley),
    bare(servers.pages),
    peerjs(servers.pages, servers.peer),
    bare(servers.pages, { fastStart: true }),
  ];
  if (sdkPage) systems.push(parleySdk(servers.pages, servers.parley));
  if (process.env.BENCH_BARE_DATA === '1') systems.push(bare(servers.pages, { data: true }));
  if (servers.parleyBaseline) {
    const label = `Parley baseline (${process.env.BENCH_BASELINE_WEBROOT})`;
    systems.push(parley(servers.parleyBaseline, { name: 'parleyBaseline', label }));
  }
  // BENCH_SYSTEMS=parley,parleyBaseline: only those (paired runs while iterating; the ratios
  // of the full run need parley, bare, peerjs and bareFast).
  const only = process.env.BENCH_SYSTEMS?.split(',').filter(Boolean);
  if (only?.length) systems.splice(0, systems.length, ...systems.filter((s) => only.includes(s.name)));
  const host = await launchParticipant({ name: 'host' });
  const joiner = await launchParticipant({ name: 'joiner' });
  const runs = Object.fromEntries(systems.map((s) => [s.name, []]));
  try {
    for (let i = 0; i < WARMUP + JOINS; i++) {
      const warm = i < WARMUP;
      const line = [];
      // Rotate the order too, so no system always runs right after the same other one.
      const order = systems.map((_, k) => systems[(k + i) % systems.length]);
      for (const system of order) {
        const result = await joinOnce(system, host, joiner, servers);
        if (!warm) runs[system.name].push(result);
        line.push(`${system.name} ${result.joinMs === null ? 'FAILED' : `${result.joinMs.toFixed(0)}ms`}`);
      }
      log(`join ${warm ? 'warm-up' : `${i - WARMUP + 1}/${JOINS}`}: ${line.join(', ')}`);
    }
  } finally {
    await host.close();
    await joiner.close();
    await servers.close();
  }

  const summary = {};
  const timeline = {};
  for (const system of systems) {
    const list = runs[system.name];
    summary[system.name] = {
      label: system.label,
      joinMs: summarize(list.map((r) => r.joinMs)),
      hostFirstFrameMs: summarize(list.map((r) => r.hostMs)),
      longTaskMs: {
        joiner: summarize(list.map((r) => r.longTaskMs?.joiner)),
        host: summarize(list.map((r) => r.longTaskMs?.host)),
      },
    };
    timeline[system.name] = {
      phases: medianSteps(
        list.map((r) => r.phases),
        PHASES.map(([name]) => name),
      ),
      joiner: medianSteps(
        list.map((r) => r.joinerSteps),
        JOINER_STEPS,
      ),
      host: medianSteps(
        list.map((r) => r.hostSteps),
        HOST_STEPS,
      ),
    };
  }
  const p50 = (name) => summary[name]?.joinMs.p50 ?? null;
  const ratios = {
    parleyVsBare: ratio(p50('parley'), p50('bare')),
    parleyVsPeerjs: ratio(p50('parley'), p50('peerjs')),
    peerjsVsBare: ratio(p50('peerjs'), p50('bare')),
    parleyVsBareFast: ratio(p50('parley'), p50('bareFast')),
    ...(summary.parleySdk
      ? { parleySdkVsBare: ratio(p50('parleySdk'), p50('bare')), parleyVsParleySdk: ratio(p50('parley'), p50('parleySdk')) }
      : {}),
    ...(summary.parleyBaseline ? { parleyVsBaseline: ratio(p50('parley'), p50('parleyBaseline')) } : {}),
  };
  const overheadMs = { parleyOverBareP50: round(p50('parley') - p50('bare')) };
  // Each iteration runs every system back to back, so the ratio within an iteration cancels
  // the machine's slow swings in load; their median is a second, steadier reading.
  const paired = (a, b) =>
    !runs[a] || !runs[b]
      ? null
      : round(median(runs[a].map((r, i) => (r.joinMs && runs[b][i]?.joinMs ? r.joinMs / runs[b][i].joinMs : null))), 2);
  const pairedRatios = {
    parleyVsBare: paired('parley', 'bare'),
    parleyVsPeerjs: paired('parley', 'peerjs'),
    parleyVsBareFast: paired('parley', 'bareFast'),
    ...(runs.parleyBaseline ? { parleyVsBaseline: paired('parley', 'parleyBaseline') } : {}),
  };
  const file = writeResult('join', {
    description:
      'Join time: t0 = the joiner clicks Join (Parley web UI) or starts the call (bare pair, PeerJS) with camera and microphone already captured; t1 = first requestVideoFrameCallback of the remote <video> at the joiner. The host was already in a fresh room. Two Chromium processes on loopback, fake devices (720p camera), interleaved per iteration. bareFast is the bare pair starting its video at half size as Parley does (packages/client/src/media/FastStart.ts): the limit for that start. Timelines: every probe event (WebSocket, RTCPeerConnection, first frame) in ms after t0 at the joiner and the host, and when the Parley server received and relayed each signaling message.',
    config: { joins: JOINS, warmup: WARMUP, settleMs: SETTLE_MS },
    goal: { parleyVsBareAtMost: 1.25, parleyVsPeerjsBelow: 1 },
    summary,
    ratios,
    pairedRatios,
    overheadMs,
    phases: Object.fromEntries(PHASES.map(([name, , what]) => [name, what])),
    timelineMedianMs: timeline,
    runs: Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        {
          joinMs: list.map((r) => r.joinMs),
          hostFirstFrameMs: list.map((r) => r.hostMs),
          phases: list.map((r) => r.phases),
          longTaskMs: list.map((r) => r.longTaskMs),
          joinerTimeline: list.map((r) => r.joinerSteps),
          hostTimeline: list.map((r) => r.hostSteps),
          ...(list.some((r) => r.serverSteps) ? { serverTimeline: list.map((r) => r.serverSteps ?? {}) } : {}),
        },
      ]),
    ),
  });
  log(`join: wrote ${file}`);
  for (const system of systems) {
    const s = summary[system.name].joinMs;
    log(`join: ${system.name} p50 ${s.p50} ms, p95 ${s.p95} ms (n=${s.n}, failed ${s.failed})`);
  }
  log(
    `join: parleyVsBare ${ratios.parleyVsBare}, parleyVsPeerjs ${ratios.parleyVsPeerjs} (paired: ${pairedRatios.parleyVsBare}, ${pairedRatios.parleyVsPeerjs})`,
  );
  return { ratios, summary };
}

export async function joinOnce(system, host, joiner, servers) {
  const room = freshRoom('join');
  try {
    await system.prepare(host, joiner, room);
    await servers.takeEvents(); // forget the host's own join
    await sleep(SETTLE_MS);
    await system.trigger(joiner);
    const [joinerProbe, hostProbe] = await Promise.all([
      waitFirstFrame(joiner.page).then(() => readProbes(joiner.page)),
      waitFirstFrame(host.page).then(() => readProbes(host.page)),
    ]);
    const t0 = joinerProbe.t0;
    if (t0 === null) throw new Error('no t0 recorded');
    const serverEvents = (await servers.takeEvents()).map((e) => ({
      t: e.t,
      name: `server:${e.dir}:${e.event}${e.kind ? `:${e.kind}` : ''}`,
    }));
    return {
      joinMs: joinerProbe.firstFrame ? round(joinerProbe.firstFrame.t - t0, 1) : null,
      hostMs: hostProbe.firstFrame ? round(hostProbe.firstFrame.t - t0, 1) : null,
      joinerSteps: steps(joinerProbe.events, t0),
      phases: phases(steps(joinerProbe.events, t0)),
      // Main-thread time in tasks over 50 ms between t0 and the joiner's first frame, per page.
      longTaskMs: {
        joiner: longTaskMs(joinerProbe, t0, joinerProbe.firstFrame?.t),
        host: longTaskMs(hostProbe, t0, joinerProbe.firstFrame?.t),
      },
      hostSteps: steps(hostProbe.events, t0),
      ...(serverEvents.length ? { serverSteps: steps(serverEvents, t0) } : {}),
    };
  } catch (error) {
    log(`join: ${system.name} failed: ${error.message.split('\n')[0]}`);
    for (const p of [host, joiner]) if (p.logs.length) log(`  ${p.name}: ${p.logs.slice(-5).join(' | ')}`);
    return { joinMs: null, hostMs: null, joinerSteps: {}, hostSteps: {}, phases: {} };
  } finally {
    host.logs.length = 0;
    joiner.logs.length = 0;
    await hangUp(host, joiner);
  }
}

async function waitFirstFrame(page) {
  await page
    .waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: FRAME_TIMEOUT, polling: 50 })
    .catch(() => undefined);
}

/** First occurrence of each event at or after t0, in ms after t0. */
export function steps(events, t0) {
  const out = {};
  for (const e of events) {
    if (e.t < t0 - 0.5 || e.name in out) continue;
    out[e.name] = round(e.t - t0, 1);
  }
  return out;
}

function longTaskMs(probe, from, to = Infinity) {
  let total = 0;
  for (const task of probe.longTasks ?? []) {
    const start = Math.max(task.t, from);
    const end = Math.min(task.t + task.ms, to);
    if (end > start) total += end - start;
  }
  return round(total, 1);
}

function phases(at) {
  const out = {};
  let previous = 0;
  for (const [name, step] of PHASES) {
    // A WebSocket opened before the click (Parley's lobby) is no time of the join's.
    const t = step === 'ws:open' && at[step] === undefined ? 0 : at[step];
    if (typeof t !== 'number') return {};
    out[name] = round(t - previous, 1);
    previous = t;
  }
  return out;
}

function medianSteps(list, names) {
  const out = {};
  for (const name of names) {
    const values = list.map((s) => s[name]).filter((v) => typeof v === 'number');
    if (values.length) out[name] = round(median(values), 1);
  }
  return out;
}

runWhenMain(import.meta.url, run);
