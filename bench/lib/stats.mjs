import { cpus, totalmem, release, type } from 'node:os';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from './browsers.mjs';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = join(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

/** Percentile by linear interpolation between closest ranks (numbers only, nulls dropped). */
export function percentile(values, p) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values) => percentile(values, 50);

export function round(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** p50/p95/min/max/n of a sample, rounded. */
export function summarize(values, digits = 1) {
  const ok = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return {
    n: ok.length,
    failed: values.length - ok.length,
    p50: round(percentile(ok, 50), digits),
    p95: round(percentile(ok, 95), digits),
    min: round(ok.length ? Math.min(...ok) : null, digits),
    max: round(ok.length ? Math.max(...ok) : null, digits),
  };
}

export function ratio(a, b, digits = 2) {
  if (a === null || b === null || !b) return null;
  return round(a / b, digits);
}

let chromiumVersion = null;
export function machineInfo() {
  if (chromiumVersion === null) {
    try {
      chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .replace(/\s+built on.*/, '');
    } catch {
      chromiumVersion = 'unknown';
    }
  }
  const cpuList = cpus();
  let load = null;
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    // not Linux
  }
  return {
    cpus: cpuList.length,
    model: cpuList[0]?.model ?? 'unknown',
    memGiB: round(totalmem() / 2 ** 30, 1),
    os: `${type()} ${release()}`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverageAtEnd: load,
  };
}

function packageVersion(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8')).version;
  } catch {
    return null;
  }
}

export function versions() {
  return {
    parley: packageVersion(join(ROOT_DIR, 'package.json')),
    parleyCommit: COMMIT_AT_START,
    peerjs: packageVersion(join(BENCH_DIR, 'node_modules/peerjs/package.json')),
    peer: packageVersion(join(BENCH_DIR, 'node_modules/peer/package.json')),
    playwrightCore: packageVersion(join(BENCH_DIR, 'node_modules/playwright-core/package.json')),
  };
}

/**
 * The commit measured is the one built when the benchmark started: the tree may move on while it
 * runs (a benchmark of 15 minutes once recorded the branch checked out at its end).
 */
const COMMIT_AT_START = gitCommit();

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}

export function writeResult(name, body) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const result = { name, date: new Date().toISOString(), machine: machineInfo(), versions: versions(), ...body };
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Logs a progress line to stderr (stdout stays for the summary). */
export function log(...args) {
  process.stderr.write(`[bench] ${args.join(' ')}\n`);
}

/** Runs a benchmark file's `run()` when the file is started itself (not imported), exiting 0 or 1. */
export function runWhenMain(url, run) {
  if (url !== `file://${process.argv[1]}`) return;
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
