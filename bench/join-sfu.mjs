// Join time into a room already on the SFU: from clicking Join to the first remote frame at the
// joiner, Parley's web app with Janus, the room's other three publishing through it. Beside it,
// interleaved, the bare RTCPeerConnection pair that starts video at half size (bench/join.mjs's
// bareFast): the limit of a two-person mesh join on this machine, since no bare SFU exists to
// compare with. The three publishers stay in their call for the whole run, so both joins happen
// beside the same load: on one 2-core machine their encoders (720p with simulcast) take most of it.
import { loadavg } from 'node:os';
import { launchParticipant } from './lib/browsers.mjs';
import { readProbes } from './lib/instrument.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, ratio, round, sleep, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { bare, enterLobby, freshRoom, hangUp } from './lib/systems.mjs';
import { steps } from './join.mjs';

const JOINS = Number(process.env.BENCH_JOINS ?? 12);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const READY_TIMEOUT = 30_000;
const FRAME_TIMEOUT = 20_000;
/** The joiner idles this long in the lobby (or on the bare page) before the join. */
const SETTLE_MS = 500;
const STEPS = [
  'ws:send:join',
  'ws:recv:ack',
  'pc:create',
  'ws:send:offer',
  'ws:recv:answer',
  'ws:recv:offer',
  'ws:send:answer',
  'pc:conn:connected',
  'first-frame',
];

/** Clicks Join and waits until the page is in the call. */
async function joinCall(page, url, room, name) {
  await enterLobby(page, url, room, name);
  await page.getByTestId('join-button').click();
  await page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: READY_TIMEOUT });
}

/** Until `page` shows `count` remote videos with frames. */
async function seesVideos(page, count) {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[data-testid="participant-tile"] video')].filter((v) => v.readyState >= 2).length >= n,
    count,
    { timeout: READY_TIMEOUT, polling: 100 },
  );
}

/**
 * Three people in one room, past two so on the SFU, each seeing the others through Janus. Called
 * before every Parley join: it (re)makes the call only if someone dropped out of it.
 */
async function publishersInCall(url, room, publishers) {
  const inCall = await Promise.all(
    publishers.map((p) =>
      p.page
        .getByTestId('leave-button')
        .isVisible()
        .catch(() => false),
    ),
  );
  if (inCall.every(Boolean)) return;
  await hangUp(...publishers);
  for (const [i, p] of publishers.entries()) await joinCall(p.page, url, room, `Publisher${i + 1}`);
  await Promise.all(publishers.map((p) => seesVideos(p.page, publishers.length - 1)));
}

/** Parley: the joiner waits in the lobby of the publishers' room; its join is the fourth. */
const parleySfu = (url, publishers) => {
  const room = freshRoom('sfu');
  return {
    name: 'parleySfu',
    label: 'Parley (web app), joining a room on the SFU (Janus) with three publishers',
    async prepare(_host, joiner) {
      await publishersInCall(url, room, publishers);
      await enterLobby(joiner.page, url, room, 'Joiner');
    },
    async trigger(joiner) {
      await joiner.page.getByTestId('join-button').click({ timeout: READY_TIMEOUT });
    },
  };
};

/** One join: prepare, click (or start), wait for the joiner's first remote frame; leave. */
async function joinOnce(system, host, joiner, servers) {
  try {
    await system.prepare(host, joiner, freshRoom('join'));
    await servers.takeEvents();
    await sleep(SETTLE_MS);
    const load = loadavg()[0];
    await system.trigger(joiner);
    await joiner.page.waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: FRAME_TIMEOUT, polling: 50 });
    const probe = await readProbes(joiner.page);
    if (probe.t0 === null) throw new Error('no t0 recorded');
    return { joinMs: round(probe.firstFrame.t - probe.t0, 1), load: round(load, 2), joinerSteps: steps(probe.events, probe.t0) };
  } catch (error) {
    log(`join-sfu: ${system.name} failed: ${error.message.split('\n')[0]}`);
    return { joinMs: null, load: null, joinerSteps: {} };
  } finally {
    await hangUp(host, joiner);
  }
}

export async function run() {
  const servers = await startServers(['parley-sfu', 'pages']);
  const host = await launchParticipant({ name: 'host' });
  const joiner = await launchParticipant({ name: 'joiner' });
  const publishers = [];
  for (let i = 1; i <= 3; i++) publishers.push(await launchParticipant({ name: `publisher${i}` }));
  const systems = [parleySfu(servers.parleySfu, publishers), bare(servers.pages, { fastStart: true })];
  const runs = Object.fromEntries(systems.map((s) => [s.name, []]));
  try {
    // The publishers' call runs from the start, the bare pair's first join included.
    await systems[0].prepare(host, joiner);
    await hangUp(joiner);
    for (let i = 0; i < WARMUP + JOINS; i++) {
      const warm = i < WARMUP;
      const line = [];
      for (const system of i % 2 === 0 ? systems : [...systems].reverse()) {
        const result = await joinOnce(system, host, joiner, servers);
        if (!warm) runs[system.name].push(result);
        line.push(`${system.name} ${result.joinMs === null ? 'FAILED' : `${result.joinMs.toFixed(0)}ms`} (load ${result.load})`);
      }
      log(`join-sfu ${warm ? 'warm-up' : `${i - WARMUP + 1}/${JOINS}`}: ${line.join(', ')}`);
    }
  } finally {
    for (const p of [host, joiner, ...publishers]) await p.close();
    await servers.close();
  }
  const summary = Object.fromEntries(
    systems.map((s) => [s.name, { label: s.label, joinMs: summarize(runs[s.name].map((r) => r.joinMs)) }]),
  );
  const paired = round(
    median(runs.parleySfu.map((r, i) => (r.joinMs && runs.bareFast[i]?.joinMs ? r.joinMs / runs.bareFast[i].joinMs : null))),
    2,
  );
  const ratios = { parleySfuVsBareFast: ratio(summary.parleySfu.joinMs.p50, summary.bareFast.joinMs.p50) };
  const file = writeResult('join-sfu', {
    description:
      'Join time into a room on the SFU: t0 = the joiner clicks Join with camera and microphone already captured (the lobby), t1 = the first requestVideoFrameCallback of a remote <video> at the joiner, received through Janus. Three others are in the room for the whole run, seeing each other through Janus (meshMax 2: past two people a room is on the SFU), each sending 720p with simulcast. Beside it, interleaved and beside the same three publishers, the bare pair starting its video at half size (a two-person mesh call, the limit of a join on this machine). Each person is their own headless Chromium with a fake 720p camera, on loopback; load is the 1-minute load average at each click.',
    config: { joins: JOINS, warmup: WARMUP, publishersAlreadyIn: 3, publishersStayForBothSystems: true },
    goal: { parleySfuVsBareFastAtMost: 1.25 },
    summary,
    ratios,
    pairedRatios: { parleySfuVsBareFast: paired },
    loadAtClickMedian: Object.fromEntries(systems.map((s) => [s.name, round(median(runs[s.name].map((r) => r.load)), 2)])),
    timelineMedianMs: {
      parleySfu: Object.fromEntries(
        STEPS.map((step) => [step, round(median(runs.parleySfu.map((r) => r.joinerSteps[step]).filter((v) => typeof v === 'number')))]),
      ),
    },
    runs: Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        { joinMs: list.map((r) => r.joinMs), load: list.map((r) => r.load), joinerTimeline: list.map((r) => r.joinerSteps) },
      ]),
    ),
  });
  log(`join-sfu: wrote ${file}`);
  log(
    `join-sfu: parleySfu p50 ${summary.parleySfu.joinMs.p50} ms, bareFast p50 ${summary.bareFast.joinMs.p50} ms, ratio ${ratios.parleySfuVsBareFast} (paired ${paired})`,
  );
  return { ratios, summary };
}

runWhenMain(import.meta.url, run);
