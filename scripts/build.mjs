#!/usr/bin/env node
/**
 * `npm run build` and what `npm start` runs first: builds only what changed, and says so.
 *
 * - The TypeScript packages (protocol, client, server, CLI…) through `tsc -b`, which compares each
 *   project's inputs with its .tsbuildinfo and compiles only those that changed.
 * - The web app through Vite, only when its inputs differ from those of the last build: its own
 *   sources, and the built SDK it bundles (a fingerprint of them is kept in node_modules/.cache).
 *
 * Progress goes to stderr: stdout is the program's that runs next (`npm start -- --help`).
 *
 * Usage: node scripts/build.mjs [--force]
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');
const webDist = join(root, 'packages/web/dist');
// Kept out of dist/, which the server serves to anyone.
const fingerprintFile = join(root, 'node_modules/.cache/parley-web-inputs.sha256');
/** Everything the web bundle is made from. */
const webInputs = [
  'packages/web/src',
  'packages/web/public',
  'packages/web/index.html',
  'packages/web/vite.config.ts',
  'packages/web/tsconfig.json',
  'packages/web/package.json',
  'packages/client/dist',
  'packages/protocol/dist',
  'package-lock.json',
];

/** Runs a build step; what it prints goes to stderr too. */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['inherit', process.stderr, 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.name.endsWith('.tsbuildinfo') ? [] : filesUnder(join(path, entry.name)),
  );
}

function fingerprint() {
  const hash = createHash('sha256');
  const files = webInputs.flatMap((input) => filesUnder(join(root, input))).sort();
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const started = Date.now();
process.stderr.write('Parley build: TypeScript packages (only those that changed)…\n');
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);

const inputs = fingerprint();
const built = existsSync(join(webDist, 'index.html')) && existsSync(fingerprintFile) && readFileSync(fingerprintFile, 'utf8') === inputs;
if (built && !force) {
  process.stderr.write(`Parley build: web app unchanged, kept packages/web/dist (${Date.now() - started} ms in all).\n`);
} else {
  process.stderr.write('Parley build: web app (type check and Vite bundle)…\n');
  // What is served is always React's production build: a NODE_ENV inherited from a test runner
  // (Vitest sets `test`) would otherwise ship the development build, with StrictMode's doubled effects.
  run('npm', ['run', 'build', '--silent', '-w', '@parley/web'], { ...process.env, NODE_ENV: 'production' });
  mkdirSync(dirname(fingerprintFile), { recursive: true });
  writeFileSync(fingerprintFile, inputs);
  process.stderr.write(`Parley build: done in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}
