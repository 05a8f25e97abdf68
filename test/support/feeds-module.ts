import type { FastifyInstance } from 'fastify';
import type { FeedAdapter } from '../../feeds/feed-adapter.ts';
import { nvdAdapter, type NvdOptions } from '../../feeds/nvd/nvd.adapter.ts';
import { createFeedsModule, type FeedsModule, type FeedsModuleDeps } from '../../feeds/feeds.module.ts';
import { buildApp } from '../../src/api/app.ts';
import type { Principal } from '../../src/api/principal.ts';
import { loadConfig, type KanshiConfig } from '../../src/config/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { InProcessQueue } from '../../src/jobs/index.ts';
import { openTestDatabase, type DatabaseTarget, type TestDatabase } from './databases.ts';

export interface FeedsHarness {
  module: FeedsModule;
  queue: InProcessQueue;
  config: KanshiConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The NVD adapter with the fixtures' page size of 3 and no request budget, for tests against a local server. */
export const nvdSmallPages: FeedAdapter = {
  ...(nvdAdapter as FeedAdapter),
  rateLimit: undefined,
  fetch: (ctx, checkpoint) => nvdAdapter.fetch({ ...ctx, options: { ...(ctx.options as NvdOptions), resultsPerPage: 3 } }, checkpoint),
};

/** A feeds module over a fresh database, with private addresses allowed (the local test server). */
export async function openFeedsHarness(
  target: DatabaseTarget,
  overrides: Partial<FeedsModuleDeps> = {},
  configure: (config: KanshiConfig) => KanshiConfig = (c) => c,
): Promise<FeedsHarness> {
  const database = await openTestDatabase(target);
  const base = loadConfig({ KANSHI_CONFIG: undefined } as NodeJS.ProcessEnv);
  const config = configure({ ...base, http: { ...base.http, allowPrivateNetworks: true } });
  const log = silentLogger();
  const queue = new InProcessQueue(log, { concurrency: 1, attempts: 1 });
  const module = createFeedsModule({
    config,
    log,
    db: database.db,
    dbKind: target.kind,
    queue,
    clock: systemClock,
    events: { kick: async () => undefined },
    ...overrides,
  });
  return {
    module,
    queue,
    config,
    database,
    close: async () => {
      await queue.close();
      await database.cleanup();
    },
  };
}

/** The module's routes mounted by the real API app, every request authenticated as `principal`. */
export function feedsApp(module: FeedsModule, principal: Principal): Promise<FastifyInstance> {
  return buildApp({
    log: silentLogger(),
    authenticate: async () => principal,
    apiRoutes: module.routes ? [module.routes] : [],
    publicRoutes: [],
    bodyLimit: 1024 * 1024,
    version: 'test',
  });
}
