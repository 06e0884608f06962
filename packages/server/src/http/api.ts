import type { FastifyInstance } from 'fastify';
import { newRoomId } from '../rooms/ids.js';
import type { RoomStore } from '../rooms/RoomStore.js';

export function registerApi(app: FastifyInstance, store: RoomStore): void {
  /** Liveness and a glance at load, for probes and people. */
  app.get('/healthz', async () => {
    const { rooms, participants } = await store.stats();
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), rooms, participants };
  });

  /** A new room id. Rooms exist as soon as someone joins, so this only mints the id. */
  app.post('/api/rooms', async (_request, reply) => {
    reply.code(201).header('cache-control', 'no-store');
    return { roomId: newRoomId() };
  });
}
