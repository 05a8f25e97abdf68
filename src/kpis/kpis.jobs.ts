import { z } from 'zod';
import type { JobHandlers } from '../jobs/index.ts';
import type { KpisService } from './kpis.service.ts';

export function kpisJobs(service: KpisService): JobHandlers {
  return {
    'cases.snapshot': {
      payload: z.object({}),
      async run(_payload, ctx) {
        const snapshots = await service.snapshot();
        ctx.log.debug({ snapshots }, 'KPI snapshot taken');
      },
    },
  };
}
