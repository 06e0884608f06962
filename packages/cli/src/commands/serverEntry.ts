import { ConfigError, defaultText, loadConfig, plainText, settingEntries, type Setting } from '@parley/server';
import type { OptionSpec } from '../args.js';
import { CliError, EXIT } from '../errors.js';

/**
 * Runs one of the server package's own entry points (`main.js` for `npm start`, `doctor/main.js`
 * for `npm run doctor`) in this process with the given flags, so `parley serve` and `parley doctor`
 * are the same programs with the same flags, environment variables and messages.
 */
export async function runServerEntry(entry: 'main.js' | 'doctor/main.js', flags: string[], command: string): Promise<void> {
  try {
    // Validated here first so that a mistake ends with the usage exit code and a pointer to help.
    loadConfig(process.env, flags);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(EXIT.usage, `${error.message}\nSee: parley ${command} --help`, { cause: error });
    throw error;
  }
  const url = new URL(entry, import.meta.resolve('@parley/server'));
  // The entry reads process.argv.slice(2), as it does when run as `node main.js --port 8080`.
  process.argv = [process.argv[0]!, url.pathname, ...flags];
  await import(url.href);
}

/** What a setting does, how else to set it and its default, in one line of help. */
function describe(entry: Setting, alsoAs?: string): string {
  const fallback = plainText(defaultText(entry));
  return `${plainText(entry.description)} (${alsoAs ? `${alsoAs}; ` : ''}default ${fallback})`;
}

/** The server's flags for `--help`, from the server's settings table. */
export function serverFlags(): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const [, entry] of settingEntries()) {
    const { flag } = entry;
    if (!flag) continue;
    options[flag.name] = {
      type: flag.value ? 'string' : 'boolean',
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.value ? { value: flag.value } : {}),
      ...(flag.multiple ? { multiple: true } : {}),
      description: describe(entry, entry.env),
    };
  }
  return options;
}

/** The server's settings that are environment variables only (secrets among them), for `--help`. */
export function serverEnvironment(): Record<string, string> {
  return Object.fromEntries(settingEntries().flatMap(([, entry]) => (entry.flag ? [] : [[entry.env, describe(entry)] as const])));
}
