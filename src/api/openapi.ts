import type { FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route takes its body as raw bytes of these content types (no body schema to validate
     * against): how the OpenAPI document describes its request body.
     */
    rawBody?: { contentTypes: string[]; description: string };
  }
}

export const problemSchema = z
  .object({ path: z.string(), message: z.string() })
  .meta({ id: 'Problem', description: 'One problem in an input: a JSON pointer or `line N`, and what is wrong there' });

/** The one error body of every 4xx and 5xx answer. */
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(problemSchema) }) })
  .meta({ id: 'Error', description: 'Every error answer: a stable code, a message, and the problems found in the input' });

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid request: the problems are listed in `error.details`',
  401: 'No bearer token, or one that is unknown, revoked or expired',
  403: 'Refused: the caller’s role may not do this (on an upload: the product name belongs to another team)',
  404: 'Not found, or not visible to the caller (another team’s data reads as missing)',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  429: 'Too many requests (failed authentications from this address, or uploads of this token): wait for `Retry-After` seconds',
  500: 'Internal error; a generated document that fails its own validation says why in `error.details`',
};

/** Error answers a route gives beyond those its shape implies (see `openapiTransform`), for `schema.response`. */
export const errorResponses = (...statuses: ErrorStatus[]): Record<number, typeof errorSchema> => Object.fromEntries(statuses.map((s) => [s, errorSchema]));

const isErrorStatus = (s: string): s is `${ErrorStatus}` => s in ERROR_DESCRIPTIONS;

/** `POST /products/:product/vex` → `postProductsByProductVex`, for routes that name no operation. */
export function defaultOperationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .flatMap((s) => (s.startsWith(':') ? ['by', s.slice(1)] : s.split('-')));
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/**
 * The errors a route can give by its shape: 401 and 429 behind authentication; 400 when it
 * takes input; 404 when its path names something; 413 when it takes a body. A write that
 * declares none of its own errors may also be refused by role (403).
 */
export function impliedErrors(route: { method: string; url: string; schema: FastifySchema | undefined; rawBody: boolean }): ErrorStatus[] {
  const s = route.schema ?? {};
  const statuses = new Set<ErrorStatus>();
  if (route.url.startsWith('/api/v1/')) statuses.add(401).add(429);
  const hasBody = s.body !== undefined || route.rawBody;
  if (s.querystring !== undefined || s.params !== undefined || hasBody) statuses.add(400);
  if (route.url.includes('/:')) statuses.add(404);
  if (hasBody) statuses.add(413);
  const declaresErrors = Object.keys((s.response as Record<string, unknown> | undefined) ?? {}).some(isErrorStatus);
  if (route.method !== 'GET' && !declaresErrors) statuses.add(403);
  return [...statuses];
}

/**
 * The OpenAPI transform: zod schemas to JSON schema, then what every operation must carry — an
 * operation id, a tag (the first path segment), its request body (raw uploads included) and
 * every error answer, all with the one `Error` schema.
 */
export function openapiTransform(document: Parameters<typeof jsonSchemaTransform>[0]): ReturnType<typeof jsonSchemaTransform> {
  const result = jsonSchemaTransform(document);
  const schema = result.schema as Record<string, unknown> & { hide?: boolean; response?: Record<string, unknown> };
  if (schema.hide) return result;
  const route = (document as { route: RouteOptions }).route;
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  const rawBody = route.config?.rawBody;
  schema.operationId ??= defaultOperationId(method, route.url);
  schema.tags ??= [route.url.replace(/^\/api\/v1\//, '').split('/')[0]!];
  if (rawBody) {
    schema.body = { type: 'string', format: 'binary', description: rawBody.description };
    schema.consumes = rawBody.contentTypes;
  }
  const response: Record<string, unknown> = { ...schema.response };
  // An answer without a body (204) has no content, whatever schema the route serialises it with;
  // a DELETE that declares no success answer gives that one.
  const successes = Object.keys(response).filter((s) => s.startsWith('2'));
  if (successes.length === 0 && method === 'DELETE') response['204'] = { type: 'null', description: 'Done' };
  if (response['204']) response['204'] = { type: 'null', description: (response['204'] as { description?: string }).description ?? 'Done' };
  const declared = Object.keys(response)
    .filter(isErrorStatus)
    .map((s) => Number(s) as ErrorStatus);
  for (const status of new Set([...declared, ...impliedErrors({ method, url: route.url, schema: route.schema, rawBody: rawBody !== undefined })])) {
    // The description beside the $ref names the answer; the generator keeps only the $ref in the schema.
    response[status] = { description: ERROR_DESCRIPTIONS[status], $ref: '#/components/schemas/Error' };
  }
  schema.response = response;
  return result;
}

/**
 * Named component schemas from the zod registry. Each is emitted as read (`Foo`) and as written
 * (`FooInput`); only those an operation refers to are kept.
 */
export function openapiTransformObject(document: Parameters<typeof jsonSchemaTransformObject>[0]): ReturnType<typeof jsonSchemaTransformObject> {
  const doc = jsonSchemaTransformObject(document) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = doc.components?.schemas ?? {};
  const used = JSON.stringify({
    ...doc,
    components: { ...doc.components, schemas: Object.fromEntries(Object.entries(schemas).filter(([k]) => !k.endsWith('Input'))) },
  });
  for (const name of Object.keys(schemas)) {
    if (name.endsWith('Input') && !used.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  }
  return doc as ReturnType<typeof jsonSchemaTransformObject>;
}
