import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { Clock } from '../core/clock.ts';
import { authorizeFound, teamData, teamScope, type Action, type Principal } from '../access/index.ts';
import { LIFECYCLES, type Db } from '../db/index.ts';
import type { IngestService } from './ingest.service.ts';
import type { InventoryRepo } from './inventory.repo.ts';
import { errorResponses, problemSchema as problem } from '../api/index.ts';
import { versionUndecided } from './inventory-summary.repo.ts';
import { whereUsed } from './where-used.repo.ts';

export interface InventoryRoutesDeps {
  db: Db;
  repo: InventoryRepo;
  ingest: IngestService;
  clock: Clock;
  events: { kick(): Promise<void> };
  defaultValidation: 'strict' | 'warn';
  /** Uploads per token and window (kanshi.yaml `rateLimit.uploads`). */
  uploadLimit: { max: number; windowMs: number };
}

const page = { limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) };
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const uploadStatus = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'processing', 'processed', 'failed']),
    product: z.string(),
    version: z.string(),
    part: z.string(),
    sha256: z.string(),
    format: z.string().nullable(),
    specVersion: z.string().nullable(),
    componentCount: z.number().nullable(),
    warnings: z.array(problem),
    error: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
    createdAt: z.string(),
    processedAt: z.string().nullable(),
    /**
     * Forward matching of the version after processing: `done` once the version's findings take
     * this upload into account (`findingsUrl` lists them); null when processing failed.
     */
    matching: z.enum(['pending', 'done']).nullable(),
    findingsUrl: z.string(),
  })
  .meta({ id: 'Upload' });

const componentOut = z
  .object({
    bomRef: z.string(),
    type: z.string(),
    group: z.string().nullable(),
    name: z.string(),
    version: z.string().nullable(),
    purl: z.string().nullable(),
    cpe: z.string().nullable(),
    hashes: z.array(z.object({ alg: z.string(), content: z.string() })),
    licenses: z.array(z.string()),
    supplier: z.string().nullable(),
    scope: z.string().nullable(),
    direct: z.boolean().nullable(),
    parentRef: z.string().nullable(),
    /** The purl or CPE the SBOM gives that could not be read, with the reason: the component is undecided. */
    unreadableIdentifier: z.string().nullable(),
  })
  .meta({ id: 'Component' });

export function inventoryRoutes(deps: InventoryRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    /** Product by name if the caller may do `action` on it; another team's product is "not found". */
    const productFor = async (p: Principal, name: string, action: Action = 'team-data.read'): Promise<{ id: string; teamId: string }> => {
      return authorizeFound(p, action, await deps.repo.findProduct(name), teamData, `product ${name}`);
    };
    const versionFor = async (p: Principal, name: string, version: string, action?: Action) => {
      const product = await productFor(p, name, action);
      const v = await deps.repo.findVersion(product.id, version);
      if (!v) throw notFound(`version ${version} of ${name}`);
      return { product, version: v };
    };

    await app.register(async (scope) => {
      const uploads = scope.withTypeProvider<ZodTypeProvider>();
      // SBOMs are taken as bytes whatever the content type: the format is detected from content.
      uploads.removeAllContentTypeParsers();
      uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      uploads.post(
        '/sboms',
        {
          config: {
            rawBody: {
              contentTypes: ['application/json', 'application/xml', 'text/plain', 'application/gzip'],
              description: 'The SBOM as produced, gzip-compressed or not; its format is detected from content, whatever the content type',
            },
            rateLimit: {
              max: deps.uploadLimit.max,
              timeWindow: deps.uploadLimit.windowMs,
              hook: 'preHandler',
              keyGenerator: (request) => request.principal.tokenId,
            },
          },
          schema: {
            operationId: 'uploadSbom',
            summary: 'Upload an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value/3.0 JSON-LD; gzip accepted)',
            querystring: z.object({
              product: z.string().min(1).max(200),
              version: z.string().min(1).max(200),
              part: z
                .string()
                .min(1)
                .max(100)
                .regex(/^[A-Za-z0-9._-]+$/)
                .default('main'),
              validation: z.enum(['strict', 'warn']).optional(),
              team: z.string().optional(),
            }),
            response: {
              202: z.object({ id: z.string(), status: z.string() }),
              // 403: the product name belongs to another team (a name cannot be taken twice).
              ...errorResponses(400, 403, 413),
            },
          },
        },
        async (request, reply) => {
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const q = request.query;
          const result = await deps.ingest.accept(
            request.principal,
            { product: q.product, version: q.version, part: q.part, validation: q.validation ?? deps.defaultValidation, team: q.team },
            body,
          );
          return reply.status(202).send(result);
        },
      );
    });

    app.get(
      '/sboms/:id',
      { schema: { operationId: 'getUpload', summary: 'Status of an SBOM upload', params: z.object({ id: z.uuid() }), response: { 200: uploadStatus } } },
      async (request) => {
        const upload = authorizeFound(
          request.principal,
          'team-data.read',
          await deps.repo.getUpload(request.params.id),
          teamData,
          `upload ${request.params.id}`,
        );
        const findings = new URLSearchParams({ product: upload.product, version: upload.version });
        return { ...upload, createdAt: upload.createdAt.toISOString(), processedAt: iso(upload.processedAt), findingsUrl: `/api/v1/findings?${findings}` };
      },
    );

    app.get(
      '/products',
      {
        schema: {
          operationId: 'listProducts',
          summary: 'Products visible to the caller',
          querystring: z.object(page),
          response: {
            200: z.object({
              items: z.array(
                z.object({ id: z.string(), name: z.string(), team: z.string(), versions: z.number(), createdAt: z.string() }).meta({ id: 'ProductSummary' }),
              ),
              total: z.number(),
              limit: z.number(),
              offset: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const res = await deps.repo.listProducts(teamScope(request.principal), request.query.limit, request.query.offset);
        return {
          ...res,
          items: res.items.map((p) => ({ id: p.id, name: p.name, team: p.teamId, versions: p.versions, createdAt: p.createdAt.toISOString() })),
        };
      },
    );

    const versionOut = z
      .object({ version: z.string(), lifecycle: z.enum(LIFECYCLES), components: z.number(), createdAt: z.string(), updatedAt: z.string() })
      .meta({ id: 'ProductVersionSummary' });
    app.get(
      '/products/:product',
      {
        schema: {
          operationId: 'getProduct',
          summary: 'A product and its versions',
          params: z.object({ product: z.string() }),
          response: { 200: z.object({ id: z.string(), name: z.string(), team: z.string(), versions: z.array(versionOut) }) },
        },
      },
      async (request) => {
        const product = await productFor(request.principal, request.params.product);
        const versions = await deps.repo.listVersions(product.id);
        return {
          id: product.id,
          name: request.params.product,
          team: product.teamId,
          versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), updatedAt: v.updatedAt.toISOString() })),
        };
      },
    );

    app.get(
      '/products/:product/versions/:version',
      {
        schema: {
          operationId: 'getProductVersion',
          summary:
            'A product version: lifecycle, the SBOM parts its inventory is made of, and what could not be decided (candidates its versions cannot settle, components whose purl or CPE could not be read)',
          params: z.object({ product: z.string(), version: z.string() }),
          response: {
            200: z.object({
              product: z.string(),
              version: z.string(),
              lifecycle: z.enum(LIFECYCLES),
              parts: z.array(
                z.object({
                  part: z.string(),
                  uploadId: z.string(),
                  format: z.string().nullable(),
                  specVersion: z.string().nullable(),
                  componentCount: z.number().nullable(),
                  processedAt: z.string().nullable(),
                }),
              ),
              undecided: z.object({ total: z.number(), candidates: z.number(), unreadableIdentifiers: z.number() }),
            }),
          },
        },
      },
      async (request) => {
        const { version } = await versionFor(request.principal, request.params.product, request.params.version);
        const parts = await deps.repo.listParts(version.id);
        return {
          product: request.params.product,
          version: request.params.version,
          lifecycle: version.lifecycle,
          parts: parts.map((p) => ({ ...p, processedAt: iso(p.processedAt) })),
          undecided: await versionUndecided(deps.db, version.id),
        };
      },
    );

    app.patch(
      '/products/:product/versions/:version',
      {
        schema: {
          operationId: 'setVersionLifecycle',
          summary: 'Change a version lifecycle (archived versions are kept but no longer matched)',
          params: z.object({ product: z.string(), version: z.string() }),
          body: z.strictObject({ lifecycle: z.enum(LIFECYCLES) }),
          response: { 200: z.object({ product: z.string(), version: z.string(), lifecycle: z.enum(LIFECYCLES) }), ...errorResponses(403) },
        },
      },
      async (request) => {
        const { version } = await versionFor(request.principal, request.params.product, request.params.version, 'version.lifecycle');
        await deps.repo.setLifecycle(version.id, request.body.lifecycle, deps.clock.now());
        await deps.events.kick();
        return { product: request.params.product, version: request.params.version, lifecycle: request.body.lifecycle };
      },
    );

    app.get(
      '/products/:product/versions/:version/components',
      {
        schema: {
          operationId: 'listComponents',
          summary: 'Components of a product version (union of its current SBOM parts), paged',
          params: z.object({ product: z.string(), version: z.string() }),
          querystring: z.object({
            ...page,
            q: z.string().optional(),
            type: z.string().optional(),
            direct: bool.optional(),
            /** `true`: only components whose purl or CPE could not be read (undecided); `false`: only the others. */
            undecided: bool.optional(),
          }),
          response: { 200: z.object({ items: z.array(componentOut), total: z.number(), limit: z.number(), offset: z.number() }) },
        },
      },
      async (request) => {
        const { version } = await versionFor(request.principal, request.params.product, request.params.version);
        const q = request.query;
        const res = await deps.repo.listComponents(version.id, { q: q.q, purlType: q.type, direct: q.direct, undecided: q.undecided }, q.limit, q.offset);
        return {
          ...res,
          items: res.items.map((c) => ({
            bomRef: c.bomRef,
            type: c.type,
            group: c.group,
            name: c.name,
            version: c.version,
            purl: c.purl,
            cpe: c.cpe,
            hashes: c.hashes as { alg: string; content: string }[],
            licenses: c.licenses as string[],
            supplier: c.supplier,
            scope: c.scope,
            direct: c.direct,
            parentRef: c.parentRef,
            unreadableIdentifier: c.unreadableIdentifier,
          })),
        };
      },
    );

    app.get(
      '/where-used',
      {
        schema: {
          operationId: 'whereUsed',
          summary: 'Which products and versions ship a purl (with or without version), a CPE, or a component name',
          querystring: z.object({ q: z.string().min(1) }),
          response: {
            200: z.object({
              query: z.string(),
              results: z.array(
                z.object({
                  product: z.string(),
                  version: z.string(),
                  lifecycle: z.string(),
                  component: z.object({
                    name: z.string(),
                    group: z.string().nullable(),
                    version: z.string().nullable(),
                    purl: z.string().nullable(),
                    cpe: z.string().nullable(),
                    direct: z.boolean().nullable(),
                  }),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const rows = await whereUsed(deps.db, request.query.q, teamScope(request.principal));
        return { query: request.query.q, results: rows.map(({ teamId: _team, ...r }) => r) };
      },
    );
  };
}
