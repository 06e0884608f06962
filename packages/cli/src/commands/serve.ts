import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { runServerEntry, serverEnvironment, serverFlags } from './serverEntry.js';

const spec: CommandSpec = {
  name: 'serve',
  summary: 'run the Parley server and web app (the same server as `npm start`)',
  arguments: '',
  positionals: { min: 0, max: 0 },
  options: serverFlags(),
  environment: serverEnvironment(),
  notes: [
    'The same flags and environment variables as `npm start` (also listed with `npm start -- --help` and in the README); ' +
      'flags win over environment variables. Stop with Ctrl-C.',
  ],
  passThrough: true,
  examples: [
    'parley serve',
    'parley serve --https',
    'PARLEY_SECRET=$(openssl rand -hex 32) parley serve --redis redis://127.0.0.1:6379',
    'parley serve --janus ws://127.0.0.1:8188',
    'PARLEY_TURN_URLS=turn:turn.example.org:3478 PARLEY_TURN_SECRET=… parley serve --port 8080',
  ],
};

export const serve: Command = {
  spec,
  async run(parsed) {
    await runServerEntry('main.js', parsed.positionals, spec.name);
    // The server runs until SIGINT/SIGTERM; its entry exits the process then.
    return new Promise<never>(() => undefined);
  },
};
