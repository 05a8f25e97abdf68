import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDatabases } from '../support/databases.ts';
import { VALID } from '../support/fixture-sboms.ts';
import { describeWithFixtures } from '../support/fixtures.ts';
import { eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Issue 2's bar end to end: every valid real-world SBOM goes through the upload API and the
 * ingest job into the database, and the stored inventory has the document's own component count.
 */
describeWithFixtures('every fixture SBOM ingests through the API', (fixtures) => {
  describeDatabases('upload', (target) => {
    let t: TestRuntime;
    let uploader: { authorization: string };
    beforeAll(async () => {
      t = await openTestRuntime(target, 'in-process');
      uploader = await t.tokenFor('conformance', 'uploader');
    });
    afterAll(async () => t?.close());

    it.each(VALID)('%s: %i components', async (file, components, mode) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sboms?product=${encodeURIComponent(path.basename(file))}&version=1${mode ? `&validation=${mode}` : ''}`,
        headers: { ...uploader, 'content-type': 'application/octet-stream' },
        payload: readFileSync(path.join(fixtures, 'sboms', file)),
      });
      expect(res.statusCode, res.body).toBe(202);
      const id = res.json<{ id: string }>().id;
      const done = await eventually(async () => {
        const s = (await t.app.inject({ method: 'GET', url: `/api/v1/sboms/${id}`, headers: uploader })).json<{ status: string; componentCount: number }>();
        return s.status === 'processed' || s.status === 'failed' ? s : undefined;
      }, 60_000);
      expect(done).toMatchObject({ status: 'processed', componentCount: components });
    });
  });
});
