import type { CommandSpec, ParsedCommand } from './args.js';
import type { ExitCode } from './errors.js';
import type { Screen } from './progress.js';

/** What a command may use: its screens, standard input, and a signal that fires on Ctrl-C. */
export interface Context {
  out: Screen;
  err: Screen;
  stdin: NodeJS.ReadStream;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: leave the room cleanly and return. */
  stop: AbortSignal;
}

export interface Command {
  spec: CommandSpec;
  run(parsed: ParsedCommand, context: Context): Promise<ExitCode>;
}

/** Flags every command that joins a room has. */
export const ROOM_OPTIONS = {
  name: { type: 'string', value: 'NAME', description: 'Display name in the room' },
  insecure: {
    type: 'boolean',
    description: 'Accept a self-signed certificate (your own Parley started with --https on your network)',
  },
} as const;

/** Resolves when the signal fires. */
export function stopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
