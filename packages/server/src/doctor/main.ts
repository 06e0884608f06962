#!/usr/bin/env node
import { ConfigError, doctorHelp, loadConfig, wantsHelp } from '../config.js';
import { formatReport, hasFailures, runDoctor } from './runDoctor.js';

/**
 * `npm run doctor` (flags as for `npm start`): checks the configuration Parley runs with and
 * prints, for each problem, what to change. Exits 1 when something is broken.
 */
if (wantsHelp(process.argv.slice(2))) {
  console.log(doctorHelp());
  process.exit(0);
}

const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
console.log('Parley doctor: checking the configuration Parley runs with (environment and flags)\n');
try {
  const config = loadConfig();
  const results = await runDoctor(config);
  console.log(formatReport(results, { color }));
  process.exit(hasFailures(results) ? 1 : 0);
} catch (error) {
  if (error instanceof ConfigError) {
    console.log(
      `✗ Configuration\n    ${error.message.replace(/\n/g, '\n    ')}\n    Fix: correct the settings named above; Parley refuses to start with them too.`,
    );
    process.exit(1);
  }
  throw error;
}
