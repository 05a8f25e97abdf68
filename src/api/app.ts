import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Redis } from 'ioredis';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { safeErrorText } from '../core/error-text.ts';
import { AppError, type ProblemDetail } from '../core/errors.ts';
import { jsonProblems } from '../core/json-guard.ts';
import type { Logger } from '../core/logger.ts';
import { openapiTransform, openapiTransformObject } from './openapi.ts';
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
  /**
   * Failed authentications allowed per client address and window; past them the client gets
   * 429 on every `/api/v1` request, good token or not, until the window ends. None: no limit.
   */
  authFailureLimit?: { max: number; windowMs: number };
  /**
   * Where rate-limit counters live: Redis (with its key prefix) shares them between API processes;
   * none keeps them in this process.
   */
  rateLimitStore?: { redis: Redis; prefix: string };
  /** Called after every `/api/v1` response (the audit of admin actions). */
  afterResponse?(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Called after every response: `route` is the matched route's template, `unmatched` for none. */
  observeResponse?(method: string, route: string, status: number, seconds: number): void;
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
  const observe = options.observeResponse;
  // The template, never the URL: ids and product names in paths would reach the metrics' labels.
  if (observe)
    app.addHook('onResponse', async (request, reply) =>
      observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000),
    );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kanshi API',
        version: options.version,
        description:
          'SBOM uploads and the product inventory, where-used, merged vulnerability records and feed status, findings with VEX suppressions, API tokens, teams and the audit log. Every error answer has the `Error` shape.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: openapiTransform,
    transformObject: openapiTransformObject,
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

  // Limits are declared per route (`config.rateLimit`, e.g. uploads) or used by hand (authentication).
  await app.register(rateLimit, {
    global: false,
    ...(options.rateLimitStore ? { redis: options.rateLimitStore.redis, nameSpace: options.rateLimitStore.prefix } : {}),
    // A Redis outage must not refuse every request: the limits pause, the API goes on.
    skipOnError: true,
    errorResponseBuilder: (_request, ctx) => new AppError('RATE_LIMITED', `too many requests: retry in ${ctx.after}`, 429),
  });
  const limit = options.authFailureLimit ?? { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
  const authFailures = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs });
  const tooManyFailures = (reply: FastifyReply, ttlSeconds: number): AppError => {
    reply.header('retry-after', String(ttlSeconds));
    return new AppError('RATE_LIMITED', `too many failed authentications from this address: retry in ${ttlSeconds} s`, 429);
  };

  await app.register(
    async (api) => {
      api.decorateRequest('principal', null as unknown as Principal);
      api.addHook('onRequest', async (request, reply) => {
        const seen = await authFailures(request, { increment: false });
        if (!seen.isAllowed && seen.isExceeded) throw tooManyFailures(reply, seen.ttlInSeconds);
        try {
          request.principal = await options.authenticate(request.headers.authorization);
        } catch (e) {
          const counted = await authFailures(request);
          if (!counted.isAllowed && counted.isExceeded) throw tooManyFailures(reply, counted.ttlInSeconds);
          throw e;
        }
      });
      const afterResponse = options.afterResponse;
      if (afterResponse) {
        api.addHook('onResponse', async (request, reply) => {
          // The answer is sent: a failure here is logged, never turned into the caller's error.
          if (request.principal) await afterResponse(request, reply).catch((err: unknown) => request.log.error({ err }, 'after-response hook failed'));
        });
      }
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
