import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { embargoAllows } from '../src/access/index.ts';
import { AppError } from '../src/core/errors.ts';
import type { KanshiModule, RuntimeDeps } from '../src/modules/index.ts';
import { readVulnerability, type FeedSourceName } from '../src/vulns/index.ts';
import { builtInAdapters } from './adapters.ts';
import type { FeedAdapter } from './feed-adapter.ts';
import { feedStatus, type FeedStatus } from './feed-status.ts';
import { feedsJobs } from './feeds.jobs.ts';
import { feedsRoutes } from './feeds.routes.ts';
import { allFeedStates, listQuarantine, type QuarantinedRecord, type QuarantineFilter } from './sync/feed-state.repo.ts';
import { emptyReport, FeedSyncError, FeedSyncService, type FeedSyncDeps, type SyncOptions, type SyncReport } from './sync/feed-sync.service.ts';

export type { FeedStatus } from './feed-status.ts';
export type { QuarantinedRecord, QuarantineFilter } from './sync/feed-state.repo.ts';
export type { SyncOptions, SyncReport } from './sync/feed-sync.service.ts';

export interface FeedsModule extends KanshiModule {
  /**
   * One sync now, in this process: every enabled source in turn, or `source` alone; from
   * `fromDir` instead of the network when given. A failed source's report carries `error`.
   */
  syncNow(source: string | undefined, fromDir?: string, options?: SyncOptions): Promise<SyncReport[]>;
  status(): Promise<FeedStatus[]>;
  /** Quarantined records, newest first. */
  quarantine(filter: QuarantineFilter): Promise<QuarantinedRecord[]>;
}

export type FeedsModuleDeps = RuntimeDeps & { adapters?: FeedAdapter[] } & Pick<FeedSyncDeps, 'http' | 'dumpBatchSize' | 'leaseTtlMs' | 'onAbsorbed'>;

/** Longest random delay before a source's first scheduled sync, so workers started together do not poll in step. */
const MAX_JITTER_MS = 5 * 60_000;

export function createFeedsModule(deps: FeedsModuleDeps): FeedsModule {
  const { config, db, queue, clock } = deps;
  const adapters = deps.adapters ?? [...builtInAdapters];
  const service = new FeedSyncService({ ...deps, adapters });
  const schedule = (a: FeedAdapter) => ({
    enabled: config.feeds[a.source].enabled,
    intervalMs: config.feeds[a.source].interval ?? a.defaultIntervalMs,
  });

  async function status(): Promise<FeedStatus[]> {
    const rows = new Map((await allFeedStates(db)).map((r) => [r.source, r]));
    const now = clock.now();
    return adapters.map((a) => feedStatus(a.source, schedule(a), rows.get(a.source), now));
  }

  const routes: FastifyPluginAsync = feedsRoutes({
    // An embargoed vulnerability reads as unknown to whom the embargo rule does not tell of it.
    async getVulnerability(id, viewer) {
      const record = await readVulnerability(db, id);
      return record && (await embargoAllows(db, viewer, record.id)) ? record : null;
    },
    status,
    quarantine: (filter) => listQuarantine(db, filter),
    async requestSync(source) {
      const adapter = service.adapter(source);
      if (!schedule(adapter).enabled) {
        throw new AppError(
          'FEED_DISABLED',
          `feed ${source} is disabled (feeds.${source}.enabled: false): no network sync is run for it; import a dump with \`kanshi feeds sync --source ${source} --from-dir <dir>\` instead`,
          409,
        );
      }
      await queue.enqueue('feeds.sync', { source });
    },
  });

  return {
    name: 'feeds',
    routes,
    jobHandlers: feedsJobs(service, (source) => schedule(service.adapter(source)).enabled),
    async start(options) {
      if (options?.networkSyncs === false) {
        deps.log.info('network feed syncs not scheduled (demo or offline mode); kanshi feeds sync --from-dir imports a dump');
        return;
      }
      for (const a of adapters) {
        const { enabled, intervalMs } = schedule(a);
        if (!enabled) continue;
        await queue.schedule(
          `feeds.sync:${a.source}`,
          'feeds.sync',
          { source: a.source },
          {
            everyMs: intervalMs,
            jitterMs: Math.min(MAX_JITTER_MS, Math.floor(intervalMs / 10)),
          },
        );
      }
    },
    async syncNow(source, fromDir, options) {
      const sources =
        source !== undefined
          ? [service.adapter(source).source]
          : fromDir !== undefined
            ? dumpSources(fromDir)
            : adapters.filter((a) => schedule(a).enabled).map((a) => a.source);
      const reports: SyncReport[] = [];
      // One failing source is reported and the others still run, as scheduled syncs would.
      for (const s of sources) {
        try {
          reports.push(await service.sync(s, fromDir, options));
        } catch (e) {
          reports.push(e instanceof FeedSyncError ? e.report : { ...emptyReport(s, fromDir), error: (e as Error).message || String(e) });
        }
      }
      return reports;
    },
    status,
    quarantine: (filter) => listQuarantine(db, filter),
  };

  /**
   * The sources a dump holds a folder for. A dump given explicitly is imported whatever the
   * schedule says: `enabled: false` (the usual air-gapped setup) turns off network polling, not this.
   */
  function dumpSources(dir: string): FeedSourceName[] {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AppError('DUMP_NOT_FOUND', `feed dump folder ${dir} not found`);
    const found = adapters.filter((a) => existsSync(path.join(dir, a.source))).map((a) => a.source);
    if (found.length === 0) {
      throw new AppError('EMPTY_DUMP', `${dir} holds no feed folder (expected one or more of ${adapters.map((a) => `${a.source}/`).join(', ')})`);
    }
    return found;
  }
}
