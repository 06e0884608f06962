import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { ParleyError, ROOM_ID_PATTERN } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refuse } from './route.js';

/**
 * Serves the built single-page app. `/r/<room>` answers with index.html (the app reads the
 * room from the path); an invalid room id gets the same page with status 404, where the
 * app explains the link is wrong. Any other unknown address is a 404 too: a page that says so
 * for a browser, the API's JSON error for a program.
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    app.log.warn({ webRoot }, 'web app not built; run `npm run build`');
    const notBuilt = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.code(503).type('text/plain').send('The Parley web app is not built. Run `npm run build`, then restart.');
    app.get('/', notBuilt);
    app.get('/r/:room', notBuilt);
    app.setNotFoundHandler(async (request, reply) => (wantsPage(request) ? notBuilt(request, reply) : nothingAt(request, reply)));
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    index: ['index.html'],
    wildcard: true,
    // The build writes a Brotli and a gzip copy beside each file (packages/web/build/precompress.ts):
    // the copy the browser accepts is sent, the file itself otherwise.
    preCompressed: true,
    // Caching is what setHeaders says, per file; the plugin would add its own max-age to every file.
    cacheControl: false,
    setHeaders(res, path) {
      // Hashed asset names never change content; the HTML must always be revalidated.
      res.setHeader('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      // The bytes depend on Accept-Encoding: a shared cache must not hand Brotli to a browser that
      // did not ask for it (RFC 9110 §12.5.5).
      res.setHeader('vary', 'accept-encoding');
    },
  });
  app.get<{ Params: { room: string } }>('/r/:room', async (request, reply) => {
    reply.header('cache-control', 'no-cache');
    if (!ROOM_ID_PATTERN.test(request.params.room)) reply.code(404);
    return reply.sendFile('index.html');
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (!wantsPage(request)) return nothingAt(request, reply);
    return reply.code(404).header('cache-control', 'no-cache').sendFile('index.html');
  });
}

/** A browser opening an address (HTML accepted; not the API or an asset the page loads). */
function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (/^\/(?:api|assets|socket\.io)(?:\/|$)/.test(request.url)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

function nothingAt(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return refuse(reply, 404, new ParleyError('invalid-message', `Nothing is at ${request.method} ${request.url.split('?')[0]}.`));
}
