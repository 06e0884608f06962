import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { runServerEntry, serverEnvironment, serverFlags } from './serverEntry.js';

const spec: CommandSpec = {
  name: 'doctor',
  summary: 'check STUN, TURN, the public URL and its certificate, and print the fix for each problem',
  arguments: '',
  positionals: { min: 0, max: 0 },
  options: serverFlags(),
  environment: serverEnvironment(),
  passThrough: true,
  notes: ['Checks the configuration `parley serve` would run with (same flags and environment). Exits 1 when something is broken.'],
  examples: ['PARLEY_TURN_URLS=turn:turn.example.org:3478?transport=udp PARLEY_TURN_SECRET=… parley doctor'],
};

export const doctor: Command = {
  spec,
  async run(parsed) {
    await runServerEntry('doctor/main.js', parsed.positionals, spec.name);
    // The doctor's entry exits the process with its verdict.
    return new Promise<never>(() => undefined);
  },
};
