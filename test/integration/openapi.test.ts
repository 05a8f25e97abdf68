import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, operations, registeredRoutes, type OpenApiDocument } from '../support/openapi.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Routes outside the JSON API: the document itself, the dashboard, health and Prometheus metrics.
const notInTheApi = (route: string): boolean => !/^[A-Z]+ \/api\/v1\//.test(route) || route === 'GET /api/v1/openapi.json';

describe('the OpenAPI document', () => {
  let t: TestRuntime;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await openTestRuntime({ kind: 'pglite' }, 'in-process', (c) => c, { work: false });
    doc = await openApiDocument(t.app);
  });
  afterAll(async () => t?.close());

  it('is a valid OpenAPI document', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route of the API, and nothing else', () => {
    const api = registeredRoutes(t.app)
      .filter((r) => !notInTheApi(r))
      .sort();
    expect(api.length).toBeGreaterThan(15);
    expect(
      operations(doc)
        .map(([k]) => k)
        .sort(),
    ).toEqual(api);
  });

  it('gives every operation a unique id, a tag, and every error answer with the one Error schema', () => {
    const ops = operations(doc);
    expect(new Set(ops.map(([, op]) => op.operationId)).size).toBe(ops.length);
    for (const [key, op] of ops) {
      expect(op.tags?.length, key).toBeGreaterThan(0);
      expect(op.responses['401'], `${key} 401`).toBeDefined();
      expect(op.responses['429'], `${key} 429`).toBeDefined();
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => Number(s) >= 400)) {
        expect(response.content?.['application/json']?.schema.$ref, `${key} ${status}`).toBe('#/components/schemas/Error');
        expect(response.description, `${key} ${status}`).not.toBe('Default Response');
      }
    }
    expect(doc.components.schemas).toHaveProperty('Error');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Upload', 'Component', 'Vulnerability', 'FeedStatus', 'Token', 'AuditEvent']));
  });

  it('documents the SBOM upload body in every content type it takes, and its refusals', () => {
    const upload = doc.paths['/api/v1/sboms']!.post!;
    expect(Object.keys(upload.requestBody!.content).sort()).toEqual(['application/gzip', 'application/json', 'application/xml', 'text/plain']);
    expect(Object.keys(upload.responses).sort()).toEqual(['202', '400', '401', '403', '413', '429']);
    expect(Object.keys(doc.paths['/api/v1/feeds/{source}/sync']!.post!.responses)).toContain('409');
  });

  it('says in its description only what exists', () => {
    expect(doc.info.description).not.toMatch(/\bcases?\b/i);
  });
});
