// Mesh versus SFU (Janus) for one participant, in the same run: rooms of 4 and 6 Parley
// participants (each its own Chromium process, fake camera, joined through the web UI), once on
// a mesh-only server and once on a server whose rooms move to a local Janus. After a steady
// state, over the same window: CPU of participant 1's whole browser process tree, its upload
// (outbound-rtp bytes over all its peer connections) and download, and the frame rate it decodes.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { launchParticipant, treeCpuSeconds } from './lib/browsers.mjs';
import { installCameraSize } from './lib/counterCamera.mjs';
import { startJanus } from './lib/janus.mjs';
import { ROOT_DIR, log, round, sleep, writeResult, runWhenMain } from './lib/stats.mjs';
import { freshRoom } from './lib/systems.mjs';

const SIZES = (process.env.BENCH_SFU_SIZES ?? '4,6').split(',').map(Number);
const STEADY_MS = Number(process.env.BENCH_SFU_STEADY_MS ?? 10_000);
const WINDOW_MS = Number(process.env.BENCH_SFU_WINDOW_MS ?? 5_000);
const CAMERA = { width: 640, height: 360, frameRate: 30 };

export async function run() {
  const { createParleyServer, makeConfig } = await import(pathToFileURL(join(ROOT_DIR, 'packages/server/dist/index.js')).href);
  const webRoot = join(ROOT_DIR, 'packages/web/dist');
  const janus = await startJanus();
  const base = { port: 0, host: '127.0.0.1', logLevel: 'warn', webRoot };
  const servers = {
    mesh: await createParleyServer(makeConfig({ ...base, maxParticipants: 6 })),
    // PARLEY_MESH_MAX at its lowest: rooms of 4 and 6 are on the SFU from their third member on.
    sfu: await createParleyServer(makeConfig({ ...base, janusUrls: [janus.url], meshMax: 2, sfuMaxParticipants: 10 })),
  };
  const rows = [];
  try {
    for (const server of Object.values(servers)) await server.listen();
    for (const size of SIZES) {
      for (const mode of ['mesh', 'sfu']) {
        const row = await measureRoom(servers[mode].url(), mode, size, janus.pid);
        rows.push(row);
        log(
          `sfu bench: ${mode} ${size}: participant 1 CPU ${row.cpuPercent}% of a core, upload ${row.uploadKbps} kbit/s, ${row.receivedFps} fps per remote video`,
        );
      }
    }
  } finally {
    for (const server of Object.values(servers)) await server.close().catch(() => undefined);
    await janus.stop();
  }
  const ratios = Object.fromEntries(
    SIZES.map((size) => {
      const mesh = rows.find((r) => r.mode === 'mesh' && r.participants === size);
      const sfu = rows.find((r) => r.mode === 'sfu' && r.participants === size);
      return [
        size,
        { cpuSfuVsMesh: round(sfu.cpuPercent / mesh.cpuPercent, 2), uploadSfuVsMesh: round(sfu.uploadKbps / mesh.uploadKbps, 2) },
      ];
    }),
  );
  const file = writeResult('sfu', {
    description:
      "One participant (of rooms of 4 and 6) in mesh versus SFU mode, same run, same machine. Each participant is its own Chromium process with a fake camera; CPU = CPU time of participant 1's browser process tree over the window / window (100% = one core); upload = its outbound-rtp bytes (all peer connections; in SFU mode the three simulcast layers to Janus) over the window. Janus runs on the same 2-core machine (its CPU is listed, not counted in the participant's).",
    config: { sizes: SIZES, steadyMs: STEADY_MS, windowMs: WINDOW_MS, camera: CAMERA },
    rows,
    ratios,
  });
  log(`sfu bench: wrote ${file}`);
  return { rows };
}

async function measureRoom(url, mode, size, janusPid) {
  const room = freshRoom(`${mode}${size}`);
  const people = [];
  try {
    for (let i = 0; i < size; i++) {
      people.push(await launchParticipant({ name: `p${i + 1}`, initScripts: [[installCameraSize, CAMERA]] }));
    }
    for (const p of people) {
      await p.page.goto(`${url}/r/${room}?name=${p.name}`);
      await p.page.waitForSelector('[data-testid="join-button"]:not([disabled])', { timeout: 30_000 });
      await p.page.getByTestId('join-button').click();
      await p.page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: 30_000 });
    }
    // Everyone's video reaches participant 1 (over one connection or over size − 1).
    await people[0].page.waitForFunction(
      async (others) => {
        let videos = 0;
        for (const pc of window.__pcs) {
          if (pc.connectionState !== 'connected') continue;
          (await pc.getStats()).forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) videos += 1;
          });
        }
        return videos >= others;
      },
      size - 1,
      { timeout: 60_000, polling: 500 },
    );
    await sleep(STEADY_MS);
    const janusBefore = mode === 'sfu' ? treeCpuSeconds(janusPid) : 0;
    const before = await sample(people[0]);
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const after = await sample(people[0]);
    const seconds = (performance.now() - t0) / 1000;
    // Only connections up at both ends of the window count (an overloaded mesh can drop and rebuild one).
    const kept = Object.keys(after.links).filter((k) => before.links[k]);
    const delta = (key) => kept.reduce((sum, k) => sum + (after.links[k][key] - before.links[k][key]), 0);
    return {
      mode,
      participants: size,
      windowSeconds: round(seconds, 2),
      cpuPercent: round(((after.cpu - before.cpu) / seconds) * 100, 1),
      uploadKbps: round((delta('bytesSent') * 8) / seconds / 1000, 0),
      downloadKbps: round((delta('bytesReceived') * 8) / seconds / 1000, 0),
      receivedFps: round(delta('framesDecoded') / seconds / (size - 1), 1),
      peerConnections: kept.length,
      // false: a connection changed during the window; the figures cover those that stayed.
      stable: kept.length === Object.keys(before.links).length && kept.length === Object.keys(after.links).length,
      janusCpuPercent: mode === 'sfu' ? round(((treeCpuSeconds(janusPid) - janusBefore) / seconds) * 100, 1) : null,
    };
  } finally {
    await Promise.all(people.map((p) => p.close()));
  }
}

/** Participant 1's cumulative counters now, per connected peer connection. */
async function sample(person) {
  const cpu = treeCpuSeconds(person.pid);
  const links = await person.page.evaluate(async () => {
    const out = {};
    for (const [index, pc] of window.__pcs.entries()) {
      if (pc.connectionState !== 'connected') continue;
      const link = { bytesSent: 0, bytesReceived: 0, framesDecoded: 0 };
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp') link.bytesSent += (s.bytesSent ?? 0) + (s.headerBytesSent ?? 0);
        if (s.type === 'inbound-rtp') {
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
