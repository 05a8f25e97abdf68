// One feed import in a process of its own, so its peak RSS is its own.
// Usage: node <compiled>/bench/feeds-import-case.js <dump-dir> <postgres-url> (see runCase in bench.ts)
import { createFeedsModule } from '../feeds/feeds.module.ts';
import { loadConfig } from '../src/config/index.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { openDatabase } from '../src/db/index.ts';
import { InProcessQueue } from '../src/jobs/index.ts';
import { rssSampler } from './bench.ts';

// Sampled every 20 ms: the import runs for minutes, and sampling every 2 ms costs it CPU.
const rss = rssSampler(20);

const [dir = '', url = ''] = process.argv.slice(2);
const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', log: silentLogger() });
await database.migrate();
const log = silentLogger();
// No worker takes the reverse-matching jobs here: the figure is the import alone.
const queue = new InProcessQueue(log, { concurrency: 1, attempts: 1 });
// Events are written as the daemon writes them; no relay publishes them here.
const feeds = createFeedsModule({
  config: loadConfig({}),
  log,
  db: database.db,
  dbKind: 'postgres',
  queue,
  clock: systemClock,
  events: { kick: async () => undefined },
});

const t0 = performance.now();
let records = 0;
for (const source of ['nvd', 'osv']) {
  for (const report of await feeds.syncNow(source, dir)) {
    if (report.error) throw new Error(`${source}: ${report.error}`);
    records += report.stored;
    process.stderr.write(`  … ${source}: ${report.stored} stored, ${report.quarantined} quarantined in ${(report.durationMs / 1000).toFixed(1)} s\n`);
  }
}
const ms = performance.now() - t0;
await queue.close();
await database.close();
process.stdout.write(`${JSON.stringify({ records, ms, peakRssMb: rss.stop() })}\n`);
