// Data-channel file transfer: one file of BENCH_DC_MIB MiB (default 256) from one Chromium process
// to another on loopback, for
//   (a) Parley: the web app's file transfer (offer → accept → stream to OPFS → SHA-256 verified),
//   (b) a tuned raw RTCDataChannel loop (pages/dc-raw.js): a pre-filled buffer sent in 256 KiB
//       messages with bufferedAmountLowThreshold backpressure, the receiver only counts bytes,
//   (c) PeerJS 1.5 (`peerjs` + its own `peer` server, pages/dc-peerjs.js): the same file read in
//       256 KiB slices and sent with conn.send() (default binary serialization).
//
// The machine is shared and the transfer CPU-bound, so one run says little: the systems are
// interleaved (each round runs every system once, in an order rotated round by round, so none
// always follows the same neighbour), each Parley run is compared with the others of its round
// (seconds apart), the load average is recorded with every run, and CPU seconds per GiB (which
// other processes move much less than wall time) are reported per side and per thread.
//
// Knobs: BENCH_DC_RUNS (rounds, default 5), BENCH_DC_MIB (default 256), BENCH_DC_SYSTEMS
// (default parley,raw,peerjs; add parleyBaseline with BENCH_BASELINE_WEBROOT=<another web build>
// to measure a change against what it replaces, paired), BENCH_DC_SWEEP=1 (adds raw loops with
// 16/64/256 KiB messages to every round, BENCH_DC_SWEEP_MIB each, default 64).
import { chromium } from 'playwright-core';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, treeCpuSeconds } from './lib/browsers.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, ratio, round, writeResult, runWhenMain } from './lib/stats.mjs';
import { freshRoom } from './lib/systems.mjs';
import { threadCpuSeconds, threadProfile } from './lib/threads.mjs';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_DC_MIB ?? 256) * MIB;
const RUNS = Number(process.env.BENCH_DC_RUNS ?? 5);
const CHUNK = 256 * 1024;
const TRANSFER_TIMEOUT_MS = Number(process.env.BENCH_DC_TIMEOUT_MS ?? 240_000);
const SWEEP = process.env.BENCH_DC_SWEEP === '1';
const SWEEP_BYTES = Number(process.env.BENCH_DC_SWEEP_MIB ?? 64) * MIB;
const SWEEP_CHUNKS = [16 * 1024, 64 * 1024, 256 * 1024];
/** Backpressure of the raw loop: as Parley's (FileTransfers.ts), so the limit is measured alike. */
const RAW_HIGH_WATER = 4 * MIB;
const RAW_LOW_WATER = 1 * MIB;
const INCOGNITO = process.env.BENCH_DC_INCOGNITO === '1';

/**
 * No fake camera or microphone: the comparison is about data channels, so Parley's page joins
 * receive-only (as with no devices) and no media is encoded on either side, as in (b) and (c).
 */
const ARGS = [
  ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--use-fake-device-for-media-stream')),
  '--disable-background-timer-throttling',
];

// ---- browsers ----

let launching = Promise.resolve();
/**
 * One browser with a regular (persistent) profile, as a person's browser is: Playwright's default
 * contexts are off the record, where the origin private file system lives in the browser
 * process's memory and every write of Parley's receiver would cross processes (BENCH_DC_INCOGNITO=1
 * measures that case).
 */
async function launch(name) {
  const previous = launching;
  let release;
  launching = new Promise((resolve) => (release = resolve));
  await previous;
  try {
    const before = new Set(children());
    const options = { locale: 'en-US', viewport: { width: 1280, height: 720 } };
    let context;
    let profile = null;
    if (INCOGNITO) {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
      context = await browser.newContext(options);
    } else {
      profile = mkdtempSync(join(tmpdir(), `parley-bench-dc-${name}-`));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: ARGS, ...options });
    }
    const pid = children().find((p) => !before.has(p)) ?? null;
    const page = context.pages()[0] ?? (await context.newPage());
    const logs = [];
    page.on('console', (m) => m.type() === 'error' && logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(e.message));
    const close = async () => {
      await context.close().catch(() => undefined);
      await context
        .browser()
        ?.close()
        .catch(() => undefined);
      if (profile) rmSync(profile, { recursive: true, force: true });
    };
    return { name, context, page, pid, logs, close };
  } finally {
    release();
  }
}

function children() {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU of both browsers, whole process trees and per thread, at one instant. */
function sample(sender, receiver) {
  return {
    at: performance.now(),
    load1: loadavg()[0],
    cpu: [treeCpuSeconds(sender.pid), treeCpuSeconds(receiver.pid)],
    threads: [threadCpuSeconds(sender.pid), threadCpuSeconds(receiver.pid)],
  };
}

/**
 * The threads that carry a data channel in Chromium, whatever the page does: the renderer's
 * WebRTC thread (SCTP, DTLS) and its IPC thread, and the network service's IO thread (UDP).
 * Everything else a page makes its browser do (its own JavaScript, workers, file reads and writes,
 * rendering) is what the application adds.
 */
const TRANSPORT_THREADS = ['renderer:WebRTC_W_and_N', 'renderer:Chrome_ChildIOT', 'network:Chrome_ChildIOT'];
const transportSeconds = (before, after) => TRANSPORT_THREADS.reduce((sum, key) => sum + (after[key] ?? 0) - (before[key] ?? 0), 0);

/** One run's figures from the samples taken around the transfer (the transfer's own clock gives `ms`). */
function measured(before, after, ms, bytes, extra) {
  return {
    ms,
    cpu: [after.cpu[0] - before.cpu[0], after.cpu[1] - before.cpu[1]].map((v) => round(v, 2)),
    transportCpu: [0, 1].map((side) => round(transportSeconds(before.threads[side], after.threads[side]), 2)),
    load1: [round(before.load1, 2), round(after.load1, 2)],
    threads: {
      sender: threadProfile(before.threads[0], after.threads[0], bytes),
      receiver: threadProfile(before.threads[1], after.threads[1], bytes),
    },
    bytes,
    ...extra,
  };
}

// ---- one transfer per system ----

async function runParley(parleyUrl, file, sender, receiver) {
  const room = freshRoom('dc');
  for (const [p, name] of [
    [receiver, 'Receiver'],
    [sender, 'Sender'],
  ]) {
    await p.page.goto(`${parleyUrl}/r/${room}?name=${name}`);
    await p.page.getByTestId('join-button').click({ timeout: 30_000 });
    await p.page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: 30_000 });
  }
  await sender.page.locator('[data-testid="participant-tile"]').waitFor({ timeout: 30_000 });
  // Both data channels up before the clock starts (the same for the other systems: connected first).
  await sender.page.waitForFunction(
    () => document.querySelector('[data-testid="participant-tile"]')?.getAttribute('data-connection-state') === 'connected',
    null,
    { timeout: 30_000 },
  );
  await receiver.page.getByTestId('chat-toggle').click();
  await sender.page.getByTestId('chat-toggle').click();
  await sender.page.getByTestId('file-input').setInputFiles(file.path);
  const accept = receiver.page.getByTestId('file-accept');
  await accept.waitFor({ timeout: 30_000 });
  // t1 on the receiver's clock: the moment the verified file shows (MutationObserver, no polling).
  await receiver.page.evaluate(() => {
    window.__done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const done = document.querySelector('[data-testid="file-done"]');
        const failed = document.querySelector('[data-testid="file-ended"]');
        if (done || failed) {
          observer.disconnect();
          resolve({ t1: performance.timeOrigin + performance.now(), ok: !!done, sha256: done?.getAttribute('data-sha256') ?? null });
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  });
  const before = sample(sender, receiver);
  const t0 = await receiver.page.evaluate(() => performance.timeOrigin + performance.now());
  await accept.click();
  const done = await receiver.page.evaluate(() => window.__done);
  const after = sample(sender, receiver);
  if (!done.ok) throw new Error(`Parley transfer failed: ${await receiver.page.getByTestId('file-ended').textContent()}`);
  if (done.sha256 !== file.sha256) throw new Error(`Parley: SHA-256 ${done.sha256} ≠ ${file.sha256}`);
  const bytesOnWire = Number(await sender.page.getByTestId('file-done').getAttribute('data-bytes-on-wire'));
  await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank')));
  return measured(before, after, done.t1 - t0, file.size, { verified: true, bytesOnWire });
}

async function rawPair(pages, sender, receiver) {
  for (const p of [sender, receiver]) {
    await p.page.goto(`${pages}/dc-raw.html`);
    await p.page.waitForFunction(() => window.ready === true);
  }
  const offer = await sender.page.evaluate(() => window.makeOffer());
  const answer = await receiver.page.evaluate((o) => window.takeOffer(o), offer);
  await sender.page.evaluate((a) => window.takeAnswer(a), answer);
  for (let i = 0; i < 50; i++) {
    await receiver.page.evaluate((c) => window.addCandidates(c), await sender.page.evaluate(() => window.takeCandidates()));
    await sender.page.evaluate((c) => window.addCandidates(c), await receiver.page.evaluate(() => window.takeCandidates()));
    const open = await sender.page.evaluate(() =>
      Promise.race([window.opened().then(() => true), new Promise((r) => setTimeout(() => r(false), 100))]),
    );
    if (open) break;
  }
  await Promise.all([sender.page.evaluate(() => window.opened()), receiver.page.evaluate(() => window.opened())]);
}

async function runRaw(pages, sender, receiver, size = SIZE, chunk = CHUNK) {
  await rawPair(pages, sender, receiver);
  const before = sample(sender, receiver);
  const received = receiver.page.evaluate((o) => window.receive(o), { total: size });
  const sent = await sender.page.evaluate((o) => window.send(o), { total: size, chunk, high: RAW_HIGH_WATER, low: RAW_LOW_WATER });
  const got = await received;
  const after = sample(sender, receiver);
  await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank')));
  return measured(before, after, got.t1 - sent.t0, size, { verified: false, bytesOnWire: size, chunkBytes: chunk });
}

async function runPeerjs(pages, servers, file, sender, receiver) {
  const room = freshRoom('pj');
  const q = `host=${servers.peer.host}&port=${servers.peer.port}`;
  await receiver.page.goto(`${pages}/dc-peerjs.html?${q}&self=${room}-r`);
  await sender.page.goto(`${pages}/dc-peerjs.html?${q}&self=${room}-s`);
  for (const p of [sender, receiver]) await p.page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
  await sender.page.locator('#file').setInputFiles(file.path);
  await sender.page.evaluate((other) => window.connect(other), `${room}-r`);
  await receiver.page.waitForFunction(() => window.conn?.open === true, null, { timeout: 30_000 });
  const before = sample(sender, receiver);
  const received = receiver.page.evaluate((o) => window.receive(o), { total: file.size });
  const sent = await sender.page.evaluate((o) => window.send(o), { chunk: CHUNK });
  const got = await received;
  const after = sample(sender, receiver);
  await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank')));
  return measured(before, after, got.t1 - sent.t0, file.size, { verified: false, bytesOnWire: file.size });
}

// ---- the run ----

function makeFile(size) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-dc-'));
  const path = join(dir, `random-${size / MIB}MiB.bin`);
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  for (let written = 0; written < size;) {
    const piece = randomBytes(Math.min(4 * MIB, size - written));
    hash.update(piece);
    writeSync(fd, piece);
    written += piece.length;
  }
  closeSync(fd);
  return { path, size, sha256: hash.digest('hex'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  const mbps = ok.map((r) => r.bytes / 1e6 / (r.ms / 1000));
  const senderCpu = ok.map((r) => r.cpu[0] / (r.bytes / 2 ** 30));
  const receiverCpu = ok.map((r) => r.cpu[1] / (r.bytes / 2 ** 30));
  return {
    runs: ok.length,
    failed: runs.length - ok.length,
    mbPerSecond: { median: round(median(mbps), 2), values: mbps.map((v) => round(v, 2)) },
    cpuSecondsPerGiB: {
      sender: { median: round(median(senderCpu), 2), values: senderCpu.map((v) => round(v, 2)) },
      receiver: { median: round(median(receiverCpu), 2), values: receiverCpu.map((v) => round(v, 2)) },
      total: { median: round(median(ok.map((_, i) => senderCpu[i] + receiverCpu[i])), 2) },
      // Both sides, split between the data channel's own threads and the rest (see TRANSPORT_THREADS).
      transport: { median: round(median(ok.map((r) => (r.transportCpu[0] + r.transportCpu[1]) / (r.bytes / 2 ** 30))), 2) },
      application: {
        median: round(median(ok.map((r) => (r.cpu[0] + r.cpu[1] - r.transportCpu[0] - r.transportCpu[1]) / (r.bytes / 2 ** 30))), 2),
      },
    },
    seconds: ok.map((r) => round(r.ms / 1000, 2)),
    loadAverage1m: ok.map((r) => r.load1[0]),
    errors: runs.filter((r) => r.error).map((r) => r.error),
  };
}

/**
 * Other people's work on this shared machine moves a CPU-bound transfer more than anything
 * measured here: the browsers (children of this process, which inherit its priority) run at
 * nice -10 when permitted (root), every system alike. BENCH_DC_NICE=0 keeps the default.
 */
function raisePriority() {
  if (process.env.BENCH_DC_NICE === '0') return 0;
  try {
    setPriority(-10);
    return -10;
  } catch {
    return 0;
  }
}

/** Systems of this run: BENCH_DC_SYSTEMS, or the three compared (and the baseline build when given). */
function chooseSystems(servers) {
  const all = ['parley', 'raw', 'peerjs', ...(servers.parleyBaseline ? ['parleyBaseline'] : [])];
  const only = process.env.BENCH_DC_SYSTEMS?.split(',').filter(Boolean);
  return only?.length ? all.filter((s) => only.includes(s)) : all;
}

export async function run() {
  const started = Date.now();
  const nice = raisePriority();
  const file = makeFile(SIZE);
  const servers = await startServers(['parley', 'pages', 'peer', 'parley-baseline']);
  const sender = await launch('sender');
  const receiver = await launch('receiver');
  const systems = chooseSystems(servers);
  const entries = [
    ...systems.map((name) => ({ name })),
    ...(SWEEP ? SWEEP_CHUNKS.map((chunk) => ({ name: `raw${chunk / 1024}k`, chunk })) : []),
  ];
  const results = Object.fromEntries(entries.map((e) => [e.name, []]));
  const once = (entry) => {
    if (entry.chunk) return runRaw(servers.pages, sender, receiver, SWEEP_BYTES, entry.chunk);
    if (entry.name === 'raw') return runRaw(servers.pages, sender, receiver);
    if (entry.name === 'peerjs') return runPeerjs(servers.pages, servers, file, sender, receiver);
    return runParley(entry.name === 'parley' ? servers.parley : servers.parleyBaseline, file, sender, receiver);
  };
  try {
    for (let r = 0; r < RUNS; r++) {
      const order = entries.map((_, k) => entries[(k + r) % entries.length]);
      for (const entry of order) {
        let result;
        try {
          result = await withTimeout(once(entry), TRANSFER_TIMEOUT_MS, entry.name);
          log(
            `datachannel round ${r + 1}/${RUNS} ${entry.name}: ${round(result.bytes / 1e6 / (result.ms / 1000), 2)} MB/s, ` +
              `CPU ${result.cpu.join(' + ')} s, load ${result.load1.join('→')}`,
          );
        } catch (error) {
          result = { error: String(error?.message ?? error).slice(0, 300) };
          log(
            `datachannel round ${r + 1} ${entry.name} FAILED: ${result.error} ${[...sender.logs, ...receiver.logs].slice(-3).join(' | ')}`,
          );
          await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank').catch(() => undefined)));
        }
        results[entry.name].push(result);
      }
      // Written after every round: a run cut short still leaves its measurements.
      save(results, systems, started, nice);
    }
  } finally {
    await sender.close();
    await receiver.close();
    await servers.close();
    file.cleanup();
  }
  return save(results, systems, started, nice, true);
}

/** Per round, `other`'s time over Parley's (> 1: Parley was faster), for the rounds where both ran. */
function perRound(results, other, of = 'parley') {
  const mine = results[of] ?? [];
  return mine
    .map((p, i) => {
      const o = results[other]?.[i];
      return p.error || !o || o.error ? null : o.ms / p.ms;
    })
    .filter((v) => v !== null);
}

function save(results, systems, started, nice, final = false) {
  const summary = Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, summarize(runs)]));
  const mbps = (name) => summary[name]?.mbPerSecond.median ?? null;
  const cpuTotal = (name) => summary[name]?.cpuSecondsPerGiB.total.median ?? null;
  const ratios = {
    parleyVsRaw: ratio(mbps('parley'), mbps('raw')),
    parleyVsPeerjs: ratio(mbps('parley'), mbps('peerjs')),
  };
  const paired = (other) => {
    const values = perRound(results, other);
    return { median: round(median(values), 2), values: values.map((v) => round(v, 2)) };
  };
  // The load drifts over minutes: each Parley run against the runs of its own round (seconds
  // apart), and CPU per byte, which the load changes much less than wall time.
  const sameRound = {
    parleyVsRaw: paired('raw'),
    parleyVsPeerjs: paired('peerjs'),
    ...(results.parleyBaseline ? { parleyVsBaseline: paired('parleyBaseline') } : {}),
    rawCpuOverParleyCpu: ratio(cpuTotal('raw'), cpuTotal('parley')),
    peerjsCpuOverParleyCpu: ratio(cpuTotal('peerjs'), cpuTotal('parley')),
    ...(results.parleyBaseline ? { baselineCpuOverParleyCpu: ratio(cpuTotal('parleyBaseline'), cpuTotal('parley')) } : {}),
  };
  const out = writeResult('datachannel', {
    description:
      `A ${SIZE / MIB} MiB file between two Chromium processes on loopback, ${RUNS} rounds, each running every system once in a rotated order. ` +
      "Parley: the web app's file transfer (offer, accept, frames with backpressure, written to OPFS and " +
      'SHA-256 hashed in a worker on the receiver, hashed once in a worker on the sender, verified before done). ' +
      `Raw: one RTCDataChannel, a pre-filled ${CHUNK / 1024} KiB buffer sent in a loop with bufferedAmountLowThreshold, the receiver counts bytes (no file, no hash, no storage: the limit). ` +
      `PeerJS: the same file read in ${CHUNK / 1024} KiB slices and sent with conn.send() (binary serialization: 16,300-byte chunks on the wire), receiver counts bytes (no verification). ` +
      "MB/s = file bytes / time from start (Parley: the receiver's click on Accept) to the last byte (Parley: the verified file shown). " +
      'CPU = CPU time of each whole browser process tree over the transfer, per GiB; threads = the busiest threads of each side, per GiB.',
    config: {
      bytes: SIZE,
      runs: RUNS,
      chunkBytes: CHUNK,
      systems,
      nice,
      incognito: INCOGNITO,
      sweep: SWEEP ? { bytes: SWEEP_BYTES, chunkBytes: SWEEP_CHUNKS } : null,
    },
    summary,
    ratios,
    sameRound,
    runs: results,
    durationSeconds: round((Date.now() - started) / 1000, 0),
  });
  if (!final) return summary;
  log(
    `datachannel: ${Object.entries(summary)
      .map(([n, s]) => `${n} ${s.mbPerSecond.median} MB/s (${s.cpuSecondsPerGiB.total.median} CPU s/GiB)`)
      .join(', ')}; ` +
      `parleyVsRaw ${ratios.parleyVsRaw}, parleyVsPeerjs ${ratios.parleyVsPeerjs}; same round ${JSON.stringify(sameRound)}; wrote ${out}`,
  );
  return summary;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

runWhenMain(import.meta.url, run);
