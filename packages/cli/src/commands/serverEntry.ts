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

/** The server's flags, for `--help` (the README's configuration table has the details). */
export const SERVER_FLAGS = {
  port: { type: 'string', short: 'p', value: 'N', description: 'HTTP port (PORT; default 3000, 0 picks a free one)' },
  host: { type: 'string', value: 'ADDR', description: 'Bind address (HOST; default localhost, 0.0.0.0 for your network)' },
  https: { type: 'boolean', description: 'Serve over TLS with a generated certificate kept in --data-dir (PARLEY_HTTPS)' },
  'max-participants': { type: 'string', value: 'N', description: 'People per room (PARLEY_MAX_PARTICIPANTS; default 6)' },
  'web-root': { type: 'string', value: 'DIR', description: 'Folder of the built web app (PARLEY_WEB_ROOT)' },
  'log-level': { type: 'string', value: 'LEVEL', description: 'fatal … trace, or silent (PARLEY_LOG_LEVEL; default info)' },
  'stun-urls': { type: 'string', value: 'URLS', description: 'STUN servers, comma-separated (PARLEY_STUN_URLS)' },
  'turn-urls': { type: 'string', value: 'URLS', description: 'TURN servers, comma-separated (PARLEY_TURN_URLS)' },
  'turn-secret': { type: 'string', value: 'SECRET', description: "coturn's static-auth-secret (PARLEY_TURN_SECRET)" },
  'turn-ttl': { type: 'string', value: 'SECONDS', description: 'Lifetime of TURN credentials (PARLEY_TURN_TTL; default 300)' },
  'ice-transport-policy': {
    type: 'string',
    value: 'all|relay',
    description: 'relay: media only through TURN (PARLEY_ICE_TRANSPORT_POLICY)',
  },
  'tls-cert': { type: 'string', value: 'FILE', description: 'PEM certificate (PARLEY_TLS_CERT)' },
  'tls-key': { type: 'string', value: 'FILE', description: 'PEM key (PARLEY_TLS_KEY)' },
  'data-dir': { type: 'string', value: 'DIR', description: 'Where the generated certificate is kept (PARLEY_DATA_DIR; default .parley)' },
  'public-url': { type: 'string', value: 'URL', description: 'The address people open, behind a proxy (PARLEY_PUBLIC_URL)' },
} as const;
