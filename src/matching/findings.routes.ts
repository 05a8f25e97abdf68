import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorizeFound, teamData, type Principal } from '../access/index.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/index.ts';
import { exposureByComponent } from './exposure.repo.ts';
import { listFindings } from './findings.repo.ts';
import { parseVersionSelector, scopeOfSelector } from './decision-scope.ts';
import { countSuppressed, recordDecisions, revokeDecision } from './decisions.repo.ts';
import { parseVex } from './vex-import.ts';

export interface FindingsRoutesDeps {
  db: Db;
  clock: Clock;
  /** The product of that name, from the inventory. */
  findProduct(name: string): Promise<{ id: string; teamId: string } | undefined>;
  /** Wakes the outbox relay after a commit that wrote events. */
  kick(): Promise<void>;
}

const findingOut = z.object({
  id: z.number(),
  product: z.string(),
  version: z.string(),
  component: z.object({ bomRef: z.string(), name: z.string(), version: z.string().nullable(), purl: z.string().nullable(), cpe: z.string().nullable() }),
  vulnerability: z.string(),
  /** The best rating of the merged records; `unknown` when none rates it (not safe). */
  severity: z.string(),
  cvss: z.object({ version: z.string(), score: z.number(), vector: z.string(), source: z.string() }).nullable(),
  kev: z.boolean(),
  epss: z.number().nullable(),
  title: z.string().nullable(),
  outcome: z.enum(['affected', 'undecidable']),
  match: z.object({
    method: z.string(),
    confidence: z.string(),
    source: z.string(),
    sources: z.array(z.string()),
    searched: z.string(),
    range: z.string(),
    fixedIn: z.array(z.string()),
    smallestFix: z.string().nullable(),
    marks: z.array(z.string()),
    reason: z.string().nullable(),
  }),
  state: z.enum(['open', 'retracted']),
  suppressed: z.boolean(),
  suppressionId: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});

const componentExposureOut = z
  .object({
    name: z.string(),
    purl: z.string().nullable(),
    ecosystem: z.string().nullable(),
    productVersions: z.number(),
    products: z.number(),
    kev: z.boolean(),
    vulnerabilities: z.array(z.object({ id: z.string(), severity: z.string(), kev: z.boolean(), fixedIn: z.array(z.string()) })),
    versions: z.array(
      z.object({ version: z.string().nullable(), productVersions: z.number(), vulnerabilities: z.array(z.string()), smallestUpgrade: z.string().nullable() }),
    ),
  })
  .meta({ id: 'ComponentExposure' });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** VEX for a product may be given by the PSIRT, an admin, or a member of the product's own team. */
async function productForVex(deps: FindingsRoutesDeps, p: Principal, name: string): Promise<{ id: string; teamId: string }> {
  return authorizeFound(p, 'vex.write', await deps.findProduct(name), teamData, `product ${name}`);
}

export function findingsRoutes(deps: FindingsRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/findings',
      {
        schema: {
          summary:
            'Findings of the caller’s products: open ones unless `state` says otherwise, and not those a VEX statement hides unless `suppressed` is `true` or `all`',
          querystring: z.object({
            product: z.string().optional(),
            version: z.string().optional(),
            vulnerability: z.string().optional(),
            component: z.string().optional(),
            confidence: z.enum(['high', 'medium', 'low']).optional(),
            suppressed: z.enum(['true', 'false', 'all']).default('false'),
            state: z.enum(['open', 'retracted']).optional(),
            outcome: z.enum(['affected', 'undecidable']).optional(),
            severity: z
              .string()
              .regex(/^(critical|high|medium|low|none|unknown)(,(critical|high|medium|low|none|unknown))*$/, 'severities joined by commas')
              .optional(),
            kev: bool.optional(),
            fixAvailable: bool.optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(findingOut), total: z.number(), limit: z.number(), offset: z.number() }) },
        },
      },
      async (request) => {
        const { limit, offset, suppressed, severity, ...rest } = request.query;
        const filter = {
          ...rest,
          ...(suppressed === 'all' ? {} : { suppressed: suppressed === 'true' }),
          ...(severity ? { severity: severity.split(',') } : {}),
        };
        const res = await listFindings(deps.db, filter, request.principal, limit, offset);
        return {
          total: res.total,
          limit,
          offset,
          items: res.items.map((f) => ({
            id: f.id,
            product: f.product,
            version: f.productVersion,
            component: f.component,
            vulnerability: f.vulnerabilityId,
            severity: f.severity,
            cvss: f.cvss,
            kev: f.kev,
            epss: f.epss,
            title: f.title,
            outcome: f.outcome as 'affected' | 'undecidable',
            match: {
              method: f.method,
              confidence: f.confidence,
              source: f.source,
              sources: f.sources,
              searched: f.searched,
              range: f.matchedRange,
              fixedIn: f.fixedIn,
              smallestFix: f.smallestFix,
              marks: f.marks,
              reason: f.reason,
            },
            state: f.state as 'open' | 'retracted',
            suppressed: f.suppressed,
            suppressionId: f.suppressionId,
            firstSeen: f.firstSeen.toISOString(),
            lastSeen: f.lastSeen.toISOString(),
          })),
        };
      },
    );

    app.get(
      '/exposure/components',
      {
        schema: {
          operationId: 'exposureComponents',
          summary:
            'Components by the number of the caller’s product versions they put at risk (open, unsuppressed findings): their vulnerabilities, shipped versions and the smallest upgrade fixing all of a version’s vulnerabilities',
          querystring: z.object({
            /** A fragment of the component name or purl (without version). */
            q: z.string().max(500).optional(),
            kev: bool.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(componentExposureOut), total: z.number(), limit: z.number(), offset: z.number() }) },
        },
      },
      async (request) => {
        const { q, kev, limit, offset } = request.query;
        const res = await exposureByComponent(deps.db, { q, kev }, request.principal, limit, offset);
        return { ...res, limit, offset };
      },
    );

    app.post(
      '/products/:product/vex',
      {
        schema: {
          summary:
            'Import VEX (CycloneDX, OpenVEX, CSAF VEX): each not_affected statement with a justification becomes a not_affected decision on the product versions given, hiding the findings it covers and deciding the cases',
          params: z.object({ product: z.string() }),
          querystring: z.object({
            /** Product versions covered: `*` (default), a `vers:generic/…` range, or versions joined by `|`. */
            versions: z.string().min(1).default('*'),
          }),
          body: z.unknown(),
          response: {
            201: z.object({
              imported: z.number(),
              suppressions: z.array(z.string()),
              ignored: z.array(z.object({ vulnerabilityId: z.string(), reason: z.string() })),
              suppressedFindings: z.number(),
            }),
          },
        },
      },
      async (request, reply) => {
        const product = await productForVex(deps, request.principal, request.params.product);
        const versions = parseVersionSelector(request.query.versions);
        if (!versions.ok) throw new AppError(versions.code, versions.message, 400, [{ path: '/querystring/versions', message: versions.message }]);
        const vex = parseVex(request.body);
        if (!vex.ok) throw new AppError(vex.code, vex.message, 400, [{ path: '/', message: vex.message }]);
        const made = await recordDecisions(
          deps.db,
          vex.value.statements.map((s) => ({
            vulnerabilityId: s.vulnerabilityId,
            scope: scopeOfSelector(versions.value),
            productId: product.id,
            teamId: product.teamId,
            versions: versions.value,
            componentPurl: s.componentPurl,
            status: 'not_affected' as const,
            justification: s.justification,
            reason: s.impactStatement,
            source: s.format,
            reference: s.reference,
            createdBy: request.principal.tokenId,
          })),
          deps.clock.now(),
        );
        await deps.kick();
        return reply.status(201).send({
          imported: made.length,
          suppressions: made.map((d) => d.id),
          ignored: vex.value.ignored,
          suppressedFindings: await countSuppressed(deps.db, product.id),
        });
      },
    );

    app.delete(
      '/products/:product/vex/:suppression',
      {
        schema: {
          summary: 'Revoke an imported statement (a decision of the product, as `DELETE /decisions/{id}`); the findings it hid are shown again',
          params: z.object({ product: z.string(), suppression: z.uuid() }),
        },
      },
      async (request, reply) => {
        const product = await productForVex(deps, request.principal, request.params.product);
        const revoked = await revokeDecision(deps.db, request.params.suppression, request.principal.tokenId, deps.clock.now(), product.id);
        if (!revoked) throw notFound(`suppression ${request.params.suppression}`);
        await deps.kick();
        return reply.status(204).send();
      },
    );
  };
}
