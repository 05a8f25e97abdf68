import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { eventsAfter } from './outbox.repo.ts';

const eventOut = z.object({
  id: z.number(),
  type: z.string(),
  at: z.string(),
  team: z.string().nullable(),
  product: z.string().nullable(),
  productVersionId: z.string().nullable(),
  vulnerabilityId: z.string().nullable(),
  caseId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export function eventsRoutes(deps: { db: Db }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events',
      {
        schema: {
          summary:
            'The outbox, oldest first: what changed (findings opened and retracted, SBOMs processed, KEV additions …); nothing of an embargo the caller is not told of',
          description: "Page with `after` = the previous page's `next`. Published order is gap-free: an event never appears behind one already read.",
          querystring: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: { 200: z.object({ items: z.array(eventOut), next: z.number() }) },
        },
      },
      async (request) => {
        const page = await eventsAfter(deps.db, request.query.after, request.query.limit, request.principal);
        return {
          items: page.items.map((e) => ({
            id: e.seq as number,
            type: e.type,
            at: e.at.toISOString(),
            team: e.teamId,
            product: e.product,
            productVersionId: e.productVersionId,
            vulnerabilityId: e.vulnerabilityId,
            caseId: e.caseId,
            data: e.data,
          })),
          next: page.next,
        };
      },
    );
  };
}
