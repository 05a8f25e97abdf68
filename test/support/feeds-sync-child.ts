// One NVD sync in a process of its own, for tests that kill a sync mid-way.
// Usage: tsx test/support/feeds-sync-child.ts <postgres-url> <nvd-base-url> <lease-ttl-ms>
import { createFeedsModule } from '../../feeds/feeds.module.ts';
import { loadConfig } from '../../src/config/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { openDatabase } from '../../src/db/index.ts';
import { InProcessQueue } from '../../src/jobs/index.ts';
import { nvdSmallPages } from './feeds-module.ts';

const [url = '', baseUrl = '', ttl = '60000'] = process.argv.slice(2);
const log = silentLogger();
const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', log });
const base = loadConfig({} as NodeJS.ProcessEnv);
const config = { ...base, http: { ...base.http, allowPrivateNetworks: true }, feeds: { ...base.feeds, nvd: { ...base.feeds.nvd, baseUrl } } };
const feeds = createFeedsModule({
  config,
  log,
  db: database.db,
  dbKind: 'postgres',
  queue: new InProcessQueue(log, { concurrency: 1, attempts: 1 }),
  clock: systemClock,
  events: { kick: async () => undefined },
  adapters: [nvdSmallPages],
  leaseTtlMs: Number(ttl),
});
process.stdout.write(`${JSON.stringify(await feeds.syncNow('nvd'))}\n`);
await database.close();
