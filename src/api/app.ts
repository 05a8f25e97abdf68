import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { safeErrorText } from '../core/error-text.ts';
import { AppError, type ProblemDetail } from '../core/errors.ts';
import { jsonProblems } from '../core/json-guard.ts';
import type { Logger } from '../core/logger.ts';
import type { Principal } from './principal.ts';

export interface AppOptions {
  log: Logger;
  /** Resolves the bearer token of every `/api/v1` request; throws 401 when it is bad. */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** Routes mounted under `/api/v1`, behind authentication. */
  apiRoutes: FastifyPluginAsync[];
  /** Routes outside `/api/v1` (health, metrics, dashboard). */
  publicRoutes: FastifyPluginAsync[];
  /** Upper bound on any request body, in bytes. */
  bodyLimit: number;
  version: string;
}

/** Nesting accepted in JSON request bodies: far more than any of the API's own shapes needs. */
const MAX_BODY_DEPTH = 64;

/** Problems listed in one error body; a document with 100,000 violations is told about the first ones. */
const MAX_DETAILS = 100;

// The one place error bodies are built: messages may quote the input (a 3 MB name, a NUL byte),
// so every text is cut short and stripped of control characters on its way out.
const errorBody = (code: string, message: string, details: ProblemDetail[] = []) => ({
  error: {
    code,
    message: safeErrorText(message),
    details: details.slice(0, MAX_DETAILS).map((d) => ({ path: safeErrorText(d.path), message: safeErrorText(d.message) })),
  },
});

/** The HTTP application, built apart from `listen` so tests drive it with `inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: options.log, bodyLimit: options.bodyLimit }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Kanshi API', version: options.version, description: 'SBOM inventory, vulnerability feeds, findings and cases for product PSIRTs.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: `${error.validationContext ?? 'request'}${v.instancePath}`, message: v.message ?? 'invalid' }));
      return reply.status(400).send(errorBody('INVALID_REQUEST', `invalid ${error.validationContext ?? 'request'}`, details));
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('TOO_LARGE', `request body is larger than ${options.bodyLimit} bytes`));
    }
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(errorBody(fe.code ?? 'BAD_REQUEST', fe.message));
    }
    // Anything else is a bug or an outage: logged in full, masked for the caller.
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL', 'internal error'));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      api.decorateRequest('principal', null as unknown as Principal);
      api.addHook('onRequest', async (request) => {
        request.principal = await options.authenticate(request.headers.authorization);
      });
      // Postgres text cannot hold NUL: one in a name or a JSON body would fail its query as a 500.
      api.addHook('preValidation', async (request) => {
        const parts = { querystring: request.query, params: request.params, body: Buffer.isBuffer(request.body) ? undefined : request.body };
        const problems = Object.entries(parts).flatMap(([prefix, value]) => jsonProblems(value, { prefix, maxDepth: MAX_BODY_DEPTH }));
        const first = problems[0];
        if (first) throw new AppError('INVALID_REQUEST', `${first.path}: ${first.message}`, 400, problems);
      });
      for (const routes of options.apiRoutes) await api.register(routes);
    },
    { prefix: '/api/v1' },
  );
  for (const routes of options.publicRoutes) await app.register(routes);
  return app as unknown as FastifyInstance;
}
