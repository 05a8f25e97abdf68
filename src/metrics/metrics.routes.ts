import type { FastifyPluginAsync } from 'fastify';
import { allFeedStates } from '../../feeds/index.ts';
import type { Db } from '../db/index.ts';
import { inventoryStats } from '../inventory/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { renderPrometheus, type MetricFamily } from './prometheus-text.ts';

/**
 * `GET /metrics` in the Prometheus text format: inventory size, uploads by status, feed sync
 * state and job queues. Counts only — no names, so nothing under embargo can leak here.
 */
export function metricsRoutes(deps: { db: Db; queue: JobQueue }): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const inventory = await inventoryStats(deps.db);
      const feeds = await allFeedStates(deps.db);
      const queues = await deps.queue.counts();
      const families: MetricFamily[] = [
        { name: 'kanshi_products', help: 'Products in the inventory', type: 'gauge', samples: [{ value: inventory.products }] },
        {
          name: 'kanshi_product_versions',
          help: 'Product versions by lifecycle',
          type: 'gauge',
          samples: inventory.versionsByLifecycle.map((r) => ({ labels: { lifecycle: r.lifecycle }, value: r.n })),
        },
        { name: 'kanshi_components', help: 'Component rows across current SBOM parts', type: 'gauge', samples: [{ value: inventory.components }] },
        {
          name: 'kanshi_sbom_uploads',
          help: 'SBOM uploads by status',
          type: 'gauge',
          samples: inventory.uploadsByStatus.map((r) => ({ labels: { status: r.status }, value: r.n })),
        },
        {
          name: 'kanshi_feed_records_ingested',
          help: 'Records ingested per feed source',
          type: 'counter',
          samples: feeds.map((r) => ({ labels: { source: r.source }, value: r.recordsIngested })),
        },
        {
          name: 'kanshi_feed_records_quarantined',
          help: 'Malformed records quarantined per feed source',
          type: 'counter',
          samples: feeds.map((r) => ({ labels: { source: r.source }, value: r.quarantined })),
        },
        {
          name: 'kanshi_feed_last_success_timestamp_seconds',
          help: 'Unix time of the last successful sync per feed source',
          type: 'gauge',
          samples: feeds.flatMap((r) => (r.lastSuccessAt ? [{ labels: { source: r.source }, value: r.lastSuccessAt.getTime() / 1000 }] : [])),
        },
        {
          name: 'kanshi_jobs',
          help: 'Jobs per queue and state',
          type: 'gauge',
          samples: Object.entries(queues).flatMap(([queue, c]) => Object.entries(c).map(([state, value]) => ({ labels: { queue, state }, value }))),
        },
      ];
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(renderPrometheus(families));
    });
  };
}
