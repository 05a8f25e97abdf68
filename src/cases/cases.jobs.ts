import { z } from 'zod';
import type { JobHandlers } from '../jobs/index.ts';
import type { CasesService } from './cases.service.ts';
import type { DisclosureService } from './disclosure.service.ts';

/** Job handlers of cases, each with the schema its payload is checked against. */
export function casesJobs(service: CasesService, disclosure: DisclosureService): JobHandlers {
  const none = z.strictObject({});
  return {
    'cases.sync': {
      payload: none,
      run: async (_p, ctx) => {
        const n = await service.sync();
        if (n > 0) ctx.log.debug({ events: n }, 'cases brought up to date');
      },
    },
    'cases.sla': {
      payload: none,
      run: async (_p, ctx) => {
        const n = await service.sweep();
        if (n > 0) ctx.log.info({ cases: n }, 'SLA clocks moved');
        // Disclosure dates are looked at with the SLA clocks: embargoes end on theirs, fixes not ready are warned about.
        const d = await disclosure.sweep();
        if (d > 0) ctx.log.info({ cases: d }, 'disclosure dates acted on');
      },
    },
    'cases.reprioritize': {
      payload: none,
      run: async (_p, ctx) => {
        const n = await service.reprioritizeAll();
        ctx.log.info({ changed: n }, 'open cases re-prioritised under the policy in force');
      },
    },
  };
}
