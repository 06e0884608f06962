#!/usr/bin/env node
import { runCli } from './cli.js';
import { screenOf } from './progress.js';

const stop = new AbortController();
let signals = 0;
const onSignal = (): void => {
  // First Ctrl-C: leave the room cleanly. Second: now.
  if (++signals > 1) process.exit(130);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), {
  out: screenOf(process.stdout),
  err: screenOf(process.stderr),
  stdin: process.stdin,
  stop: stop.signal,
});
// Exit explicitly: libwebrtc's threads would keep the process alive (and @roamhq/wrtc can crash
// while tearing down at a natural exit). Flush what was written first.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
