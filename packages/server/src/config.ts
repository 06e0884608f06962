import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  /** Bind address. `localhost` by default: Parley is reachable from this machine only until you choose otherwise. */
  host: z.string().min(1),
  maxParticipants: z.coerce.number().int().min(2).max(1000),
  /** Folder of the built web app. */
  webRoot: z.string().min(1),
  logLevel: z.enum(LOG_LEVELS),
  /** Extra origins allowed to open a signaling connection (the page's own origin always is). */
  allowedOrigins: z.array(z.url()),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Where the web package puts its build, found through the workspace dependency. */
export function defaultWebRoot(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@parley/web/package.json')), 'dist');
  } catch {
    return join(process.cwd(), 'packages', 'web', 'dist');
  }
}

/**
 * Reads configuration from flags (first) and environment variables, validated as a whole
 * so a typo is reported with every other mistake at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'max-participants': { type: 'string' },
        'web-root': { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Flags: --port N --host ADDR --max-participants N --web-root DIR --log-level LEVEL`);
  }
  const raw = {
    port: flags.port ?? env.PORT ?? 3000,
    host: flags.host ?? env.HOST ?? 'localhost',
    maxParticipants: flags['max-participants'] ?? env.PARLEY_MAX_PARTICIPANTS ?? 6,
    webRoot: flags['web-root'] ?? env.PARLEY_WEB_ROOT ?? defaultWebRoot(),
    logLevel: flags['log-level'] ?? env.PARLEY_LOG_LEVEL ?? 'info',
    allowedOrigins: (env.PARLEY_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** A config for tests and embedding: defaults plus overrides, no environment. */
export function makeConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, []), ...overrides };
}
