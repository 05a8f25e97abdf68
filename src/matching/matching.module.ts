import type { KanshiModule, RuntimeDeps } from '../modules/index.ts';
import type { AdvisoryLookup } from '../vulns/index.ts';
import { findingsRoutes } from './findings.routes.ts';
import type { MatcherOptions } from './matcher.ts';
import { MatchingService, type MatchRunResult } from './matching.service.ts';

export interface MatchingModule extends KanshiModule {
  service: MatchingService;
  /** Forward matching of one product version, as the `matching.forward` job runs it. */
  matchVersion(productVersionId: string): Promise<MatchRunResult>;
  /** Every current component of every non-archived version, against the whole store. */
  rematchAll(): Promise<MatchRunResult>;
}

/** `options` (CPE matching for OSV ecosystems, name-only heuristic) default to off. */
export function createMatchingModule(deps: RuntimeDeps & { lookup: AdvisoryLookup; options?: MatcherOptions }): MatchingModule {
  const log = deps.log.child({ module: 'matching' });
  const service = new MatchingService({ db: deps.db, lookup: deps.lookup, clock: deps.clock, log, ...(deps.options ? { options: deps.options } : {}) });
  return {
    name: 'matching',
    service,
    matchVersion: (id) => service.matchVersion(id),
    rematchAll: () => service.rematchAll(),
    jobHandlers: {
      'matching.forward': {
        run: async ({ productVersionId }, ctx) => {
          const r = await service.matchVersion(productVersionId);
          ctx.log.info({ productVersionId, ...r }, 'forward matching done');
        },
      },
      'matching.reverse': {
        run: async ({ vulnerabilityIds }, ctx) => {
          const r = await service.matchVulnerabilities(vulnerabilityIds);
          ctx.log.info({ vulnerabilities: vulnerabilityIds.length, ...r }, 'reverse matching done');
        },
      },
    },
    routes: findingsRoutes({ db: deps.db, clock: deps.clock }),
  };
}
