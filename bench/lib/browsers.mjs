import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { installProbes } from './instrument.mjs';

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** Flags from shared/TESTING.md; every participant is its own browser process. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

let launching = Promise.resolve();

/**
 * One participant: its own Chromium process with the probes installed, one page, and the pid
 * of the browser process (the root of its process tree, for CPU accounting).
 *
 * `args` replace the launch flags (CHROMIUM_ARGS) for a benchmark that needs others;
 * `executablePath` replaces Chromium's path (a network lab's wrapper that starts it in a namespace).
 *
 * @param {{ name: string, initScripts?: Array<[Function, unknown?]>, viewport?: {width:number,height:number}, args?: string[], executablePath?: string }} options
 */
export async function launchParticipant({
  name,
  initScripts = [],
  viewport = { width: 1280, height: 720 },
  args = CHROMIUM_ARGS,
  executablePath = CHROMIUM_PATH,
}) {
  // Launches run one at a time so the new child process can be told apart from the others.
  const previous = launching;
  let release;
  launching = new Promise((resolve) => (release = resolve));
  await previous;
  let browser;
  let pid = null;
  try {
    const before = new Set(childPids(process.pid));
    browser = await chromium.launch({ executablePath, headless: true, args });
    pid = childPids(process.pid).find((p) => !before.has(p)) ?? null;
  } finally {
    release();
  }
  const context = await browser.newContext({ locale: 'en-US', viewport });
  await context.addInitScript(installProbes);
  for (const [script, arg] of initScripts) await context.addInitScript(script, arg);
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') logs.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  return {
    name,
    browser,
    context,
    page,
    pid,
    logs,
    close: () => browser.close().catch(() => undefined),
  };
}

function childPids(parent) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.ppid === parent) out.push(stat.pid);
  }
  return out;
}

/** /proc/<pid>/stat fields we need (comm may contain spaces: parse after the last ')'). */
function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
}

let ticksPerSecond = null;
/** Clock ticks per second of /proc's CPU times. */
export function clockTicks() {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds used so far by a process and all its descendants. */
export function treeCpuSeconds(rootPid) {
  const all = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) all.push(stat);
  }
  const children = new Map();
  for (const s of all) {
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(s);
  }
  const root = all.find((s) => s.pid === rootPid);
  if (!root) return 0;
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const s = stack.pop();
    ticks += s.utime + s.stime;
    for (const c of children.get(s.pid) ?? []) stack.push(c);
  }
  return ticks / clockTicks();
}

/** Waits for a condition evaluated in the page, polling; resolves with its truthy value or null at timeout. */
export async function waitInPage(page, fn, arg, timeoutMs) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout: timeoutMs, polling: 20 });
    return await handle.jsonValue();
  } catch {
    return null;
  }
}
