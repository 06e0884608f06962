import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisRoomStore } from './RedisRoomStore.js';
import { ClusterKeys } from './keys.js';
import { connectRedis } from './redisConnection.js';

/** What a node needs to run as one of several sharing Redis (PARLEY_REDIS_URL). */
export interface Cluster {
  redis: Redis;
  nodeId: string;
  keys: ClusterKeys;
  store: RedisRoomStore;
  /** socket.io adapter: relays `io.to(...)` between nodes through a Redis stream. */
  adapter: ReturnType<typeof createAdapter>;
}

/**
 * Connects to Redis (or throws, naming PARLEY_REDIS_URL) and builds the shared room store and
 * the socket.io adapter. The Redis Streams adapter (not the pub/sub one) keeps connection
 * state recovery working across nodes: a socket's missed events and session are in Redis, so
 * a client that reconnects to another node within the grace period recovers the same socket.
 */
export async function joinCluster(redisUrl: string, log: Logger, keys = new ClusterKeys()): Promise<Cluster> {
  const redis = await connectRedis(redisUrl, log);
  // Unique per process, readable in logs: which machine, which process.
  const nodeId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const adapter = createAdapter(redis, {
    streamName: `${keys.prefix}stream`,
    sessionKeyPrefix: `${keys.prefix}session:`,
  });
  return { redis, nodeId, keys, store: new RedisRoomStore(redis, nodeId, keys), adapter };
}
