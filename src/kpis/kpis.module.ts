import type { CasesModule } from '../cases/index.ts';
import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import { kpisJobs } from './kpis.jobs.ts';
import { kpisRoutes } from './kpis.routes.ts';
import { KpisService } from './kpis.service.ts';

/** Snapshots through the day: the last one of a day is the day's figure, so a missed run costs nothing. */
const SNAPSHOT_EVERY_MS = 60 * 60_000;

export interface KpisModule extends KanshiModule {
  service: KpisService;
}

/** PSIRT KPIs and the daily snapshots behind their trends. */
export function createKpisModule(deps: RuntimeDeps, cases: Pick<CasesModule, 'policy'>): KpisModule {
  const service = new KpisService({ db: deps.db, clock: deps.clock, policy: async () => (await cases.policy.current()).policy });
  return {
    name: 'kpis',
    service,
    jobHandlers: kpisJobs(service),
    routes: kpisRoutes(service),
    async start() {
      await deps.queue.enqueue('cases.snapshot', {});
      await deps.queue.schedule('cases-snapshot', 'cases.snapshot', {}, { everyMs: SNAPSHOT_EVERY_MS, jitterMs: 60_000 });
    },
  };
}
