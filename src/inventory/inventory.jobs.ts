import { z } from 'zod';
import type { JobHandlers } from '../jobs/index.ts';
import type { IngestService } from './ingest.service.ts';

/** Job handlers of the inventory, each with the schema its payload is checked against. */
export function inventoryJobs(deps: { ingest: IngestService; applyRetention(): Promise<number> }): JobHandlers {
  return {
    'ingest.sbom': {
      payload: z.strictObject({ uploadId: z.uuid() }),
      run: (payload, ctx) => deps.ingest.process(payload.uploadId, ctx.log),
      onFinalFailure: (payload, error) => deps.ingest.fail(payload.uploadId, error),
    },
    'inventory.retention': {
      payload: z.strictObject({}),
      run: async () => void (await deps.applyRetention()),
    },
  };
}
