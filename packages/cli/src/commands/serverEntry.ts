import { ConfigError, loadConfig } from '@parley/server';
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
