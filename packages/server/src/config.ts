import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseIceUrl, splitList } from './turn/iceUrls.js';
import { SFU_SETTING_NAMES, readSfu, sfuConfigShape } from './sfu/config.js';
import { RECORDING_SETTING_NAMES, readRecording, recordingConfigShape } from './sfu/recording/config.js';
import { LIMIT_FLAGS, LIMIT_FLAGS_HELP, LIMIT_SETTING_NAMES, limitsConfigShape, readLimits } from './limits/config.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ConfigSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535),
    /** Bind address. `localhost` by default: Parley is reachable from this machine only until you choose otherwise. */
    host: z.string().min(1),
    maxParticipants: z.coerce.number().int().min(2).max(1000),
    /** Folder of the built web app. */
    webRoot: z.string().min(1),
    logLevel: z.enum(LOG_LEVELS),
    /** Extra origins allowed to open a signaling connection (the page's own origin always is). */
    allowedOrigins: z.array(z.url()),
    /** STUN servers handed to clients (`stun:`/`stuns:` URLs, RFC 7064). */
    stunUrls: z.array(z.string()).superRefine(iceUrlsOf(['stun', 'stuns'])),
    /** TURN servers handed to clients with per-participant credentials (`turn:`/`turns:`, RFC 7065). */
    turnUrls: z.array(z.string()).superRefine(iceUrlsOf(['turn', 'turns'])),
    /** coturn's `static-auth-secret` (`use-auth-secret`); never sent to a client. */
    turnSecret: z.string().min(16, 'must be at least 16 characters (use 32 random bytes: openssl rand -hex 32)').optional(),
    /** Lifetime of minted TURN credentials, in seconds; clients refresh them before they expire. */
    turnTtl: z.coerce.number().int().min(10).max(86_400),
    /** `relay`: every client sends media only through TURN and reveals no address of its own. */
    iceTransportPolicy: z.enum(['all', 'relay']),
    /** Serve over TLS (a given certificate, or a self-signed one kept in `dataDir`). */
    https: z.boolean(),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    /** Where Parley keeps state that must survive a restart (the generated certificate). */
    dataDir: z.string().min(1),
    /** The URL people open, when it differs from the bind address (reverse proxy, DNS name). */
    publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    // ---- access control (issue 6a) ----
    /** Signs resume tokens; random per process when unset (see auth/keys.ts for what a change does). */
    secret: secretSchema().optional(),
    /** Shared with the app that embeds Parley, which signs access tokens (HS256) with it; when set, joining needs one. */
    tokenSecret: secretSchema().optional(),
    // ---- several nodes (issue 7) ----
    /** Redis shared by several nodes (room store + message bus); unset, one node keeps rooms in memory. */
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    // Limits (message size, rate, connections per IP, rooms) and the shutdown bound: see limits/config.ts.
    ...limitsConfigShape,
    // ---- SFU (issue 8): Janus URLs, the SFU room cap and the mesh threshold; see sfu/config.ts ----
    ...sfuConfigShape,
    ...recordingConfigShape,
  })
  .superRefine((config, ctx) => {
    if (config.recordingsDir && config.janusUrls.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['recordingsDir'],
        message: 'needs SFU mode: recordings are made by Janus, so set PARLEY_JANUS_URLS too',
      });
    }
    if (config.janusUrls.length > 0 && config.meshMax >= config.sfuMaxParticipants) {
      ctx.addIssue({
        code: 'custom',
        path: ['meshMax'],
        message: `must be below PARLEY_SFU_MAX_PARTICIPANTS (${config.sfuMaxParticipants}), or no room ever moves to the SFU`,
      });
    }
    if (config.turnUrls.length > 0 && !config.turnSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['turnSecret'],
        message: "is required when TURN URLs are set (the same value as coturn's static-auth-secret)",
      });
    }
    if (config.iceTransportPolicy === 'relay' && config.turnUrls.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['iceTransportPolicy'],
        message: '"relay" needs a TURN server: set PARLEY_TURN_URLS and PARLEY_TURN_SECRET',
      });
    }
    if (config.redisUrl && !config.secret) {
      // Every node must verify the resume tokens the others issued, or a client moving to
      // another node rejoins as someone new. Not generated and shared through Redis: whoever can
      // read Redis could then forge tokens, and the secret would vanish with a Redis restart.
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'is required with PARLEY_REDIS_URL: give every node the same value (openssl rand -hex 32)',
      });
    }
    if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.tlsCert ? 'tlsKey' : 'tlsCert'],
        message: 'give both the certificate and its key, or neither (a self-signed one is generated)',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** HS256 keys shorter than the hash are refused (RFC 7518 §3.2): the server does not start. */
function secretSchema() {
  return z.string().refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'must be at least 32 bytes (use: openssl rand -hex 32)');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** How a person sets each option, for error messages that name what to change. */
const SETTING_NAMES: Partial<Record<keyof Config, string>> = {
  port: 'PORT, --port',
  host: 'HOST, --host',
  maxParticipants: 'PARLEY_MAX_PARTICIPANTS, --max-participants',
  webRoot: 'PARLEY_WEB_ROOT, --web-root',
  logLevel: 'PARLEY_LOG_LEVEL, --log-level',
  allowedOrigins: 'PARLEY_ALLOWED_ORIGINS',
  stunUrls: 'PARLEY_STUN_URLS, --stun-urls',
  turnUrls: 'PARLEY_TURN_URLS, --turn-urls',
  turnSecret: 'PARLEY_TURN_SECRET, --turn-secret',
  turnTtl: 'PARLEY_TURN_TTL, --turn-ttl',
  iceTransportPolicy: 'PARLEY_ICE_TRANSPORT_POLICY, --ice-transport-policy',
  https: 'PARLEY_HTTPS, --https',
  tlsCert: 'PARLEY_TLS_CERT, --tls-cert',
  tlsKey: 'PARLEY_TLS_KEY, --tls-key',
  dataDir: 'PARLEY_DATA_DIR, --data-dir',
  publicUrl: 'PARLEY_PUBLIC_URL, --public-url',
  secret: 'PARLEY_SECRET',
  tokenSecret: 'PARLEY_TOKEN_SECRET',
  redisUrl: 'PARLEY_REDIS_URL, --redis',
  ...LIMIT_SETTING_NAMES,
  ...SFU_SETTING_NAMES,
  ...RECORDING_SETTING_NAMES,
};

function iceUrlsOf(schemes: readonly string[]) {
  return (urls: string[], ctx: z.RefinementCtx): void => {
    for (const url of urls) {
      try {
        const parsed = parseIceUrl(url);
        if (!schemes.includes(parsed.scheme)) {
          ctx.addIssue({ code: 'custom', message: `"${url}" is a ${parsed.scheme}: URL; this list takes ${schemes.join(': or ')}: URLs` });
        }
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }
  };
}

/** `1/true/yes/on` or `0/false/no/off`; anything else is kept as is and refused by the schema. */
function parseBoolean(value: string | boolean | undefined): boolean | string | undefined {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(lower)) return false;
  return value;
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
  let flags: Record<string, string | string[] | boolean | undefined>;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'max-participants': { type: 'string' },
        'web-root': { type: 'string' },
        'log-level': { type: 'string' },
        'stun-urls': { type: 'string' },
        'turn-urls': { type: 'string' },
        'turn-secret': { type: 'string' },
        'turn-ttl': { type: 'string' },
        'ice-transport-policy': { type: 'string' },
        https: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'data-dir': { type: 'string' },
        'public-url': { type: 'string' },
        redis: { type: 'string' },
        janus: { type: 'string', multiple: true },
        ...LIMIT_FLAGS,
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ConfigError(
      `${(error as Error).message}. Flags: --port N --host ADDR --max-participants N --web-root DIR --log-level LEVEL ` +
        `--stun-urls URLS --turn-urls URLS --turn-secret SECRET --turn-ttl SECONDS --ice-transport-policy all|relay ` +
        `--https --tls-cert FILE --tls-key FILE --data-dir DIR --public-url URL --redis URL --janus URL ${LIMIT_FLAGS_HELP}`,
    );
  }
  const str = (name: string): string | undefined => {
    const value = flags[name];
    return typeof value === 'string' ? value : undefined;
  };
  const tlsCert = str('tls-cert') ?? (env.PARLEY_TLS_CERT || undefined);
  const tlsKey = str('tls-key') ?? (env.PARLEY_TLS_KEY || undefined);
  // A certificate given means HTTPS; so does --https or PARLEY_HTTPS=1.
  const https = flags.https === true ? true : (parseBoolean(env.PARLEY_HTTPS) ?? (tlsCert !== undefined && tlsKey !== undefined));
  const raw = {
    port: str('port') ?? env.PORT ?? 3000,
    // HTTPS is how other devices on the network get a camera, so it listens on the LAN by default.
    host: str('host') ?? env.HOST ?? (https === true ? '0.0.0.0' : 'localhost'),
    maxParticipants: str('max-participants') ?? env.PARLEY_MAX_PARTICIPANTS ?? 6,
    webRoot: str('web-root') ?? env.PARLEY_WEB_ROOT ?? defaultWebRoot(),
    logLevel: str('log-level') ?? env.PARLEY_LOG_LEVEL ?? 'info',
    allowedOrigins: (env.PARLEY_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    stunUrls: splitList(str('stun-urls') ?? env.PARLEY_STUN_URLS),
    turnUrls: splitList(str('turn-urls') ?? env.PARLEY_TURN_URLS),
    turnSecret: str('turn-secret') ?? (env.PARLEY_TURN_SECRET || undefined),
    turnTtl: str('turn-ttl') ?? env.PARLEY_TURN_TTL ?? 300,
    iceTransportPolicy: str('ice-transport-policy') ?? (env.PARLEY_ICE_TRANSPORT_POLICY || 'all'),
    https,
    tlsCert,
    tlsKey,
    dataDir: resolve(str('data-dir') ?? (env.PARLEY_DATA_DIR || '.parley')),
    publicUrl: str('public-url') ?? (env.PARLEY_PUBLIC_URL || undefined),
    // Secrets from the environment only: flags show up in `ps`.
    secret: env.PARLEY_SECRET || undefined,
    tokenSecret: env.PARLEY_TOKEN_SECRET || undefined,
    redisUrl: str('redis') ?? (env.PARLEY_REDIS_URL || undefined),
    ...readLimits(str, env),
    ...readSfu(env, Array.isArray(flags.janus) ? flags.janus : undefined),
    ...readRecording(env),
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof Config | undefined;
      const names = key ? SETTING_NAMES[key] : undefined;
      return `  ${key ?? '(config)'}${names ? ` (${names})` : ''}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** A config for tests and embedding: defaults plus overrides, no environment. */
export function makeConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, []), ...overrides };
}
