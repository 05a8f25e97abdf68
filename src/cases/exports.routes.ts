import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, authorizeFound, teamData } from '../access/index.ts';
import { errorResponses } from '../api/index.ts';
import { notFound } from '../core/errors.ts';
import type { Db } from '../db/index.ts';
import type { InventoryRepo } from '../inventory/index.ts';
import { casesWithContext } from './cases.repo.ts';
import { VEX_FORMATS, type ExportsService } from './exports.service.ts';

export interface ExportsRoutesDeps {
  db: Db;
  inventory: InventoryRepo;
  exports: ExportsService;
}

/** The documents are built to their own schemas; the API document only says they are JSON objects. */
const document = z.record(z.string(), z.unknown());

const MEDIA_TYPE = { cyclonedx: 'application/vnd.cyclonedx+json', openvex: 'application/json', csaf: 'application/json' } as const;

export function exportsRoutes(deps: ExportsRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/products/:product/versions/:version/vex',
      {
        schema: {
          operationId: 'getVersionVex',
          tags: ['exports'],
          summary:
            'VEX of a product version: CycloneDX 1.6 (default), OpenVEX 0.2.0 or CSAF 2.0 VEX; the status of every open finding from its case and the imported VEX statements (404 NO_STATEMENTS: nothing to state, for OpenVEX and CSAF)',
          params: z.object({ product: z.string(), version: z.string() }),
          querystring: z.object({ format: z.enum(VEX_FORMATS).default('cyclonedx') }),
          response: { 200: document, ...errorResponses(404, 500) },
        },
      },
      async (request, reply) => {
        const { product: name, version: wanted } = request.params;
        const product = authorizeFound(request.principal, 'export.read', await deps.inventory.findProduct(name), teamData, `product ${name}`);
        const version = await deps.inventory.findVersion(product.id, wanted);
        if (!version) throw notFound(`version ${wanted} of ${name}`);
        const format = request.query.format;
        const doc = await deps.exports.versionVex({ id: product.id, name }, { id: version.id, version: wanted }, format, request.principal);
        return reply.type(MEDIA_TYPE[format]).send(doc);
      },
    );

    app.get(
      '/cases/:id/csaf',
      {
        schema: {
          operationId: 'getCaseCsaf',
          tags: ['exports'],
          summary:
            'CSAF 2.0 security advisory draft of a case (checked against the CSAF 2.0 schema and mandatory tests; 404 NO_STATEMENTS when no version has an open finding or a fix)',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: document, ...errorResponses(404, 500) },
        },
      },
      async (request) => {
        const what = `case ${request.params.id}`;
        const c = authorizeFound(request.principal, 'case.read', (await casesWithContext(deps.db, [request.params.id]))[0], teamData, what);
        authorize(request.principal, 'export.read', teamData(c), what);
        return deps.exports.caseAdvisory(c, c.product);
      },
    );
  };
}
