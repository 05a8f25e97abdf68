import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { renderPrometheus, type MetricFamily } from './prometheus-text.ts';

/**
 * `GET /metrics` in the Prometheus text format: inventory size, uploads by status, feed sync
 * state and job queues. Counts only — no names, so nothing under embargo can leak here.
 */
export function metricsRoutes(deps: { db: Db; queue: JobQueue }): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const [inventory] = await queryRows<{ products: number; components: number }>(
        deps.db,
        sql`select (select count(*)::int from products) as products, (select count(*)::int from components) as components`,
      );
      const versions = await queryRows<{ lifecycle: string; n: number }>(deps.db, sql`select lifecycle, count(*)::int as n from product_versions group by lifecycle`);
      const uploads = await queryRows<{ status: string; n: number }>(deps.db, sql`select status, count(*)::int as n from sbom_uploads group by status`);
      const feeds = await queryRows<{ source: string; records: number; quarantined: number; last_success: number | null }>(
        deps.db,
        sql`select source, records_ingested::float8 as records, quarantined::float8 as quarantined, extract(epoch from last_success_at)::float8 as last_success from feed_state`,
      );
      const queues = await deps.queue.counts();
      const families: MetricFamily[] = [
        { name: 'kanshi_products', help: 'Products in the inventory', type: 'gauge', samples: [{ value: inventory?.products ?? 0 }] },
        { name: 'kanshi_product_versions', help: 'Product versions by lifecycle', type: 'gauge', samples: versions.map((r) => ({ labels: { lifecycle: r.lifecycle }, value: r.n })) },
        { name: 'kanshi_components', help: 'Component rows across current SBOM parts', type: 'gauge', samples: [{ value: inventory?.components ?? 0 }] },
        { name: 'kanshi_sbom_uploads', help: 'SBOM uploads by status', type: 'gauge', samples: uploads.map((r) => ({ labels: { status: r.status }, value: r.n })) },
        { name: 'kanshi_feed_records_ingested', help: 'Records ingested per feed source', type: 'counter', samples: feeds.map((r) => ({ labels: { source: r.source }, value: Number(r.records) })) },
        { name: 'kanshi_feed_records_quarantined', help: 'Malformed records quarantined per feed source', type: 'counter', samples: feeds.map((r) => ({ labels: { source: r.source }, value: Number(r.quarantined) })) },
        {
          name: 'kanshi_feed_last_success_timestamp_seconds',
          help: 'Unix time of the last successful sync per feed source',
          type: 'gauge',
          samples: feeds.filter((r) => r.last_success !== null).map((r) => ({ labels: { source: r.source }, value: Number(r.last_success) })),
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
