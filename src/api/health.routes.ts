import type { FastifyPluginAsync } from 'fastify';

/**
 * Liveness: the process answers. Readiness: the database and the job queue answer too, and no
 * startup work (the demo's data being imported and matched) is still under way; while it is,
 * `startup` says what.
 */
export function healthRoutes(checks: { database(): Promise<void>; queue(): Promise<void>; startupWork?(): string | null }): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const results = await Promise.allSettled([checks.database(), checks.queue()]);
      const [db, queue] = results.map((r) => (r.status === 'fulfilled' ? 'ok' : `error: ${(r.reason as Error).message}`));
      const startup = checks.startupWork?.() ?? null;
      const ready = results.every((r) => r.status === 'fulfilled') && startup === null;
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database: db, queue, ...(startup ? { startup } : {}) });
    });
  };
}
