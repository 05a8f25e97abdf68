import { Gauge, type Registry } from 'prom-client';
import type { FeedStatus } from '../../feeds/index.ts';
import type { InventoryStats } from '../inventory/index.ts';
import type { QueueCounts, QueueGroup } from '../jobs/index.ts';
import type { CaseCounts } from '../kpis/index.ts';

/** Where the state gauges read from at scrape time: the database and the queue, shared by every process. */
export interface StateSources {
  inventory(): Promise<InventoryStats>;
  feeds(): Promise<FeedStatus[]>;
  queues(): Promise<Record<QueueGroup, QueueCounts>>;
  cases(): Promise<CaseCounts>;
  deliveries(): Promise<{ channel: string; sent: number; failed: number; dead: number; pending: number }[]>;
}

/** Reads at most once per scrape, however many gauges ask: the gauges of one source share a query. */
function oncePerScrape<T>(read: () => Promise<T>, ms = 1000): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > ms) {
      const value = read();
      last = { at: now, value };
      value.catch(() => (last = undefined));
    }
    return last.value;
  };
}

type Sample = { labels?: Record<string, string>; value: number };

function stateGauge(registry: Registry, name: string, help: string, labelNames: string[], read: () => Promise<Sample[]>): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      const samples = await read();
      this.reset();
      for (const s of samples) {
        if (s.labels) this.set(s.labels, s.value);
        else this.set(s.value);
      }
    },
  });
}

/**
 * Gauges of the stored state, read when Prometheus scrapes: the API process registers them (a
 * worker would report the same figures twice). Counts only, labelled by status, priority, queue
 * or feed source — no product, team or vulnerability names.
 */
export function registerStateGauges(registry: Registry, sources: StateSources): void {
  const inventory = oncePerScrape(sources.inventory);
  const feeds = oncePerScrape(sources.feeds);
  const queues = oncePerScrape(sources.queues);
  const cases = oncePerScrape(sources.cases);
  const deliveries = oncePerScrape(sources.deliveries);

  stateGauge(registry, 'kanshi_products', 'Products in the inventory', [], async () => [{ value: (await inventory()).products }]);
  stateGauge(registry, 'kanshi_product_versions', 'Product versions by lifecycle', ['lifecycle'], async () =>
    (await inventory()).versionsByLifecycle.map((r) => ({ labels: { lifecycle: r.lifecycle }, value: r.n })),
  );
  stateGauge(registry, 'kanshi_components', 'Component rows across current SBOM parts', [], async () => [{ value: (await inventory()).components }]);
  stateGauge(registry, 'kanshi_sbom_uploads', 'SBOM uploads by status (processed, failed = rejected, queued, processing)', ['status'], async () =>
    (await inventory()).uploadsByStatus.map((r) => ({ labels: { status: r.status }, value: r.n })),
  );

  stateGauge(registry, 'kanshi_feed_records_ingested', 'Records ingested per feed source', ['source'], async () =>
    (await feeds()).map((f) => ({ labels: { source: f.source }, value: f.recordsIngested })),
  );
  stateGauge(registry, 'kanshi_feed_records_quarantined', 'Malformed records quarantined per feed source', ['source'], async () =>
    (await feeds()).map((f) => ({ labels: { source: f.source }, value: f.quarantined })),
  );
  stateGauge(registry, 'kanshi_feed_last_success_timestamp_seconds', 'Unix time of the last successful sync per feed source', ['source'], async () =>
    (await feeds()).flatMap((f) => (f.lastSuccessAt ? [{ labels: { source: f.source }, value: Date.parse(f.lastSuccessAt) / 1000 }] : [])),
  );
  stateGauge(registry, 'kanshi_feed_lag_seconds', 'Seconds since the last successful sync per enabled feed source', ['source'], async () =>
    (await feeds()).flatMap((f) => (f.enabled && f.lagSeconds !== null ? [{ labels: { source: f.source }, value: f.lagSeconds }] : [])),
  );
  stateGauge(registry, 'kanshi_feed_failing', 'Whether the last sync attempt of a feed source failed (1) or not (0)', ['source'], async () =>
    (await feeds()).map((f) => ({ labels: { source: f.source }, value: f.lastErrorAt && (!f.lastSuccessAt || f.lastErrorAt > f.lastSuccessAt) ? 1 : 0 })),
  );

  stateGauge(registry, 'kanshi_jobs', 'Jobs per queue and state (waiting is the queue depth)', ['queue', 'state'], async () =>
    Object.entries(await queues()).flatMap(([queue, c]) => Object.entries(c).map(([state, value]) => ({ labels: { queue, state }, value }))),
  );

  stateGauge(registry, 'kanshi_cases', 'Cases not closed, by priority and state', ['priority', 'state'], async () =>
    (await cases()).byPriorityAndState.map((r) => ({ labels: { priority: r.priority, state: r.state }, value: r.n })),
  );
  stateGauge(registry, 'kanshi_cases_sla', 'Open cases by SLA status (breached: an SLA stage is past due)', ['status'], async () =>
    (await cases()).openBySla.map((r) => ({ labels: { status: r.status }, value: r.n })),
  );
  stateGauge(registry, 'kanshi_sla_breaches', 'Cases with an SLA stage breached, open or not, since they were opened', [], async () => [
    { value: (await cases()).everBreached },
  ]);

  stateGauge(
    registry,
    'kanshi_deliveries',
    'Alert deliveries by channel and outcome: sent, failed (attempts that failed, retried ones included), dead (dead letter), pending',
    ['channel', 'status'],
    async () =>
      (await deliveries()).flatMap((d) =>
        (['sent', 'failed', 'dead', 'pending'] as const).map((status) => ({ labels: { channel: d.channel, status }, value: d[status] })),
      ),
  );
}
