import {
  ParleyError,
  httpRoutes,
  httpSchemas,
  type HttpParams,
  type HttpQuery,
  type HttpResponse,
  type HttpRouteName,
  type HttpRoutes,
} from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** What a route's handler gets: its parameters and query, parsed by the contract's schemas. */
export interface RouteRequest<R extends HttpRouteName> {
  params: HttpParams<R>;
  query: HttpQuery<R>;
  raw: FastifyRequest;
}

/** A JSON route answers its contract's response; a file or text route answers through `reply` itself. */
type RouteAnswer<R extends HttpRouteName> = HttpRoutes[R]['response'] extends z.ZodType ? HttpResponse<R> | FastifyReply : FastifyReply;

/**
 * Registers one endpoint of the HTTP table (protocol/contract/http.ts) with its method and path
 * from the table; parameters and query that do not match the table's schemas are refused
 * (404 for a path that names nothing valid, 400 for a bad query) before the handler runs.
 */
export function route<R extends HttpRouteName>(
  app: FastifyInstance,
  name: R,
  handler: (request: RouteRequest<R>, reply: FastifyReply) => Promise<RouteAnswer<R>>,
): void {
  const { method, path } = httpRoutes[name];
  const schemas = httpSchemas[name];
  app.route({
    method,
    url: path,
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const params = parse(schemas.params, request.params);
      if (!params.ok) return refuse(reply, 404, new ParleyError('invalid-message', `Nothing is at ${request.url.split('?')[0]}.`));
      const query = parse(schemas.query, request.query);
      if (!query.ok) return refuse(reply, 400, new ParleyError('invalid-message', `Invalid query: ${query.detail}`));
      return handler({ params: params.value, query: query.value, raw: request }, reply);
    },
  });
}

/** The JSON body of a refused request (HttpErrorSchema). */
export function refuse(reply: FastifyReply, status: number, error: ParleyError): FastifyReply {
  return reply.code(status).send({ error: error.toPayload() });
}

function parse<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; detail: string } {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, detail: parsed.error.issues[0]?.message ?? 'invalid' };
  return { ok: true, value: parsed.data };
}
