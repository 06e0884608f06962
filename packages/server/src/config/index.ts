import { flagUsage, parseFlags, readRawSettings, settingEntries } from './read.js';
import { ConfigError, validateSettings, type Config } from './validate.js';

export { ConfigError, type Config, type ConfigOf, type LimitsConfig } from './validate.js';
export { SETTINGS, type SettingKey } from './settings.js';
export { SETTING_GROUPS, type Setting, type SettingFlag, type SettingGroup } from './setting.js';
export { settingEntries, settingNames, flagUsage } from './read.js';
export { defaultText, doctorHelp, plainText, serveHelp, wantsHelp } from './help.js';
export { configTable, withConfigTable, CONFIG_TABLE_START, CONFIG_TABLE_END } from './readme.js';

/**
 * Reads the configuration from flags (first) and environment variables, with the defaults of
 * config/settings.ts, validated as a whole.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  let flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    const usage = settingEntries().flatMap(([, { flag }]) => (flag ? [flagUsage(flag)] : []));
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)}. Flags: ${usage.join(' ')}`, { cause: error });
  }
  return validateSettings(readRawSettings(flags, env));
}

/** A config for tests and embedding: defaults plus overrides, no environment. */
export function makeConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, []), ...overrides };
}
