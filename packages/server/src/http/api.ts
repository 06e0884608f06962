import type { FastifyInstance } from 'fastify';
import { newRoomId } from '../rooms/ids.js';
import type { RoomStore } from '../rooms/RoomStore.js';

/** `redisReachable` is null for a single node (no Redis). */
export function registerApi(app: FastifyInstance, store: RoomStore, redisReachable: (() => boolean) | null = null): void {
  /**
   * Liveness and a glance at load, for probes and people. With Redis away the node still
   * answers (it keeps serving what it can): `redis: "unreachable"` says what is wrong.
   */
  app.get('/healthz', async () => {
    const redis = redisReachable ? { redis: redisReachable() ? 'reachable' : 'unreachable' } : {};
    const load = await store.stats().catch(() => ({ rooms: null, participants: null }));
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), ...load, ...redis };
  });

  /** A new room id. Rooms exist as soon as someone joins, so this only mints the id. */
  app.post('/api/rooms', async (_request, reply) => {
    reply.code(201).header('cache-control', 'no-store');
    return { roomId: newRoomId() };
  });
}
