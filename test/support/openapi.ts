import type { FastifyInstance } from 'fastify';

export interface OpenApiOperation {
  operationId?: string;
  tags?: string[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

export const openApiDocument = async (app: FastifyInstance): Promise<OpenApiDocument> =>
  (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();

/** Every operation of the document as `METHOD /path/{param}`, with the operation. */
export const operations = (doc: OpenApiDocument): [string, OpenApiOperation][] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]): [string, OpenApiOperation] => [`${method.toUpperCase()} ${path}`, op]),
  );

/**
 * Every route the app registered, as `METHOD /path/{param}`, read from Fastify's own route tree
 * (`printRoutes`): each line is a node, its depth the position of its branch, its path the
 * concatenation of its ancestors' segments.
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD' && x !== 'OPTIONS')) routes.push(`${method} ${path}`);
  }
  return routes;
}
