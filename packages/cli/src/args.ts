import { parseArgs } from 'node:util';
import { usageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  /** Placeholder shown in help: `--out DIR`. */
  value?: string;
  description: string;
}

/** One `parley` command: its help text and flags, from which both parsing and `--help` are made. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Positional arguments as shown in help: `<room-url> <file…>`. */
  arguments: string;
  /** How many positionals, at least and at most. */
  positionals: { min: number; max: number };
  options: Record<string, OptionSpec>;
  /** Environment variables the command reads that have no flag, listed after the flags. */
  environment?: Record<string, string>;
  /** Paragraphs after the flags. */
  notes?: string[];
  examples?: string[];
  /**
   * The arguments go as they are to another parser (the server's, for serve and doctor), which
   * knows flags this list may not; that program's own help (`help`) is then the command's.
   */
  passThrough?: boolean;
  /** The whole `--help` text, when another program owns the flags (see passThrough). */
  help?: () => string;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help' };

/** Parses a command's arguments (node:util parseArgs, strict): unknown flags and missing values are usage errors. */
export function parseCommand(spec: CommandSpec, argv: string[]): ParsedCommand {
  if (spec.passThrough) return { values: {}, positionals: argv, help: argv.includes('--help') || argv.includes('-h') };
  const options = { ...spec.options, help: HELP_OPTION };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    // parseArgs' messages name the flag ("Unknown option '--frobnicate'"); keep them, point to help.
    throw usageError((error as Error).message.replace(/\. To specify a positional.*$/s, '.'), spec.name);
  }
  const values = parsed.values as ParsedCommand['values'];
  if (values.help === true) return { values, positionals: parsed.positionals, help: true };
  const count = parsed.positionals.length;
  if (count < spec.positionals.min) {
    throw usageError(`Missing argument: parley ${spec.name} ${spec.arguments}`, spec.name);
  }
  if (count > spec.positionals.max) {
    throw usageError(`Unexpected argument "${parsed.positionals[spec.positionals.max]}": parley ${spec.name} ${spec.arguments}`, spec.name);
  }
  return { values, positionals: parsed.positionals, help: false };
}

export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole number in a range, for `--rooms 10`; a usage error naming the flag otherwise. */
export function integerOption(
  parsed: ParsedCommand,
  spec: CommandSpec,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return range.fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw usageError(`--${name} must be a whole number from ${range.min} to ${range.max}, not "${raw}".`, spec.name);
  }
  return value;
}

/** Help lines wider than this wrap, their continuation under the description column. */
const HELP_WIDTH = 100;

/** Two columns: each name, then its description wrapped to HELP_WIDTH under the second column. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([name]) => name.length));
  const room = Math.max(30, HELP_WIDTH - width - 4);
  return rows.flatMap(([name, description]) => {
    const lines: string[] = [];
    for (const word of description.split(/\s+/).filter(Boolean)) {
      const last = lines.length - 1;
      if (last >= 0 && lines[last]!.length + 1 + word.length <= room) lines[last] += ` ${word}`;
      else lines.push(word);
    }
    return lines.map((line, index) => `  ${(index === 0 ? name : '').padEnd(width)}  ${line}`);
  });
}

/** `parley <name> --help`. */
export function formatHelp(spec: CommandSpec): string {
  if (spec.help) return spec.help();
  const lines = [
    `parley ${spec.name}: ${spec.summary}`,
    '',
    `Usage: parley ${spec.name} ${spec.arguments}${spec.arguments ? ' ' : ''}[options]`,
    '',
    'Options:',
  ];
  const options = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`;
    return [flag, option.description + (option.multiple ? ' (repeatable)' : '')] as const;
  });
  lines.push(...columns(options));
  if (spec.environment) lines.push('', 'Environment variables without a flag:', ...columns(Object.entries(spec.environment)));
  for (const note of spec.notes ?? []) lines.push('', note);
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}
