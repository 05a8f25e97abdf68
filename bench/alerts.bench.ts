/**
 * Alert fan-out: 1,000 case events to 50 signed webhook receivers on loopback, one of them down
 * (503) for the first half of the run. Reports deliveries per second, p99 latency from the event
 * to its receipt, and how many (event, receiver) pairs never arrived (target 0).
 */
import { loadConfig } from '../src/config/index.ts';
import { silentLogger } from '../src/core/logger.ts';
import { openRuntime } from '../src/runtime/index.ts';
import { caseWithEvents, deliveryStatuses, moreCaseEvents, seedProduct, startReceiver, type Receiver } from '../test/support/alert-receivers.ts';
import { freshPostgres, type BenchFigure, type BenchSuite } from './bench.ts';

const RECEIVERS = 50;
const CASES = 250;
const TYPES = ['case.opened', 'case.priority-changed', 'case.state-changed', 'case.assigned'] as const;
const EVENTS = CASES * TYPES.length;
const SECRET = `whsec_${Buffer.from('bench-secret-0123456789abcdef0123').toString('base64')}`;
const SETTLE_MS = 15 * 60_000;

export const suite: BenchSuite = {
  name: 'alerts',
  async run(ctx) {
    if (!ctx.postgresUrl) {
      ctx.progress('alerts: no Postgres reachable, skipped');
      return [];
    }
    const pg = await freshPostgres(ctx.postgresUrl, 'kanshi_bench_alerts');
    const expected = EVENTS * RECEIVERS;
    let received = 0;
    const latencies: number[] = [];
    const seen = new Set<string>();
    const receivers: Receiver[] = [];
    for (let i = 0; i < RECEIVERS; i++) {
      // Receiver 0 is down until half of all deliveries have arrived elsewhere.
      receivers.push(await startReceiver(() => ({ status: i === 0 && received < expected / 2 ? 503 : 200 })));
    }
    const base = loadConfig({ DATABASE_URL: pg.url, KANSHI_DATA_DIR: 'memory://', KANSHI_ADMIN_TOKEN: 'bench-admin-token-0123456789' });
    const config = {
      ...base,
      jobs: { ...base.jobs, concurrency: 16 },
      alerts: { ...base.alerts, allowNetworks: ['127.0.0.1/32'], retryBase: 250, retryMax: 2_000, attempts: 50, sweepInterval: 1_000 },
    };
    const rt = await openRuntime(config, { log: silentLogger() });
    try {
      const app = await rt.buildHttp();
      for (const r of receivers) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/subscriptions',
          headers: { authorization: 'Bearer bench-admin-token-0123456789' },
          payload: { channel: { type: 'webhook', url: r.url, secret: SECRET }, events: [...TYPES] },
        });
        if (res.statusCode !== 201) throw new Error(`subscription refused: ${res.body}`);
      }
      await app.close();
      await rt.startWorking({ networkSyncs: false });
      const db = rt.deps.db;
      const productId = await seedProduct(db, 'team-a', 'bench-product');
      const seeds = Array.from({ length: CASES }, (_, i) => ({ productId, teamId: 'team-a', vulnerabilityId: `CVE-2099-${10_000 + i}` }));
      ctx.progress(`alerts: ${EVENTS} events to ${RECEIVERS} receivers`);
      const t0 = Date.now();
      const ids: number[] = [];
      for (const s of seeds) ids.push(await caseWithEvents(db, s, () => [TYPES[0]]));
      for (const type of TYPES.slice(1)) for (const [i, s] of seeds.entries()) await moreCaseEvents(db, ids[i]!, s, [type]);
      await rt.deps.events.kick();
      const count = (): void => {
        for (const [n, r] of receivers.entries()) {
          for (const x of r.receipts.splice(0)) {
            const key = `${n}:${String(x.headers['webhook-id'])}`;
            if (seen.has(key)) continue;
            seen.add(key);
            received++;
            latencies.push(x.at - Date.parse((JSON.parse(x.body) as { timestamp: string }).timestamp));
          }
        }
      };
      const deadline = Date.now() + SETTLE_MS;
      while (received < expected && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        count();
      }
      const seconds = (Date.now() - t0) / 1000;
      const statuses = await deliveryStatuses(db);
      ctx.progress(`alerts: ${received}/${expected} in ${seconds.toFixed(1)} s; rows ${JSON.stringify(statuses)}`);
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
      const figures: BenchFigure[] = [
        { name: 'alerts fan-out deliveries/s', value: Math.round(received / seconds), unit: 'deliveries/s', target: null, ratio: null },
        { name: 'alerts p99 event→receipt', value: p99, unit: 'ms', target: null, ratio: null },
        { name: 'alerts lost', value: expected - received, unit: 'deliveries', target: 0, ratio: null },
      ];
      return figures;
    } finally {
      await rt.close();
      await Promise.all(receivers.map((r) => r.close()));
      await pg.drop();
    }
  },
};
