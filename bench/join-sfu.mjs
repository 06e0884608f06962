// Join time into a room already on the SFU: from clicking Join to the first remote frame at the
// joiner, Parley's web app with Janus, the room's other three publishing through it. Beside it,
// interleaved, the bare RTCPeerConnection pair that starts video at half size (bench/join.mjs's
// bareFast): the limit of a mesh join on this machine, since no bare SFU exists to compare with.
import { launchParticipant } from './lib/browsers.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, ratio, round, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { bare, enterLobby, hangUp } from './lib/systems.mjs';
import { joinOnce } from './join.mjs';

const JOINS = Number(process.env.BENCH_JOINS ?? 12);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const READY_TIMEOUT = 30_000;

/** Clicks Join and waits until the page is in the call. */
async function joinCall(page, url, room, name) {
  await enterLobby(page, url, room, name);
  await page.getByTestId('join-button').click();
  await page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: READY_TIMEOUT });
}

/** Until `page` shows `count` remote videos with frames (received through Janus once the room is on the SFU). */
async function seesVideos(page, count) {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[data-testid="participant-tile"] video')].filter((v) => v.readyState >= 2).length >= n,
    count,
    { timeout: READY_TIMEOUT, polling: 100 },
  );
}

/**
 * The host and two others join (past two people the room moves to the SFU) and see each other
 * through Janus; then the joiner waits in the lobby. Its join is the room's fourth.
 */
const parleySfu = (url, others) => ({
  name: 'parleySfu',
  label: 'Parley (web app), joining a room on the SFU (Janus) with three publishers',
  async prepare(host, joiner, room) {
    await hangUp(...others);
    await joinCall(host.page, url, room, 'Host');
    for (const [i, other] of others.entries()) await joinCall(other.page, url, room, `Other${i + 1}`);
    await Promise.all([host, ...others].map((p) => seesVideos(p.page, others.length)));
    await enterLobby(joiner.page, url, room, 'Joiner');
  },
  async trigger(joiner) {
    await joiner.page.getByTestId('join-button').click({ timeout: READY_TIMEOUT });
  },
});

export async function run() {
  const servers = await startServers(['parley-sfu', 'pages']);
  const host = await launchParticipant({ name: 'host' });
  const joiner = await launchParticipant({ name: 'joiner' });
  const others = [await launchParticipant({ name: 'other1' }), await launchParticipant({ name: 'other2' })];
  const systems = [parleySfu(servers.parleySfu, others), bare(servers.pages, { fastStart: true })];
  const runs = Object.fromEntries(systems.map((s) => [s.name, []]));
  try {
    for (let i = 0; i < WARMUP + JOINS; i++) {
      const warm = i < WARMUP;
      const line = [];
      for (const system of i % 2 === 0 ? systems : [...systems].reverse()) {
        const result = await joinOnce(system, host, joiner, servers);
        if (!warm) runs[system.name].push(result);
        line.push(`${system.name} ${result.joinMs === null ? 'FAILED' : `${result.joinMs.toFixed(0)}ms`}`);
      }
      // The others stay in the last Parley room; leave it before the bare pair's next call.
      await hangUp(...others);
      log(`join-sfu ${warm ? 'warm-up' : `${i - WARMUP + 1}/${JOINS}`}: ${line.join(', ')}`);
    }
  } finally {
    for (const p of [host, joiner, ...others]) await p.close();
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
      'Join time into a room on the SFU: t0 = the joiner clicks Join with camera and microphone already captured (the lobby), t1 = the first requestVideoFrameCallback of a remote <video> at the joiner, received through Janus. The host and two others were in the room and seeing each other through Janus (meshMax 2: past two people a room is on the SFU). Beside it, interleaved, the bare pair starting its video at half size (mesh, the limit of a two-person call on this machine). Each person is their own headless Chromium with a fake 720p camera, on loopback.',
    config: { joins: JOINS, warmup: WARMUP, publishersAlreadyIn: 3 },
    goal: { parleySfuVsBareFastAtMost: 1.25 },
    summary,
    ratios,
    pairedRatios: { parleySfuVsBareFast: paired },
    timelineMedianMs: {
      parleySfu: Object.fromEntries(
        ['ws:send:join', 'ws:recv:ack', 'pc:create', 'ws:send:offer', 'ws:recv:answer', 'pc:conn:connected', 'first-frame'].map((step) => [
          step,
          round(median(runs.parleySfu.map((r) => r.joinerSteps[step]).filter((v) => typeof v === 'number'))),
        ]),
      ),
    },
    runs: Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        { joinMs: list.map((r) => r.joinMs), joinerTimeline: list.map((r) => r.joinerSteps) },
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
