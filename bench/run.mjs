#!/usr/bin/env node
// `npm run bench [-- <name>…]`: builds Parley, runs every benchmark (or the ones named), each in
// its own Node process, then rewrites the README's benchmark table from bench/results/*.json.
//
//   npm run bench                 every benchmark (about 25 minutes on 2 cores)
//   npm run bench -- join        one benchmark (join, join-sfu, latency, mesh, datachannel, signaling, sfu, processing, e2ee, network, firstload)
//   npm run bench -- --no-build  skip `npm run build` (the tree is already built)
//   npm run bench -- --table     only regenerate the README table from the results files
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, ROOT_DIR } from './lib/stats.mjs';
import { writeReadmeTable } from './readme-table.mjs';

const BENCHMARKS = {
  join: 'join.mjs',
  'join-sfu': 'join-sfu.mjs',
  latency: 'latency.mjs',
  mesh: 'mesh.mjs',
  datachannel: 'datachannel.mjs',
  signaling: 'signaling.mjs',
  sfu: 'sfu.mjs',
  processing: 'processing.mjs',
  e2ee: 'e2ee.mjs',
  network: 'network.mjs',
  firstload: 'firstload.mjs',
};
// Minutes a benchmark may take when longer than the default 8 (datachannel: 15 transfers of 256 MiB,
// CPU-bound on 2 cores, is about 6 minutes on a quiet machine and 12 on a very busy one; network:
// 24 calls of about 25 s in the network lab, about 11 minutes).
const LONG = { datachannel: 20, network: 18 };

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${Object.keys(BENCHMARKS).join(', ')}.`);
  process.exit(2);
}
const selected = flags.has('--table') ? [] : names.length ? names : Object.keys(BENCHMARKS);

if (selected.length && !flags.has('--no-build') && process.env.BENCH_SKIP_BUILD !== '1') {
  console.error('[bench] building Parley (npm run build)…');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('[bench] the build failed; nothing measured.');
    process.exit(1);
  }
}

const failed = [];
for (const name of selected) {
  const started = Date.now();
  console.error(`[bench] ${name}…`);
  const child = spawnSync(process.execPath, ['--no-deprecation', join(BENCH_DIR, BENCHMARKS[name])], {
    cwd: BENCH_DIR,
    stdio: 'inherit',
    // A benchmark that hangs must not hold the whole run (each is bounded well below this).
    timeout: (LONG[name] ?? 8) * 60_000,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (child.status === 0) console.error(`[bench] ${name} done in ${seconds} s`);
  else {
    failed.push(name);
    console.error(`[bench] ${name} FAILED after ${seconds} s (${child.error?.message ?? `exit ${child.status ?? child.signal}`})`);
  }
}

const readme = writeReadmeTable();
console.error(`[bench] README benchmark table rewritten from ${readme.files.join(', ') || 'no results'}`);
process.exit(failed.length ? 1 : 0);
