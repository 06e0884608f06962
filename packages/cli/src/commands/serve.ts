import { serveHelp } from '@parley/server';
import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { runServerEntry } from './serverEntry.js';

const spec: CommandSpec = {
  name: 'serve',
  summary: 'run the Parley server and web app (the same server as `npm start`)',
  arguments: '',
  positionals: { min: 0, max: 0 },
  options: {},
  passThrough: true,
  // The same text as `npm start -- --help`: both run this server with the same settings.
  help: serveHelp,
};

export const serve: Command = {
  spec,
  async run(parsed) {
    await runServerEntry('main.js', parsed.positionals, spec.name);
    // The server runs until SIGINT/SIGTERM; its entry exits the process then.
    return new Promise<never>(() => undefined);
  },
};
