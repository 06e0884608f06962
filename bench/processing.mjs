// What the sender's own processing costs: two Parley participants in a call (each its own Chromium
// process, fake 640×360 camera at 30 fps and microphone), the sender with noise suppression
// (RNNoise in an AudioWorklet) off or on. Per iteration both settings are measured, in alternating
// order, so a change in the machine's load falls on both alike: sender CPU (its whole browser
// process tree) and frames it encodes per second over the same window. Background blur is not
// built yet; its rows come with it.
import { loadavg } from 'node:os';
import { launchParticipant } from './lib/browsers.mjs';
import { installCameraSize } from './lib/counterCamera.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, round, sleep, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { freshRoom } from './lib/systems.mjs';
import { sample, waitAllConnected } from './mesh.mjs';

const ITERATIONS = Number(process.env.BENCH_PROCESSING_ITERATIONS ?? 5);
const STEADY_MS = Number(process.env.BENCH_PROCESSING_STEADY_MS ?? 6_000);
const WINDOW_MS = Number(process.env.BENCH_PROCESSING_WINDOW_MS ?? 5_000);
const CAMERA = { width: 640, height: 360, frameRate: 30 };
const SETTINGS = ['none', 'noise-suppression'];

/** The web app's remembered choice, set before the page loads (storage.ts: parley.noiseSuppression). */
function rememberNoiseSuppression(on) {
  localStorage.setItem('parley.noiseSuppression', on ? 'on' : 'off');
}

export async function run() {
  const servers = await startServers(['parley']);
  const runs = [];
  try {
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const order = iteration % 2 ? [...SETTINGS].reverse() : SETTINGS;
      for (const setting of order) {
        const measured = await measureCall(servers, setting);
        runs.push({ iteration, setting, ...measured });
        log(`processing ${setting}: sender CPU ${measured.senderCpuPercent}%, ${measured.sentFps} fps sent`);
      }
    }
  } finally {
    await servers.close();
  }
  const of = (setting, key) => runs.filter((r) => r.setting === setting).map((r) => r[key]);
  const settings = Object.fromEntries(
    SETTINGS.map((setting) => [
      setting,
      { senderCpuPercent: summarize(of(setting, 'senderCpuPercent')), sentFps: summarize(of(setting, 'sentFps')) },
    ]),
  );
  // Paired by iteration: the extra CPU noise suppression costs, in points of one core.
  const added = [...new Set(runs.map((r) => r.iteration))].map(
    (i) =>
      runs.find((r) => r.iteration === i && r.setting === 'noise-suppression').senderCpuPercent -
      runs.find((r) => r.iteration === i && r.setting === 'none').senderCpuPercent,
  );
  const file = writeResult('processing', {
    description:
      'Sender-side processing at 640×360, 30 fps: a call of two Parley participants (each its own Chromium process), the sender with noise suppression off (the browser’s own suppressor) or on (RNNoise in an AudioWorklet). Both settings measured in every iteration, in alternating order; CPU = CPU time of the sender’s browser process tree over the window / window (100% = one core, including the camera, the encoder and the page); fps = frames the sender encodes per second. Background blur is not built yet.',
    config: { iterations: ITERATIONS, steadyMs: STEADY_MS, windowMs: WINDOW_MS, camera: CAMERA },
    settings,
    noiseSuppressionAddedCpuPoints: { median: round(median(added), 1), values: added.map((v) => round(v, 1)) },
    runs,
  });
  log(`processing: wrote ${file}`);
}

async function measureCall(servers, setting) {
  const room = freshRoom('processing');
  const people = [];
  try {
    for (const name of ['sender', 'receiver']) {
      people.push(
        await launchParticipant({
          name,
          initScripts: [
            [installCameraSize, CAMERA],
            [rememberNoiseSuppression, name === 'sender' && setting === 'noise-suppression'],
          ],
        }),
      );
    }
    for (const p of people) {
      await p.page.goto(`${servers.parley}/r/${room}?name=${p.name}`);
      await p.page.waitForSelector('[data-testid="join-button"]:not([disabled])', { timeout: 20_000 });
      await p.page.getByTestId('join-button').click();
      await p.page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: 20_000 });
    }
    await waitAllConnected(people, 2);
    const [sender] = people;
    // The setting really is what runs: the switch under the microphone says so.
    await sender.page.getByTestId('devices-toggle').click();
    const expected = setting === 'noise-suppression' ? 'on' : 'off';
    await sender.page.waitForSelector(`[data-testid="noise-suppression-toggle"][data-status="${expected}"]`, { timeout: 20_000 });
    await sender.page.getByTestId('devices-toggle').click();
    await sleep(STEADY_MS);
    const before = await sample(sender);
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const after = await sample(sender);
    const seconds = (performance.now() - t0) / 1000;
    const links = Object.keys(after.links).filter((k) => before.links[k]);
    const framesEncoded = links.reduce((sum, k) => sum + after.links[k].framesEncoded - before.links[k].framesEncoded, 0);
    return {
      senderCpuPercent: round(((after.cpu - before.cpu) / seconds) * 100, 1),
      sentFps: round(framesEncoded / seconds, 1),
      sentHeight: Object.values(after.links).map((l) => l.sentHeight),
      load1: round(loadavg()[0], 2),
    };
  } finally {
    await Promise.all(people.map((p) => p.close()));
  }
}

runWhenMain(import.meta.url, run);
