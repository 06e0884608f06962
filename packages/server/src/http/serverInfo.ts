import type { FastifyInstance } from 'fastify';

/**
 * What the web app may know about how it is served: the secure address to send people to when
 * a page was opened over plain http:// on a network address (no camera there).
 */
export function registerServerInfo(app: FastifyInstance, info: { httpsUrl: string | null }): void {
  app.get('/api/server-info', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { httpsUrl: info.httpsUrl };
  });
}
