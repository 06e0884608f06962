import { doctorHelp } from '@parley/server';
import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { runServerEntry } from './serverEntry.js';

const spec: CommandSpec = {
  name: 'doctor',
  summary: 'check STUN, TURN, the public URL and its certificate, and print the fix for each problem',
  arguments: '',
  positionals: { min: 0, max: 0 },
  options: {},
  passThrough: true,
  // The same text as `npm run doctor -- --help`.
  help: doctorHelp,
};

export const doctor: Command = {
  spec,
  async run(parsed) {
    await runServerEntry('doctor/main.js', parsed.positionals, spec.name);
    // The doctor's entry exits the process with its verdict.
    return new Promise<never>(() => undefined);
  },
};
