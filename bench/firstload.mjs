// First load: what a person on a phone network waits for between opening a meeting link and a
// lobby they can use, and how many bytes of JavaScript come before it. Chromium opens
// /r/<room> on the real Parley server in a fresh browser context (nothing cached) under a
// throttled network, then once more from its cache. With BENCH_FIRSTLOAD_BASELINE (another
// checkout of Parley, built: its server and its web app), that one runs beside this one and the
// two are loaded in turn, so they are compared in one run.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/browsers.mjs';
import { startParley } from './lib/servers.mjs';
import { log, median, ratio, round, runWhenMain, writeResult } from './lib/stats.mjs';

const LOADS = Number(process.env.BENCH_FIRSTLOAD_LOADS ?? 10);
/**
 * Lighthouse's mobile throttling ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
 * applied by Chromium's own network emulation (DevTools protocol Network.emulateNetworkConditions).
 */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const TIMEOUT_MS = 60_000;

/** In the page from its first script: when the lobby's Join button appears, and when it can be pressed. */
function watchLobby() {
  const look = () => {
    const button = document.querySelector('[data-testid="join-button"]');
    if (!button) return;
    window.__lobbyShownAt ??= performance.now();
    if (!button.disabled) window.__lobbyReadyAt ??= performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
}

/** What the page fetched before the lobby showed: JavaScript bytes as they came over the wire (Resource Timing). */
function readLoad() {
  const shownAt = window.__lobbyShownAt;
  const resources = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= shownAt);
  const scripts = resources.filter((e) => new URL(e.name).pathname.endsWith('.js'));
  const sum = (entries, key) => entries.reduce((total, e) => total + e[key], 0);
  const navigation = performance.getEntriesByType('navigation')[0];
  return {
    shownMs: shownAt,
    readyMs: window.__lobbyReadyAt ?? null,
    scripts: scripts.length,
    // transferSize: headers and (compressed) body as received, 0 when it came from the cache.
    scriptTransferBytes: sum(scripts, 'transferSize'),
    scriptEncodedBytes: sum(scripts, 'encodedBodySize'),
    scriptDecodedBytes: sum(scripts, 'decodedBodySize'),
    totalTransferBytes: sum(resources, 'transferSize') + (navigation?.transferSize ?? 0),
  };
}

async function loadOnce(browser, url) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 412, height: 915 } });
  try {
    await context.addInitScript(watchLobby);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    const measure = async () => {
      await page.waitForFunction(() => window.__lobbyShownAt !== undefined && window.__lobbyReadyAt !== undefined, null, {
        timeout: TIMEOUT_MS,
        polling: 100,
      });
      return page.evaluate(readLoad);
    };
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    const cold = await measure();
    // The same person opening a link again: hashed assets come from the cache without a request.
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    const warm = await measure();
    return { cold, warm };
  } finally {
    await context.close();
  }
}

function summarize(loads) {
  const med = (pick, digits = 0) => round(median(loads.map(pick).filter((v) => typeof v === 'number')), digits);
  const kib = (bytes) => round(bytes / 1024, 1);
  return {
    loads: loads.length,
    shownMs: med((l) => l.cold.shownMs),
    readyMs: med((l) => l.cold.readyMs),
    scripts: med((l) => l.cold.scripts),
    scriptTransferKiB: kib(med((l) => l.cold.scriptTransferBytes)),
    scriptDecodedKiB: kib(med((l) => l.cold.scriptDecodedBytes)),
    totalTransferKiB: kib(med((l) => l.cold.totalTransferBytes)),
    warmShownMs: med((l) => l.warm.shownMs),
    warmScriptTransferKiB: kib(med((l) => l.warm.scriptTransferBytes)),
  };
}

export async function run() {
  const baselineRoot = process.env.BENCH_FIRSTLOAD_BASELINE || null;
  const servers = [{ name: 'parley', server: await startParley() }];
  if (baselineRoot) servers.push({ name: 'baseline', server: await startParley({ rootDir: baselineRoot }) });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const runs = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      // Alternating which build goes first.
      const order = i % 2 === 0 ? servers : [...servers].reverse();
      for (const { name, server } of order) {
        const result = await loadOnce(browser, `${server.url}/r/firstload-${i}?name=Ana`);
        runs.push({ system: name, load1: round(loadavg()[0], 2), ...result });
        log(
          `firstload ${i + 1}/${LOADS} ${name}: lobby after ${round(result.cold.shownMs)} ms (ready ${round(result.cold.readyMs)} ms), ` +
            `${round(result.cold.scriptTransferBytes / 1024, 1)} KiB of JS over the wire in ${result.cold.scripts} files; ` +
            `again from the cache ${round(result.warm.shownMs)} ms, ${round(result.warm.scriptTransferBytes / 1024, 1)} KiB`,
        );
      }
    }
  } finally {
    await browser.close();
    for (const { server } of servers) await server.close();
  }
  const summary = Object.fromEntries(servers.map(({ name }) => [name, summarize(runs.filter((r) => r.system === name))]));
  const ratios = baselineRoot
    ? {
        shownParleyVsBaseline: ratio(summary.parley.shownMs, summary.baseline.shownMs),
        scriptBytesParleyVsBaseline: ratio(summary.parley.scriptTransferKiB, summary.baseline.scriptTransferKiB),
      }
    : {};
  const file = writeResult('firstload', {
    description:
      'Opening a meeting link on a phone network: Chromium (headless, 412×915 window, fake camera) opens /r/<room> on the real Parley server ' +
      'in a fresh browser context under Chromium’s own network emulation (Lighthouse’s mobile "slow 4G": 150 ms round trip, 1.6 Mbit/s down, ' +
      '750 kbit/s up), then opens it again from its cache. Timed in the page from navigation start: the lobby shown (its Join button in the ' +
      'document) and ready (the Join button enabled: camera and microphone started). JavaScript counted is what arrived before the lobby ' +
      'showed (Resource Timing transferSize: compressed bytes and headers as received).' +
      (baselineRoot ? ` Beside it, the Parley (server and web app) built at ${baselineRoot}, loaded in turn.` : ''),
    config: { loads: LOADS, network: NETWORK, baseline: baselineRoot, baselineCommit: baselineRoot ? commitOf(baselineRoot) : null },
    summary,
    ratios,
    runs,
  });
  log(`firstload: wrote ${file}`);
  for (const [name, s] of Object.entries(summary))
    log(
      `firstload ${name}: lobby ${s.shownMs} ms (ready ${s.readyMs} ms), ${s.scriptTransferKiB} KiB JS in ${s.scripts} files ` +
        `(${s.scriptDecodedKiB} KiB decoded); from the cache ${s.warmShownMs} ms with ${s.warmScriptTransferKiB} KiB`,
    );
  return { summary };
}

function commitOf(dir) {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

runWhenMain(import.meta.url, run);
