#!/usr/bin/env node
// Runs `vitest run <args>` and, only when a test worker process died under libwebrtc's native
// code (vitest: "Worker exited unexpectedly") with no test failing, runs the files that did not
// finish once more. @roamhq/wrtc (node-webrtc) still has rare segfaults in its close paths
// (node-webrtc issues #360, #576; WonderInventions/node-webrtc #35): about one test-file run in
// fifty on CI machines, never reproduced on ours in hundreds. A crash is reported loudly; an
// assertion that fails, a crash on the second run, or any other error fails the run as usual.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const CRASH = 'Worker exited unexpectedly';

function runVitest(args) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-vitest-'));
  const report = join(dir, 'report.json');
  const child = spawn('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let crashed = false;
  const watch = (stream, target) =>
    stream.on('data', (chunk) => {
      if (chunk.includes(CRASH)) crashed = true;
      target.write(chunk);
    });
  watch(child.stdout, process.stdout);
  watch(child.stderr, process.stderr);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      let results = null;
      try {
        results = JSON.parse(readFileSync(report, 'utf8'));
      } catch {
        // No report: vitest itself failed; the exit code says so.
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? 1, crashed, results });
    });
  });
}

/** Files whose tests did not all finish (a crashed worker leaves its file's tests pending). */
function unfinishedFiles(results) {
  return results.testResults
    .filter((file) => file.assertionResults.some((test) => test.status === 'pending') || file.assertionResults.length === 0)
    .map((file) => relative(process.cwd(), file.name));
}

const args = process.argv.slice(2);
const first = await runVitest(args);
if (first.code === 0) process.exit(0);
const failedTests = first.results ? first.results.numFailedTests + first.results.numFailedTestSuites : 1;
if (!first.crashed || failedTests > 0 || !first.results) process.exit(first.code);

const again = unfinishedFiles(first.results);
if (again.length === 0) process.exit(first.code);
console.error(`\n[vitest-run] A test worker crashed in native code (${CRASH}); no test failed.`);
console.error(`[vitest-run] Running the file(s) it left unfinished once more: ${again.join(', ')}\n`);
const second = await runVitest(again);
process.exit(second.code);
