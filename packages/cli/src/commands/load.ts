import type { CommandSpec } from '../args.js';
import type { Command } from '../command.js';
import { CliError, EXIT } from '../errors.js';

const spec: CommandSpec = {
  name: 'load',
  summary: 'load generator: many rooms of signaling clients or media bots; join latency percentiles and errors',
  arguments: '<server-url>',
  positionals: { min: 1, max: 1 },
  options: {},
};

export const load: Command = {
  spec,
  async run() {
    throw new CliError(EXIT.failed, 'parley load is being wired to the load engine.');
  },
};
