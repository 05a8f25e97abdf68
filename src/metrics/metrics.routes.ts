import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

/** `GET /metrics`: this process's registry in the Prometheus text format. */
export function metricsRoutes(registry: Registry): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    });
  };
}
