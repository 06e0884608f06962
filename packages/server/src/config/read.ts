import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Setting, SettingFlag } from './setting.js';
import { SETTINGS, type SettingKey } from './settings.js';

type FlagValue = string | boolean | (string | boolean)[] | undefined;
type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

export function isSettingKey(key: PropertyKey): key is SettingKey {
  return typeof key === 'string' && Object.hasOwn(SETTINGS, key);
}

const ENTRIES: readonly (readonly [SettingKey, Setting])[] = Object.keys(SETTINGS)
  .filter(isSettingKey)
  .map((key) => [key, SETTINGS[key]] as const);

/** The settings in table order, each with its key. */
export function settingEntries(): readonly (readonly [SettingKey, Setting])[] {
  return ENTRIES;
}

/** `--port N`, `--https`: how a flag is written in help and error messages. */
export function flagUsage(flag: SettingFlag): string {
  return `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`;
}

/** How a person sets a setting, for messages that name what to change: `PORT, --port`. */
export function settingNames(key: SettingKey): string {
  const { env, flag }: Setting = SETTINGS[key];
  return flag ? `${env}, --${flag.name}` : env;
}

/** node:util parseArgs options of every setting that has a flag. */
export function parseArgsOptions(): ParseArgsOptions {
  const options: ParseArgsOptions = {};
  for (const [, { flag }] of ENTRIES) {
    if (!flag) continue;
    options[flag.name] = {
      type: flag.value ? 'string' : 'boolean',
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.multiple ? { multiple: true } : {}),
    };
  }
  return options;
}

/** Parses the command line strictly; throws parseArgs' error (it names the flag) for anything unknown. */
export function parseFlags(argv: string[]): Record<string, FlagValue> {
  return parseArgs({ args: argv, options: parseArgsOptions(), strict: true, allowPositionals: false }).values;
}

/** A variable set to nothing (`PARLEY_TLS_CERT=`) counts as not set. */
function fromEnvironment(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The raw (unvalidated) value of every setting: its flag, else its environment variable, else
 * its default. Validation happens afterwards on the whole, so every mistake is reported at once.
 */
export function readRawSettings(flags: Record<string, FlagValue>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const resolved = new Map<SettingKey, unknown>();
  const raw = (key: string): unknown => {
    if (!isSettingKey(key)) throw new Error(`No setting "${key}" (see config/settings.ts)`);
    if (!resolved.has(key)) {
      const entry: Setting = SETTINGS[key];
      const given = (entry.flag ? flags[entry.flag.name] : undefined) ?? fromEnvironment(env, entry.env);
      resolved.set(key, given ?? (entry.defaultFrom ? entry.defaultFrom(raw) : entry.default));
    }
    return resolved.get(key);
  };
  return Object.fromEntries(ENTRIES.map(([key]) => [key, raw(key)]));
}
