import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { completeTask } from '../events/index.ts';
import type { JobHandlers } from '../jobs/index.ts';
import type { MatchingService, MatchRunResult, RunOptions } from './matching.service.ts';

/** The outbox consumer that hands matching its work; task rows carry this name. */
export const MATCHING_CONSUMER = 'matching';

/**
 * Job handlers of matching, each with the schema its payload is checked against. A job that
 * answers an outbox event marks the event's task done in its fan-out's transaction, and asks
 * for a relay run when it opened or retracted findings.
 */
export function matchingJobs(deps: { service: MatchingService; now: () => Date; kick(): Promise<void> }): JobHandlers {
  const answering = (eventId: number | undefined): RunOptions =>
    eventId === undefined ? {} : { complete: (tx: Db) => completeTask(tx, MATCHING_CONSUMER, eventId, deps.now()) };
  const published = async (r: MatchRunResult): Promise<void> => {
    if (r.opened + r.retracted > 0) await deps.kick();
  };
  const eventId = z.number().int().positive().optional();
  return {
    'matching.forward': {
      payload: z.strictObject({ productVersionId: z.uuid(), eventId }),
      run: async ({ productVersionId, eventId: id }, ctx) => {
        const r = await deps.service.matchVersion(productVersionId, answering(id));
        await published(r);
        ctx.log.info({ productVersionId, ...r }, 'forward matching done');
      },
    },
    'matching.platforms': {
      payload: z.strictObject({}),
      run: async (_payload, ctx) => {
        const r = await deps.service.rematchPlatformDependents();
        await published(r);
        ctx.log.info({ ...r }, 'product versions waiting on running-on platforms matched again under the policy in force');
      },
    },
    'matching.reverse': {
      payload: z.strictObject({ vulnerabilityIds: z.array(z.string().min(1)).max(10_000), eventId }),
      run: async ({ vulnerabilityIds, eventId: id }, ctx) => {
        const r = await deps.service.matchVulnerabilities(vulnerabilityIds, answering(id));
        await published(r);
        ctx.log.info({ vulnerabilities: vulnerabilityIds.length, ...r }, 'reverse matching done');
      },
    },
  };
}
