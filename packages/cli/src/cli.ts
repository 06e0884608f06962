import { isParleyError } from '@parley/protocol';
import { formatHelp, parseCommand } from './args.js';
import type { Command, Context } from './command.js';
import { bot } from './commands/bot.js';
import { doctor } from './commands/doctor.js';
import { load } from './commands/load.js';
import { receive } from './commands/receive.js';
import { send } from './commands/send.js';
import { serve } from './commands/serve.js';
import { CliError, EXIT, usageError, type ExitCode } from './errors.js';

export const COMMANDS: readonly Command[] = [serve, doctor, send, receive, bot, load];

export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    'parley: self-hosted video meetings, from a terminal',
    '',
    'Usage: parley <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
    'Run `parley <command> --help` for its arguments and options.',
    'Room links are what the web app shares: https://host[:port]/r/<room>.',
    '',
    'Exit codes: 0 done, 1 failed (a transfer failed or was declined, doctor found a problem),',
    '2 wrong command line or room link, 3 room not joined (server unreachable, room full or locked),',
    '4 a file could not be read or written, 130 stopped with Ctrl-C.',
  ].join('\n');
}

/** Runs one command line; never throws: every failure is a message on stderr and an exit code. */
export async function runCli(argv: string[], context: Context): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      context.out.write(`${topLevelHelp()}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.spec.name === name);
    if (!command) throw usageError(`Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.spec.name).join(', ')}.`);
    const parsed = parseCommand(command.spec, rest);
    if (parsed.help) {
      context.out.write(`${formatHelp(command.spec)}\n`);
      return EXIT.ok;
    }
    return await command.run(parsed, context);
  } catch (error) {
    if (error instanceof CliError) {
      context.err.write(`parley: ${error.message}\n`);
      return error.exitCode;
    }
    if (isParleyError(error)) {
      context.err.write(`parley: ${error.message}\n`);
      return EXIT.failed;
    }
    context.err.write(`parley: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}
