import type { RuntimeDeps, KanshiModule } from '../modules/index.ts';
import { TeamsRepo } from '../teams/index.ts';
import { IngestService } from './ingest.service.ts';
import { InventoryRepo } from './inventory.repo.ts';
import { inventoryJobs } from './inventory.jobs.ts';
import { inventoryRoutes } from './inventory.routes.ts';
import { createSbomParser } from './sbom-parser.ts';

const DAY = 86_400_000;

export interface InventoryModule extends KanshiModule {
  repo: InventoryRepo;
  ingest: IngestService;
  /** Archives versions past the retention setting; returns how many. */
  applyRetention(): Promise<number>;
  /** Compiles the SBOM schema validators (in every parse thread) before the first upload needs them. */
  warmUp(): Promise<void>;
  /** Ends the parse threads. */
  close(): Promise<void>;
}

export function createInventoryModule(deps: RuntimeDeps): InventoryModule {
  const { config, db, queue, clock, log } = deps;
  const repo = new InventoryRepo(db);
  const parser = createSbomParser(config.server.parseThreads);
  const ingest = new IngestService(repo, parser, new TeamsRepo(db), queue, deps.events, clock, log.child({ module: 'ingest' }), {
    maxUploadBytes: config.server.maxUploadBytes,
  });

  const applyRetention = async (): Promise<number> => {
    const after = config.retention.archiveAfter;
    if (after === undefined) return 0;
    const ids = await repo.versionsPastRetention(new Date(clock.now().getTime() - after), config.retention.keepLatest);
    for (const id of ids) await repo.setLifecycle(id, 'archived', clock.now());
    if (ids.length > 0) {
      log.info({ archived: ids.length }, 'retention archived product versions');
      await deps.events.kick();
    }
    return ids.length;
  };

  return {
    name: 'inventory',
    repo,
    ingest,
    applyRetention,
    warmUp: () => parser.warmUp(),
    close: () => parser.close(),
    jobHandlers: inventoryJobs({ ingest, applyRetention }),
    routes: inventoryRoutes({
      db,
      repo,
      ingest,
      clock,
      events: deps.events,
      defaultValidation: config.server.validation,
      uploadLimit: { max: config.rateLimit.uploads.max, windowMs: config.rateLimit.uploads.window },
    }),
    async start() {
      const recovered = await ingest.recover();
      if (recovered > 0) log.info({ recovered }, 're-enqueued uploads accepted before the last stop');
      if (config.retention.archiveAfter !== undefined) {
        await queue.schedule('inventory-retention', 'inventory.retention', {}, { everyMs: DAY, jitterMs: 60_000 });
      }
    },
  };
}
