import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes, type ApiDocument } from '../../scripts/dashboard-api-types.ts';
import { repoRoot } from '../support/fixtures.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

describe('the dashboard API types', () => {
  let t: TestRuntime;
  let doc: ApiDocument;
  beforeAll(async () => {
    t = await openTestRuntime({ kind: 'pglite' }, 'in-process', (c) => c, { work: false });
    doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<ApiDocument>();
  });
  afterAll(async () => t?.close());

  it(`are those of the current OpenAPI document (regenerate: npx tsx scripts/dashboard-api-types.ts)`, () => {
    expect(readFileSync(path.join(repoRoot, API_TYPES_FILE), 'utf8')).toBe(renderApiTypes(doc));
  });

  it('refuses an operation the document lacks', () => {
    expect(() => renderApiTypes(doc, ['noSuchOperation'])).toThrow(/no operation noSuchOperation/);
  });
});
