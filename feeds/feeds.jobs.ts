import { z } from 'zod';
import { UnrecoverableJobError, type JobHandlers } from '../src/jobs/index.ts';
import type { FeedSourceName } from '../src/vulns/index.ts';
import type { FeedSyncService } from './sync/feed-sync.service.ts';

/** The feed sync job handler, with the schema its payload is checked against. */
export function feedsJobs(service: FeedSyncService, enabled: (source: string) => boolean): JobHandlers {
  return {
    'feeds.sync': {
      payload: z.strictObject({ source: z.string().min(1), fromDir: z.string().min(1).optional() }),
      async run(payload, ctx) {
        if (!service.sources().includes(payload.source as FeedSourceName)) {
          throw new UnrecoverableJobError(`unknown feed source ${payload.source}`);
        }
        // A schedule left in Redis by an earlier configuration must not reach the network either.
        if (payload.fromDir === undefined && !enabled(payload.source)) {
          ctx.log.warn({ feed: payload.source }, 'feed disabled: network sync not run');
          return;
        }
        ctx.log.info({ feed: payload.source, attempt: ctx.attempt }, 'feed sync starting');
        await service.sync(payload.source, payload.fromDir);
      },
    },
  };
}
