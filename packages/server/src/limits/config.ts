import { z } from 'zod';

/**
 * The server's protective limits and its shutdown bound: one block of configuration,
 * read from flags or environment by config.ts like every other setting.
 */
export const limitsConfigShape = {
  /** Largest signaling message accepted, in bytes of its JSON encoding. */
  maxMessageBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024),
  /** Messages a connection may send per second, sustained (token bucket refill rate). */
  rateLimitPerSecond: z.coerce.number().min(1).max(100_000),
  /** Messages a connection may send at once above the sustained rate (token bucket size). */
  rateLimitBurst: z.coerce.number().int().min(1).max(1_000_000),
  /** Signaling connections from one IP address; 0 turns the limit off. */
  maxConnectionsPerIp: z.coerce.number().int().min(0).max(1_000_000),
  /** Rooms at the same time; joining a new room beyond it is refused. 0 turns the limit off. */
  maxRooms: z.coerce.number().int().min(0).max(10_000_000),
  /** After SIGTERM/SIGINT the process exits within this many seconds, drained or not. */
  shutdownTimeout: z.coerce.number().min(1).max(600),
};

export type LimitsConfig = { [K in keyof typeof limitsConfigShape]: z.infer<(typeof limitsConfigShape)[K]> };

export const LIMIT_SETTING_NAMES: Record<keyof LimitsConfig, string> = {
  maxMessageBytes: 'PARLEY_MAX_MESSAGE_BYTES, --max-message-bytes',
  rateLimitPerSecond: 'PARLEY_RATE_LIMIT, --rate-limit',
  rateLimitBurst: 'PARLEY_RATE_BURST, --rate-burst',
  maxConnectionsPerIp: 'PARLEY_MAX_CONNECTIONS_PER_IP, --max-connections-per-ip',
  maxRooms: 'PARLEY_MAX_ROOMS, --max-rooms',
  shutdownTimeout: 'PARLEY_SHUTDOWN_TIMEOUT, --shutdown-timeout',
};

/** parseArgs options of the limit flags (all take a number). */
export const LIMIT_FLAGS = {
  'max-message-bytes': { type: 'string' },
  'rate-limit': { type: 'string' },
  'rate-burst': { type: 'string' },
  'max-connections-per-ip': { type: 'string' },
  'max-rooms': { type: 'string' },
  'shutdown-timeout': { type: 'string' },
} as const;

export const LIMIT_FLAGS_HELP =
  '--max-message-bytes N --rate-limit N --rate-burst N --max-connections-per-ip N --max-rooms N --shutdown-timeout SECONDS';

/** The raw (unvalidated) limit settings: flag, else environment variable, else default. */
export function readLimits(
  flag: (name: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): Record<keyof LimitsConfig, string | number> {
  const pick = (name: string, variable: string, fallback: number): string | number => flag(name) ?? (env[variable] || fallback);
  return {
    maxMessageBytes: pick('max-message-bytes', 'PARLEY_MAX_MESSAGE_BYTES', 64 * 1024),
    rateLimitPerSecond: pick('rate-limit', 'PARLEY_RATE_LIMIT', 50),
    rateLimitBurst: pick('rate-burst', 'PARLEY_RATE_BURST', 200),
    maxConnectionsPerIp: pick('max-connections-per-ip', 'PARLEY_MAX_CONNECTIONS_PER_IP', 200),
    maxRooms: pick('max-rooms', 'PARLEY_MAX_ROOMS', 10_000),
    shutdownTimeout: pick('shutdown-timeout', 'PARLEY_SHUTDOWN_TIMEOUT', 10),
  };
}
