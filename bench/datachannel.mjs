// Data-channel file transfer: one file of BENCH_DC_MIB MiB (default 256) from one Chromium process
// to another on loopback, for
//   (a) Parley: the web app's file transfer (offer → accept → stream to OPFS → SHA-256 verified),
//   (b) a tuned raw RTCDataChannel loop: a pre-filled buffer sent in 256 KiB messages with
//       bufferedAmountLowThreshold backpressure, the receiver only counts bytes (the limit here),
//   (c) PeerJS 1.5 (`peerjs` + its own `peer` server): the same file read in 256 KiB slices and
//       sent with conn.send() (default binary serialization), paced by its own buffer.
// Rounds alternate the systems (a, b, c, a, b, c, …) so a noisy neighbour hits all of them.
// Reports MB/s medians, CPU seconds per GiB on each side (whole browser process trees), ratios.
//
// About 2 minutes per round of 256 MiB × 3 systems on 2 cores; BENCH_DC_RUNS (default 3) rounds.
// BENCH_DC_SWEEP=1 adds a raw-loop sweep of message sizes (16/64/256 KiB, 64 MiB each).
import { chromium } from 'playwright-core';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, treeCpuSeconds } from './lib/browsers.mjs';
import { startServers } from './lib/servers.mjs';
import { BENCH_DIR, log, median, ratio, round, writeResult } from './lib/stats.mjs';
import { freshRoom } from './lib/systems.mjs';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_DC_MIB ?? 256) * MIB;
const RUNS = Number(process.env.BENCH_DC_RUNS ?? 3);
const CHUNK = 256 * 1024;
const TRANSFER_TIMEOUT_MS = Number(process.env.BENCH_DC_TIMEOUT_MS ?? 240_000);
const SWEEP = process.env.BENCH_DC_SWEEP === '1';

/**
 * No fake camera or microphone: the comparison is about data channels, so Parley's page joins
 * receive-only (as with no devices) and no media is encoded on either side, as in (b) and (c).
 */
const ARGS = [
  ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--use-fake-device-for-media-stream')),
  '--disable-background-timer-throttling',
];

// ---- the comparison pages, served from this process ----

const RAW_PAGE = `<!doctype html><meta charset="utf-8"><title>raw data channel</title><script type="module">
const pc = new RTCPeerConnection({ iceServers: [] });
const dc = pc.createDataChannel('bench', { negotiated: true, id: 0 });
dc.binaryType = 'arraybuffer';
const candidates = [];
pc.onicecandidate = (e) => { if (e.candidate && e.candidate.candidate) candidates.push(e.candidate.toJSON()); };
const now = () => performance.timeOrigin + performance.now();
Object.assign(window, {
  takeCandidates: () => candidates.splice(0),
  addCandidates: async (list) => { for (const c of list) await pc.addIceCandidate(c); },
  makeOffer: async () => { await pc.setLocalDescription(); return pc.localDescription.toJSON(); },
  takeOffer: async (o) => { await pc.setRemoteDescription(o); await pc.setLocalDescription(); return pc.localDescription.toJSON(); },
  takeAnswer: (a) => pc.setRemoteDescription(a),
  opened: () => new Promise((r) => (dc.readyState === 'open' ? r() : dc.addEventListener('open', () => r(), { once: true }))),
  // Sender: one buffer of random bytes, sent again and again, 4 MiB high / 1 MiB low water.
  send: ({ total, chunk }) => new Promise((resolve) => {
    const buf = new Uint8Array(chunk);
    for (let o = 0; o < chunk; o += 65536) crypto.getRandomValues(buf.subarray(o, Math.min(chunk, o + 65536)));
    let sent = 0;
    dc.bufferedAmountLowThreshold = 1 << 20;
    const t0 = now();
    const pump = () => {
      while (sent < total && dc.bufferedAmount <= 4 << 20) { const n = Math.min(chunk, total - sent); dc.send(n === chunk ? buf : buf.subarray(0, n)); sent += n; }
    };
    dc.onbufferedamountlow = pump;
    dc.onmessage = (e) => { if (e.data === 'done') { dc.onbufferedamountlow = null; resolve({ t0 }); } };
    pump();
  }),
  receive: ({ total }) => new Promise((resolve) => {
    let got = 0;
    dc.onmessage = (e) => {
      got += e.data.byteLength;
      if (got >= total) { const t1 = now(); dc.onmessage = null; dc.send('done'); resolve({ t1, bytes: got }); }
    };
  }),
});
window.ready = true;
</script>`;

const PEERJS_PAGE = `<!doctype html><meta charset="utf-8"><title>PeerJS data</title>
<input type="file" id="file"><script src="/peerjs.min.js"></script><script type="module">
const params = new URLSearchParams(location.search);
const now = () => performance.timeOrigin + performance.now();
const peer = new window.peerjs.Peer(params.get('self'), {
  host: params.get('host'), port: Number(params.get('port')), path: '/', secure: false, debug: 0, config: { iceServers: [] },
});
peer.on('error', (error) => console.error('peerjs', error.type, error.message));
await new Promise((resolve) => peer.on('open', resolve));
let receiving = null;
peer.on('connection', (conn) => {
  window.conn = conn;
  conn.on('data', (data) => {
    if (!receiving) return;
    receiving.got += data.byteLength;
    if (receiving.got >= receiving.total) { const r = receiving; receiving = null; conn.send('done'); r.resolve({ t1: now(), bytes: r.got }); }
  });
});
Object.assign(window, {
  connect: (other) => new Promise((resolve) => {
    const conn = peer.connect(other, { reliable: true });
    window.conn = conn;
    conn.on('open', () => resolve());
  }),
  receive: ({ total }) => new Promise((resolve) => { receiving = { total, got: 0, resolve }; }),
  // Sender: the file from the <input>, read in 256 KiB slices; conn.send() queues inside PeerJS,
  // so wait while its buffer or the channel's is full (PeerJS has no backpressure event).
  send: async ({ chunk }) => {
    const file = document.getElementById('file').files[0];
    const conn = window.conn;
    const dc = conn.dataChannel;
    const done = new Promise((resolve) => conn.on('data', (d) => { if (d === 'done') resolve(); }));
    const t0 = now();
    let next = file.slice(0, chunk).arrayBuffer();
    for (let offset = 0; offset < file.size; offset += chunk) {
      const data = await next;
      if (offset + chunk < file.size) next = file.slice(offset + chunk, offset + 2 * chunk).arrayBuffer();
      while (conn.bufferSize > 0 || dc.bufferedAmount > 4 << 20) await new Promise((r) => setTimeout(r, 1));
      conn.send(data);
    }
    await done;
    return { t0 };
  },
});
window.ready = true;
</script>`;

async function startPages() {
  const peerjs = join(BENCH_DIR, 'node_modules/peerjs/dist/peerjs.min.js');
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = path === '/raw.html' ? RAW_PAGE : path === '/peerjs.html' ? PEERJS_PAGE : path === '/peerjs.min.js' ? readFileSync(peerjs) : null;
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(() => r())) };
}

// ---- browsers ----

let launching = Promise.resolve();
async function launch(name) {
  const previous = launching;
  let release;
  launching = new Promise((resolve) => (release = resolve));
  await previous;
  try {
    const before = new Set(children());
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
    const pid = children().find((p) => !before.has(p)) ?? null;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const logs = [];
    page.on('console', (m) => m.type() === 'error' && logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(e.message));
    return { name, browser, context, page, pid, logs, close: () => browser.close().catch(() => undefined) };
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

const cpu = (people) => people.map((p) => treeCpuSeconds(p.pid));

// ---- one transfer per system ----

async function runParley(servers, file, sender, receiver) {
  const room = freshRoom('dc');
  for (const [p, name] of [[receiver, 'Receiver'], [sender, 'Sender']]) {
    await p.page.goto(`${servers.parley}/r/${room}?name=${name}`);
    await p.page.getByTestId('join-button').click({ timeout: 30_000 });
    await p.page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: 30_000 });
  }
  await sender.page.locator('[data-testid="participant-tile"]').waitFor({ timeout: 30_000 });
  // Both data channels up before the clock starts (the same for the other systems: connected first).
  await sender.page.waitForFunction(() => document.querySelector('[data-testid="participant-tile"]')?.getAttribute('data-connection-state') === 'connected', null, { timeout: 30_000 });
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
  const cpu0 = cpu([sender, receiver]);
  const t0 = await receiver.page.evaluate(() => performance.timeOrigin + performance.now());
  await accept.click();
  const done = await receiver.page.evaluate(() => window.__done);
  const cpu1 = cpu([sender, receiver]);
  if (!done.ok) throw new Error(`Parley transfer failed: ${await receiver.page.getByTestId('file-ended').textContent()}`);
  if (done.sha256 !== file.sha256) throw new Error(`Parley: SHA-256 ${done.sha256} ≠ ${file.sha256}`);
  const bytesOnWire = Number(await sender.page.getByTestId('file-done').getAttribute('data-bytes-on-wire'));
  await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank')));
  return { ms: done.t1 - t0, cpu0, cpu1, verified: true, bytesOnWire };
}

async function rawPair(pages, sender, receiver) {
  for (const p of [sender, receiver]) {
    await p.page.goto(`${pages.url}/raw.html`);
    await p.page.waitForFunction(() => window.ready === true);
  }
  const offer = await sender.page.evaluate(() => window.makeOffer());
  const answer = await receiver.page.evaluate((o) => window.takeOffer(o), offer);
  await sender.page.evaluate((a) => window.takeAnswer(a), answer);
  for (let i = 0; i < 50; i++) {
    await receiver.page.evaluate((c) => window.addCandidates(c), await sender.page.evaluate(() => window.takeCandidates()));
    await sender.page.evaluate((c) => window.addCandidates(c), await receiver.page.evaluate(() => window.takeCandidates()));
    const open = await sender.page.evaluate(() => Promise.race([window.opened().then(() => true), new Promise((r) => setTimeout(() => r(false), 100))]));
    if (open) break;
  }
  await Promise.all([sender.page.evaluate(() => window.opened()), receiver.page.evaluate(() => window.opened())]);
}

async function runRaw(pages, sender, receiver, size = SIZE, chunk = CHUNK) {
  await rawPair(pages, sender, receiver);
  const cpu0 = cpu([sender, receiver]);
  const received = receiver.page.evaluate((o) => window.receive(o), { total: size });
  const sent = await sender.page.evaluate((o) => window.send(o), { total: size, chunk });
  const got = await received;
  const cpu1 = cpu([sender, receiver]);
  await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank')));
  return { ms: got.t1 - sent.t0, cpu0, cpu1, verified: false, bytesOnWire: size };
}

async function runPeerjs(pages, servers, file, sender, receiver) {
  const room = freshRoom('pj');
  const q = `host=${servers.peer.host}&port=${servers.peer.port}`;
  await receiver.page.goto(`${pages.url}/peerjs.html?${q}&self=${room}-r`);
  await sender.page.goto(`${pages.url}/peerjs.html?${q}&self=${room}-s`);
  for (const p of [sender, receiver]) await p.page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
  await sender.page.locator('#file').setInputFiles(file.path);
  await sender.page.evaluate((other) => window.connect(other), `${room}-r`);
  await receiver.page.waitForFunction(() => window.conn?.open === true, null, { timeout: 30_000 });
  const cpu0 = cpu([sender, receiver]);
  const received = receiver.page.evaluate((o) => window.receive(o), { total: file.size });
  const sent = await sender.page.evaluate((o) => window.send(o), { chunk: CHUNK });
  const got = await received;
  const cpu1 = cpu([sender, receiver]);
  await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank')));
  return { ms: got.t1 - sent.t0, cpu0, cpu1, verified: false, bytesOnWire: file.size };
}

// ---- the run ----

function makeFile(size) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-dc-'));
  const path = join(dir, `random-${size / MIB}MiB.bin`);
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  for (let written = 0; written < size; ) {
    const piece = randomBytes(Math.min(4 * MIB, size - written));
    hash.update(piece);
    writeSync(fd, piece);
    written += piece.length;
  }
  closeSync(fd);
  return { path, size, sha256: hash.digest('hex'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function summarize(runs, size) {
  const ok = runs.filter((r) => !r.error);
  const mbps = ok.map((r) => size / 1e6 / (r.ms / 1000));
  const gib = size / 2 ** 30;
  const senderCpu = ok.map((r) => (r.cpu1[0] - r.cpu0[0]) / gib);
  const receiverCpu = ok.map((r) => (r.cpu1[1] - r.cpu0[1]) / gib);
  return {
    runs: ok.length,
    failed: runs.length - ok.length,
    mbPerSecond: { median: round(median(mbps), 2), values: mbps.map((v) => round(v, 2)) },
    cpuSecondsPerGiB: {
      sender: { median: round(median(senderCpu), 2), values: senderCpu.map((v) => round(v, 2)) },
      receiver: { median: round(median(receiverCpu), 2), values: receiverCpu.map((v) => round(v, 2)) },
    },
    seconds: ok.map((r) => round(r.ms / 1000, 2)),
    errors: runs.filter((r) => r.error).map((r) => r.error),
  };
}

export async function run() {
  const started = Date.now();
  const file = makeFile(SIZE);
  const servers = await startServers(['parley', 'peer']);
  const pages = await startPages();
  const sender = await launch('sender');
  const receiver = await launch('receiver');
  const results = { parley: [], raw: [], peerjs: [] };
  const sweep = [];
  try {
    for (let round_ = 1; round_ <= RUNS; round_++) {
      for (const system of ['parley', 'raw', 'peerjs']) {
        let result;
        try {
          result = await withTimeout(
            system === 'parley'
              ? runParley(servers, file, sender, receiver)
              : system === 'raw'
                ? runRaw(pages, sender, receiver)
                : runPeerjs(pages, servers, file, sender, receiver),
            TRANSFER_TIMEOUT_MS,
            system,
          );
          log(`datachannel round ${round_} ${system}: ${round(SIZE / 1e6 / (result.ms / 1000), 2)} MB/s`);
        } catch (error) {
          result = { error: String(error?.message ?? error).slice(0, 300) };
          log(`datachannel round ${round_} ${system} FAILED: ${result.error} ${[...sender.logs, ...receiver.logs].slice(-3).join(' | ')}`);
          await Promise.all([sender, receiver].map((p) => p.page.goto('about:blank').catch(() => undefined)));
        }
        results[system].push(result);
      }
      // Written after every round: a run cut short still leaves its measurements.
      save(results, sweep, started);
    }
    if (SWEEP) {
      for (const chunk of [16 * 1024, 64 * 1024, 256 * 1024]) {
        const r = await runRaw(pages, sender, receiver, 64 * MIB, chunk);
        sweep.push({ chunkBytes: chunk, mbPerSecond: round((64 * MIB) / 1e6 / (r.ms / 1000), 2) });
        log(`datachannel sweep raw ${chunk / 1024} KiB: ${sweep.at(-1).mbPerSecond} MB/s`);
      }
    }
  } finally {
    await sender.close();
    await receiver.close();
    await pages.close();
    await servers.close();
    file.cleanup();
  }
  return save(results, sweep, started, true);
}

function save(results, sweep, started, final = false) {
  const summary = {
    parley: summarize(results.parley, SIZE),
    raw: summarize(results.raw, SIZE),
    peerjs: summarize(results.peerjs, SIZE),
  };
  const ratios = {
    parleyVsRaw: ratio(summary.parley.mbPerSecond.median, summary.raw.mbPerSecond.median),
    parleyVsPeerjs: ratio(summary.parley.mbPerSecond.median, summary.peerjs.mbPerSecond.median),
  };
  // The machine's load drifts over minutes: also compare each Parley run with the raw and PeerJS
  // runs of the same round (seconds apart), and compare CPU per byte, which load changes less.
  const perRound = (other) =>
    results.parley
      .map((p, i) => (p.error || !results[other][i] || results[other][i].error ? null : results[other][i].ms / p.ms))
      .filter((v) => v !== null);
  const cpuTotal = (key) => (summary[key].cpuSecondsPerGiB.sender.median ?? 0) + (summary[key].cpuSecondsPerGiB.receiver.median ?? 0);
  const sameRound = {
    parleyVsRaw: { median: round(median(perRound('raw')), 2), values: perRound('raw').map((v) => round(v, 2)) },
    parleyVsPeerjs: { median: round(median(perRound('peerjs')), 2), values: perRound('peerjs').map((v) => round(v, 2)) },
    rawCpuOverParleyCpu: ratio(cpuTotal('raw'), cpuTotal('parley')),
    peerjsCpuOverParleyCpu: ratio(cpuTotal('peerjs'), cpuTotal('parley')),
  };
  const out = writeResult('datachannel', {
    description:
      `A ${SIZE / MIB} MiB file between two Chromium processes on loopback, ${RUNS} rounds alternating the systems. ` +
      "Parley: the web app's file transfer (offer, accept, 256 KiB frames with backpressure, written to OPFS and " +
      'SHA-256 hashed in a worker on the receiver, hashed once in a worker on the sender, verified before done). ' +
      'Raw: one RTCDataChannel, a pre-filled 256 KiB buffer sent in a loop with bufferedAmountLowThreshold, the receiver counts bytes (no file, no hash, no storage: the limit). ' +
      'PeerJS: the same file read in 256 KiB slices and sent with conn.send() (binary serialization), receiver counts bytes (no verification). ' +
      "MB/s = file bytes / time from start (Parley: the receiver's click on Accept) to the last byte (Parley: the verified file shown). " +
      'CPU = CPU time of each whole browser process tree over the transfer, per GiB.',
    config: { bytes: SIZE, runs: RUNS, chunkBytes: CHUNK, sweep: SWEEP },
    summary,
    ratios,
    sameRound,
    sweep,
    runs: results,
    durationSeconds: round((Date.now() - started) / 1000, 0),
  });
  if (!final) return summary;
  log(
    `datachannel: Parley ${summary.parley.mbPerSecond.median} MB/s, raw ${summary.raw.mbPerSecond.median}, PeerJS ${summary.peerjs.mbPerSecond.median}; ` +
      `parleyVsRaw ${ratios.parleyVsRaw}, parleyVsPeerjs ${ratios.parleyVsPeerjs}; wrote ${out}`,
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

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
