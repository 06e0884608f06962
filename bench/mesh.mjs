// Mesh cost: rooms of 2, 3 and 4 Parley participants (each its own Chromium process, fake
// 640×360 camera and microphone, joined through the web UI). After a steady state, CPU per
// participant (CPU time of its whole browser process tree) and upload per participant
// (outbound-rtp bytesSent summed over its peer connections), over the same window.
import { launchParticipant, treeCpuSeconds } from './lib/browsers.mjs';
import { installCameraSize } from './lib/counterCamera.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, round, sleep, writeResult, runWhenMain } from './lib/stats.mjs';
import { freshRoom } from './lib/systems.mjs';

const SIZES = (process.env.BENCH_MESH_SIZES ?? '2,3,4').split(',').map(Number);
const STEADY_MS = Number(process.env.BENCH_MESH_STEADY_MS ?? 10_000);
const WINDOW_MS = Number(process.env.BENCH_MESH_WINDOW_MS ?? 5_000);
const CAMERA = { width: 640, height: 360, frameRate: 30 };

export async function run() {
  const servers = await startServers(['parley']);
  const rooms = [];
  try {
    for (const size of SIZES) {
      const result = await measureRoom(servers, size);
      rooms.push(result);
      log(
        `mesh ${size}: CPU ${result.perParticipant.cpuPercent.median}% of a core, upload ${result.perParticipant.uploadKbps.median} kbit/s per participant`,
      );
    }
  } finally {
    await servers.close();
  }
  const base = rooms.find((r) => r.participants === 2);
  const growth = Object.fromEntries(
    rooms.map((r) => [
      r.participants,
      {
        cpuVs2: base ? round(r.perParticipant.cpuPercent.median / base.perParticipant.cpuPercent.median, 2) : null,
        uploadVs2: base ? round(r.perParticipant.uploadKbps.median / base.perParticipant.uploadKbps.median, 2) : null,
      },
    ]),
  );
  const file = writeResult('mesh', {
    description:
      'Mesh cost per participant in Parley rooms of 2, 3 and 4 (full mesh: each sends its camera and microphone to every other). Each participant is its own Chromium process with a fake 640×360 camera at 30 fps; CPU = CPU time of the browser process tree over the window / window (100% = one core); upload = outbound-rtp bytesSent (audio + video, all peer connections) over the window. The machine has 2 cores: the largest rooms are CPU-bound, and the encoder then lowers resolution or frame rate.',
    config: { sizes: SIZES, steadyMs: STEADY_MS, windowMs: WINDOW_MS, camera: CAMERA },
    rooms,
    ratios: growth,
  });
  log(`mesh: wrote ${file}`);
  return { rooms };
}

async function measureRoom(servers, size) {
  const room = freshRoom(`mesh${size}`);
  const people = [];
  try {
    for (let i = 0; i < size; i++) {
      people.push(
        await launchParticipant({
          name: `p${i + 1}`,
          initScripts: [[installCameraSize, CAMERA]],
          viewport: { width: 1280, height: 720 },
        }),
      );
    }
    for (const p of people) {
      await p.page.goto(`${servers.parley}/r/${room}?name=${p.name}`);
      await p.page.waitForSelector('[data-testid="join-button"]:not([disabled])', { timeout: 20_000 });
      await p.page.getByTestId('join-button').click();
      await p.page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: 20_000 });
    }
    await waitAllConnected(people, size);
    await sleep(STEADY_MS);
    // A window counts only if every link stayed up through it (on an overloaded machine a link
    // can drop and be rebuilt, and its counters restart); otherwise settle and measure again.
    let window_ = null;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !window_?.stable; attempt++) {
      if (attempt > 1) {
        log(`mesh ${size}: a link changed during the window; measuring again`);
        await waitAllConnected(people, size);
        await sleep(3_000);
      }
      window_ = { ...(await measureWindow(people, servers)), attempt };
    }
    const { seconds, before, after, serverCpuPercent, stable, attempt } = window_;
    const each = people.map((p, i) => {
      const links = Object.keys(after[i].links).filter((k) => before[i].links[k]);
      const delta = (key) => links.reduce((sum, k) => sum + (after[i].links[k][key] - before[i].links[k][key]), 0);
      return {
        name: p.name,
        cpuPercent: round(((after[i].cpu - before[i].cpu) / seconds) * 100, 1),
        uploadKbps: round((delta('bytesSent') * 8) / seconds / 1000, 0),
        downloadKbps: round((delta('bytesReceived') * 8) / seconds / 1000, 0),
        receivedFps: round(delta('framesDecoded') / seconds / (size - 1), 1),
        sentFps: round(delta('framesEncoded') / seconds / (size - 1), 1),
        sentHeight: Object.values(after[i].links).map((l) => l.sentHeight),
        qualityLimitation: Object.values(after[i].links).map((l) => l.qualityLimitation),
      };
    });
    const stat = (key) => ({ median: round(median(each.map((e) => e[key])), 1), values: each.map((e) => e[key]) });
    return {
      participants: size,
      windowSeconds: round(seconds, 2),
      // false: links kept changing in every attempt; the figures then cover the surviving links.
      stable,
      attempts: attempt,
      perParticipant: {
        cpuPercent: stat('cpuPercent'),
        uploadKbps: stat('uploadKbps'),
        downloadKbps: stat('downloadKbps'),
        receivedFpsPerStream: stat('receivedFps'),
        sentFpsPerStream: stat('sentFps'),
      },
      participantsDetail: each,
      serverCpuPercent,
    };
  } finally {
    await Promise.all(people.map((p) => p.close()));
  }
}

const MAX_ATTEMPTS = 3;

/** Everyone sees everyone: size − 1 connected peer connections per page. */
export async function waitAllConnected(people, size) {
  for (const p of people) {
    await p.page.waitForFunction((others) => window.__pcs.filter((pc) => pc.connectionState === 'connected').length === others, size - 1, {
      timeout: 30_000,
      polling: 200,
    });
  }
}

async function measureWindow(people, servers) {
  const serverBefore = treeCpuSeconds(servers.pid);
  const before = await Promise.all(people.map((p) => sample(p)));
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const after = await Promise.all(people.map((p) => sample(p)));
  const seconds = (performance.now() - t0) / 1000;
  const serverCpuPercent = round(((treeCpuSeconds(servers.pid) - serverBefore) / seconds) * 100, 2);
  const key = (links) => Object.keys(links).sort().join(',');
  const stable = people.every(
    (_, i) => key(before[i].links) === key(after[i].links) && Object.keys(after[i].links).length === people.length - 1,
  );
  return { seconds, before, after, serverCpuPercent, stable };
}

/** Cumulative counters of one participant right now, per connected peer connection. */
export async function sample(person) {
  const cpu = treeCpuSeconds(person.pid);
  const links = await person.page.evaluate(async () => {
    const out = {};
    for (const [index, pc] of window.__pcs.entries()) {
      if (pc.connectionState !== 'connected') continue;
      const link = {
        bytesSent: 0,
        bytesReceived: 0,
        framesDecoded: 0,
        framesEncoded: 0,
        encodeSeconds: 0,
        sentHeight: null,
        qualityLimitation: null,
      };
      const report = await pc.getStats();
      report.forEach((s) => {
        if (s.type === 'outbound-rtp') {
          link.bytesSent += (s.bytesSent ?? 0) + (s.headerBytesSent ?? 0);
          if (s.kind === 'video') {
            link.framesEncoded += s.framesEncoded ?? 0;
            link.encodeSeconds += s.totalEncodeTime ?? 0;
            link.sentHeight = s.frameHeight ?? null;
            link.qualityLimitation = s.qualityLimitationReason ?? null;
          }
        } else if (s.type === 'inbound-rtp') {
          link.bytesReceived += (s.bytesReceived ?? 0) + (s.headerBytesReceived ?? 0);
          if (s.kind === 'video') link.framesDecoded += s.framesDecoded ?? 0;
        }
      });
      out[index] = link;
    }
    return out;
  });
  return { cpu, links };
}

runWhenMain(import.meta.url, run);
