import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long a node waits for Redis at start before refusing to start. */
const CONNECT_TIMEOUT_MS = 5_000;

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Connects to Redis, or throws an error that names PARLEY_REDIS_URL. Once running, a lost
 * connection is retried for ever (backoff up to 2 s); commands fail fast meanwhile
 * (`maxRetriesPerRequest: 1`) so a handler answers with an error instead of hanging, and
 * every error event is logged, never thrown (an unhandled 'error' would end the process).
 */
export async function connectRedis(url: string, log: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // One line per distinct failure, not one per retry.
    if (error.message === lastError) return;
    lastError = error.message;
    log.warn({ err: error.message }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (lastError) log.info('redis reachable again');
    lastError = '';
  });
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      CONNECT_TIMEOUT_MS,
    );
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(
      `Cannot reach Redis at PARLEY_REDIS_URL=${redactRedisUrl(url)} (${(error as Error).message}). ` +
        'Start Redis or fix PARLEY_REDIS_URL; unset it to run a single node without Redis.',
    );
  }
  return redis;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
