import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { ROOM_ID_PATTERN } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the built single-page app. `/r/<room>` answers with index.html (the app reads the
 * room from the path); an invalid room id gets the same page with status 404, where the
 * app explains the link is wrong.
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    app.log.warn({ webRoot }, 'web app not built; run `npm run build`');
    const notBuilt = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.code(503).type('text/plain').send('The Parley web app is not built. Run `npm run build`, then restart.');
    app.get('/', notBuilt);
    app.get('/r/:room', notBuilt);
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    index: ['index.html'],
    wildcard: true,
    setHeaders(res, path) {
      // Hashed asset names never change content; the HTML must always be revalidated.
      res.setHeader('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get<{ Params: { room: string } }>('/r/:room', async (request, reply) => {
    reply.header('cache-control', 'no-cache');
    if (!ROOM_ID_PATTERN.test(request.params.room)) reply.code(404);
    return reply.sendFile('index.html');
  });
}
