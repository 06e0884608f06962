// What the sender's own processing costs: two Parley participants in a call (each its own Chromium
// process, fake 640×360 camera at 30 fps and microphone), the sender with nothing, noise
// suppression (RNNoise in an AudioWorklet), background blur (segmentation in a worker), or both.
// Per iteration every setting is measured, the order rotating from one iteration to the next, so
// a change in the machine's load falls on all alike: sender CPU (its whole browser process tree)
// and frames it encodes per second over the same window.
import { loadavg } from 'node:os';
import { CHROMIUM_ARGS, launchParticipant } from './lib/browsers.mjs';
import { installCameraSize } from './lib/counterCamera.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, round, sleep, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { freshRoom } from './lib/systems.mjs';
import { sample, waitAllConnected } from './mesh.mjs';

const ITERATIONS = Number(process.env.BENCH_PROCESSING_ITERATIONS ?? 5);
const STEADY_MS = Number(process.env.BENCH_PROCESSING_STEADY_MS ?? 6_000);
const WINDOW_MS = Number(process.env.BENCH_PROCESSING_WINDOW_MS ?? 5_000);
const CAMERA = { width: 640, height: 360, frameRate: 30 };
// Chromium's fake camera delivers 20 fps unless told otherwise, whatever getUserMedia asks for.
const ARGS = CHROMIUM_ARGS.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=fps=${CAMERA.frameRate}` : arg));
const SETTINGS = ['none', 'noise-suppression', 'blur', 'both'];
const withNoiseSuppression = (setting) => setting === 'noise-suppression' || setting === 'both';
const withBlur = (setting) => setting === 'blur' || setting === 'both';

/** The web app's remembered choices, set before the page loads (storage.ts: parley.noiseSuppression, parley.background). */
function rememberProcessing({ noiseSuppression, blur }) {
  localStorage.setItem('parley.noiseSuppression', noiseSuppression ? 'on' : 'off');
  localStorage.setItem('parley.background', JSON.stringify({ mode: blur ? 'blur' : 'none', strength: 'light', image: 'dusk' }));
}

export async function run() {
  const servers = await startServers(['parley']);
  const runs = [];
  try {
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const order = SETTINGS.map((_, i) => SETTINGS[(i + iteration) % SETTINGS.length]);
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
      {
        senderCpuPercent: summarize(of(setting, 'senderCpuPercent')),
        encoderCpuPercent: summarize(of(setting, 'encoderCpuPercent')),
        sentFps: summarize(of(setting, 'sentFps')),
      },
    ]),
  );
  // Paired by iteration: the extra CPU each setting costs over none, in points of one core.
  const addedBy = (setting) =>
    [...new Set(runs.map((r) => r.iteration))].map(
      (i) =>
        runs.find((r) => r.iteration === i && r.setting === setting).senderCpuPercent -
        runs.find((r) => r.iteration === i && r.setting === 'none').senderCpuPercent,
    );
  const added = (setting) => {
    const values = addedBy(setting);
    return { median: round(median(values), 1), values: values.map((v) => round(v, 1)) };
  };
  const file = writeResult('processing', {
    description:
      'Sender-side processing at 640×360, 30 fps: a call of two Parley participants (each its own Chromium process), the sender with none (the browser’s own suppressor, camera as captured), noise suppression (RNNoise in an AudioWorklet), background blur (light; segmentation and compositing in a worker) or both. Every setting measured in every iteration, the order rotating; CPU = CPU time of the sender’s browser process tree over the window / window (100% = one core, including the camera, the encoder and the page); fps = frames the sender encodes per second.',
    config: { iterations: ITERATIONS, steadyMs: STEADY_MS, windowMs: WINDOW_MS, camera: CAMERA },
    settings,
    addedCpuPoints: { 'noise-suppression': added('noise-suppression'), blur: added('blur'), both: added('both') },
    runs,
  });
  log(`processing: wrote ${file}`);
}

export async function measureCall(servers, setting) {
  const room = freshRoom('processing');
  const people = [];
  try {
    for (const name of ['sender', 'receiver']) {
      people.push(
        await launchParticipant({
          name,
          args: ARGS,
          initScripts: [
            [installCameraSize, CAMERA],
            [
              rememberProcessing,
              { noiseSuppression: name === 'sender' && withNoiseSuppression(setting), blur: name === 'sender' && withBlur(setting) },
            ],
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
    // The setting really is what runs: the device settings say so.
    await sender.page.getByTestId('devices-toggle').click();
    const noise = withNoiseSuppression(setting) ? 'on' : 'off';
    await sender.page.waitForSelector(`[data-testid="noise-suppression-toggle"][data-status="${noise}"]`, { timeout: 20_000 });
    const background = withBlur(setting) ? 'on' : 'off';
    await sender.page.waitForSelector(`[data-testid="background-select"][data-status="${background}"]`, { timeout: 20_000 });
    await sender.page.getByTestId('devices-toggle').click();
    await sleep(STEADY_MS);
    const before = await sample(sender);
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const after = await sample(sender);
    const seconds = (performance.now() - t0) / 1000;
    // Blur that could not keep up has stepped down or given up (status too-slow): say which.
    await sender.page.getByTestId('devices-toggle').click();
    const backgroundStatus = await sender.page.getByTestId('background-select').getAttribute('data-status');
    const links = Object.keys(after.links).filter((k) => before.links[k]);
    const framesEncoded = links.reduce((sum, k) => sum + after.links[k].framesEncoded - before.links[k].framesEncoded, 0);
    // The encoder's own time (webrtc-stats §8.6 totalEncodeTime), as a share of one core.
    const encodeSeconds = links.reduce((sum, k) => sum + after.links[k].encodeSeconds - before.links[k].encodeSeconds, 0);
    return {
      senderCpuPercent: round(((after.cpu - before.cpu) / seconds) * 100, 1),
      encoderCpuPercent: round((encodeSeconds / seconds) * 100, 1),
      backgroundStatus,
      sentFps: round(framesEncoded / seconds, 1),
      sentHeight: Object.values(after.links).map((l) => l.sentHeight),
      load1: round(loadavg()[0], 2),
    };
  } finally {
    await Promise.all(people.map((p) => p.close()));
  }
}

runWhenMain(import.meta.url, run);
