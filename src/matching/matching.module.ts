import type { EventConsumer } from '../events/index.ts';
import { InventoryRepo } from '../inventory/index.ts';
import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import { findingsRoutes } from './findings.routes.ts';
import type { MatcherOptions } from './matcher.ts';
import { MATCHING_CONSUMER, matchingJobs } from './matching.jobs.ts';
import { MatchingService, type MatchingServiceDeps, type MatchRunResult } from './matching.service.ts';

export interface MatchingModule extends KanshiModule {
  service: MatchingService;
  /** Forward matching of one product version, as the `matching.forward` job runs it. */
  matchVersion(productVersionId: string): Promise<MatchRunResult>;
  /** Every current component of every non-archived version, against the whole store. */
  rematchAll(): Promise<MatchRunResult>;
  /** Asks for the product versions waiting on a running-on platform to be matched again (the policy changed). */
  policyChanged(): Promise<void>;
}

/**
 * Matching follows the outbox: an SBOM processed or a lifecycle changed matches that version
 * forward, a feed batch's changed vulnerabilities match in reverse. `options` (CPE matching for
 * OSV ecosystems, name-only heuristic) default to off. `declaredPlatforms` reads the running-on
 * platforms the policy declares per product; a policy change calls `policyChanged`.
 */
export function createMatchingModule(
  deps: RuntimeDeps & { options?: MatcherOptions; declaredPlatforms?: MatchingServiceDeps['declaredPlatforms'] },
): MatchingModule {
  const log = deps.log.child({ module: 'matching' });
  const inventory = new InventoryRepo(deps.db);
  const service = new MatchingService({
    db: deps.db,
    clock: deps.clock,
    log,
    ...(deps.options ? { options: deps.options } : {}),
    ...(deps.declaredPlatforms ? { declaredPlatforms: deps.declaredPlatforms } : {}),
  });
  const consumer: EventConsumer = {
    name: MATCHING_CONSUMER,
    types: ['sbom.processed', 'product-version.lifecycle-changed', 'vulnerability.changed'],
    job: (event) =>
      event.type === 'vulnerability.changed'
        ? { name: 'matching.reverse', payload: { vulnerabilityIds: event.data.ids as string[], eventId: event.id } }
        : { name: 'matching.forward', payload: { productVersionId: event.productVersionId as string, eventId: event.id } },
  };
  return {
    name: 'matching',
    service,
    matchVersion: (id) => service.matchVersion(id),
    rematchAll: async () => {
      const r = await service.rematchAll();
      if (r.opened + r.retracted > 0) await deps.events.kick();
      return r;
    },
    policyChanged: () => deps.queue.enqueue('matching.platforms', {}),
    eventConsumers: [consumer],
    jobHandlers: matchingJobs({ service, now: () => deps.clock.now(), kick: () => deps.events.kick() }),
    routes: findingsRoutes({ db: deps.db, clock: deps.clock, findProduct: (name) => inventory.findProduct(name), kick: () => deps.events.kick() }),
  };
}
