import type { FastifyInstance } from 'fastify';
import type { ParleyMetrics } from '../ops/metrics.js';

/** `GET /metrics` in Prometheus text format, for a scraper. Counts only: no ids, names or addresses. */
export function registerMetrics(app: FastifyInstance, metrics: ParleyMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.contentType).header('cache-control', 'no-store');
    return metrics.text();
  });
}
