import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import { casesJobs } from './cases.jobs.ts';
import { casesRoutes } from './cases.routes.ts';
import { CASE_EVENT_TYPES, CasesService } from './cases.service.ts';
import { DisclosureService } from './disclosure.service.ts';
import { ManualCaseService } from './manual-case.service.ts';
import { PolicyService, policySource, type PolicySource } from './policy.service.ts';

export interface CasesModule extends KanshiModule {
  service: CasesService;
  disclosure: DisclosureService;
  policy: PolicyService;
  /** Reads the configured policy file again (SIGHUP); returns whether the policy changed. */
  reloadPolicy(): Promise<boolean>;
}

/** How often SLA clocks are looked at. */
const SLA_EVERY_MS = 5 * 60_000;
/** A safety net for a lost wake-up: cases catch up with the outbox at least this often. */
const SYNC_EVERY_MS = 60_000;

/**
 * Cases: the policy (validated at start; the daemon refuses to start on an invalid one), the
 * consumer of the published outbox that opens and closes cases, the SLA sweep and the API.
 */
export async function createCasesModule(
  deps: RuntimeDeps,
  hooks: {
    /** Other work a new policy asks for (matching settles running-on platforms again); after the commit. */
    policyChanged?: () => Promise<void>;
  } = {},
): Promise<CasesModule> {
  const log = deps.log.child({ module: 'cases' });
  const policy = new PolicyService({ db: deps.db, clock: deps.clock });
  const source: PolicySource = policySource(deps.config);
  await policy.init(source);
  const service = new CasesService({ db: deps.db, clock: deps.clock, log, policy, events: deps.events });
  const reprioritize = async (): Promise<void> => {
    await deps.queue.enqueue('cases.reprioritize', {});
    await hooks.policyChanged?.();
  };
  const disclosure = new DisclosureService({ db: deps.db, clock: deps.clock, events: deps.events });
  const manual = new ManualCaseService({ db: deps.db, clock: deps.clock, policy, cases: service, events: deps.events });
  return {
    name: 'cases',
    service,
    disclosure,
    policy,
    async reloadPolicy() {
      if (!source.reread) return false;
      const { changed } = await policy.replace(source.reread(), `file:${source.label}`, source.label);
      if (changed) await reprioritize();
      log.info({ changed, file: source.label }, 'policy reloaded');
      return changed;
    },
    jobHandlers: casesJobs(service, disclosure),
    eventStreams: [{ name: 'cases', types: CASE_EVENT_TYPES, wake: { name: 'cases.sync', payload: {} } }],
    routes: casesRoutes({
      db: deps.db,
      service,
      disclosure,
      manual,
      policy,
      vendorName: deps.config.vendor?.name ?? null,
      now: () => deps.clock.now(),
      reprioritize,
      kick: () => deps.events.kick(),
    }),
    async start() {
      await deps.queue.enqueue('cases.sync', {});
      await deps.queue.schedule('cases-sync', 'cases.sync', {}, { everyMs: SYNC_EVERY_MS, jitterMs: 5_000 });
      await deps.queue.schedule('cases-sla', 'cases.sla', {}, { everyMs: SLA_EVERY_MS, jitterMs: 30_000 });
    },
  };
}
