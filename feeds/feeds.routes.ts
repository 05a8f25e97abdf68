import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, type Principal } from '../src/access/index.ts';
import { errorResponses } from '../src/api/index.ts';
import { notFound } from '../src/core/errors.ts';
import type { VulnerabilityRecord } from '../src/vulns/index.ts';
import type { FeedStatus } from './feed-status.ts';
import type { QuarantinedRecord, QuarantineFilter } from './sync/feed-state.repo.ts';

export interface FeedsRouteDeps {
  /** Null when unknown, or under an embargo `viewer` is not told of. */
  getVulnerability(idOrAlias: string, viewer: Principal): Promise<VulnerabilityRecord | null>;
  status(): Promise<FeedStatus[]>;
  /** Queues a sync of `source`; throws UNKNOWN_FEED (404) for a source with no adapter. */
  requestSync(source: string): Promise<void>;
  quarantine(filter: QuarantineFilter): Promise<QuarantinedRecord[]>;
}

const text = z.object({ lang: z.string(), text: z.string(), originalLang: z.string().optional() });
const fromRecord = { record: z.string() };

const vulnerabilitySchema = z
  .object({
    id: z.string(),
    aliases: z.array(z.string()),
    related: z.array(z.string()),
    sources: z.array(z.string()),
    title: z.string().nullable(),
    severity: z.string().nullable(),
    cvss: z.object({ version: z.string(), score: z.number(), vector: z.string(), source: z.string() }).nullable(),
    titles: z.array(text.extend(fromRecord)),
    descriptions: z.array(text.extend(fromRecord)),
    severities: z.array(
      z.object({
        source: z.string(),
        type: z.string(),
        version: z.string().optional(),
        vector: z.string().optional(),
        score: z.number().optional(),
        rating: z.string().optional(),
        role: z.string().optional(),
        ...fromRecord,
      }),
    ),
    cwes: z.array(z.string()),
    published: z.string().nullable(),
    modified: z.string().nullable(),
    references: z.array(z.object({ url: z.string(), type: z.string().optional(), id: z.string().optional() })),
    // Source-shaped entries (packages with OSV ranges, CPE configurations, products): passed through as stored.
    affected: z.array(z.unknown()),
    kev: z.unknown(),
    epss: z.object({ score: z.number(), percentile: z.number().nullable(), date: z.string() }).nullable(),
    flags: z.array(z.string()),
    withdrawn: z.boolean(),
    records: z.array(z.unknown()),
  })
  .meta({ id: 'Vulnerability' });

const statusSchema = z
  .object({
    source: z.string(),
    enabled: z.boolean(),
    intervalMs: z.number(),
    syncing: z.boolean(),
    lastAttemptAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    recordsIngested: z.number(),
    quarantined: z.number(),
    lagSeconds: z.number().nullable(),
  })
  .meta({ id: 'FeedStatus' });

/** `/vulnerabilities/:id` by any alias, feed status, and a manual sync for PSIRT staff. */
export function feedsRoutes(deps: FeedsRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/vulnerabilities/:id',
      {
        schema: {
          operationId: 'getVulnerability',
          summary: 'A vulnerability by any of its ids (CVE, GHSA, JVNDB, …), merged across sources',
          params: z.object({ id: z.string().min(1).max(200) }),
          response: { 200: vulnerabilitySchema },
        },
      },
      async (request) => {
        authorize(request.principal, 'vulnerability.read');
        const record = await deps.getVulnerability(request.params.id, request.principal);
        if (!record) throw notFound(`vulnerability ${request.params.id}`);
        return record;
      },
    );

    app.get(
      '/feeds',
      { schema: { operationId: 'listFeeds', summary: 'Sync status per feed source', response: { 200: z.object({ feeds: z.array(statusSchema) }) } } },
      async (request) => {
        authorize(request.principal, 'feeds.read');
        return { feeds: await deps.status() };
      },
    );

    app.get(
      '/feeds/quarantine',
      {
        schema: {
          operationId: 'listQuarantine',
          summary: 'Records a sync could not read or normalise, newest first, with where they came from and why',
          querystring: z.object({ source: z.string().min(1).max(20).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  source: z.string(),
                  recordId: z.string().nullable(),
                  location: z.string(),
                  reason: z.string(),
                  excerpt: z.string().nullable(),
                  at: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        authorize(request.principal, 'feeds.read');
        return { items: await deps.quarantine({ source: request.query.source, limit: request.query.limit }) };
      },
    );

    app.post(
      '/feeds/:source/sync',
      {
        schema: {
          operationId: 'syncFeed',
          summary: 'Queue a network sync of one enabled feed source now (psirt, admin); a disabled one answers 409',
          params: z.object({ source: z.string().min(1).max(20) }),
          response: { 202: z.object({ source: z.string(), status: z.literal('queued') }), ...errorResponses(403, 409) },
        },
      },
      async (request, reply) => {
        authorize(request.principal, 'feeds.sync');
        await deps.requestSync(request.params.source);
        return reply.status(202).send({ source: request.params.source, status: 'queued' as const });
      },
    );
  };
}
