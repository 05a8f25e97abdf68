import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sbomUploads } from '../../src/db/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const cdx = (components: object[]): Buffer => Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components }));
const lib = (name: string) => ({ type: 'library', name, version: '1.0.0', purl: `pkg:npm/${encodeURIComponent(name)}@1.0.0` });

// Poison uploads: documents that parse but cannot be stored, which used to be accepted with 202
// and then fail every insert, or crash the request with a 500.
describeDatabases('bad SBOM uploads', (target) => {
  let t: TestRuntime;
  let uploader: { authorization: string };

  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process');
    uploader = await t.tokenFor('web', 'uploader');
  });
  afterAll(async () => t?.close());

  const upload = (body: Buffer | string, query = 'product=shop&version=1') =>
    t.app.inject({ method: 'POST', url: `/api/v1/sboms?${query}`, headers: { ...uploader, 'content-type': 'application/json' }, payload: body });
  const settled = (id: string) =>
    eventually(async () => {
      const body = (await t.app.inject({ method: 'GET', url: `/api/v1/sboms/${id}`, headers: uploader })).json<{
        status: string;
        error?: { message: string };
      }>();
      return body.status === 'processed' || body.status === 'failed' ? body : undefined;
    });

  it.each([
    ['a NUL in a component name', cdx([lib('lo\u0000dash')]), 'UNSAFE_INPUT', '/components/0/name'],
    [
      'components nested 10,000 deep',
      `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${'{"type":"library","name":"c","components":['.repeat(10_000)}${']}'.repeat(10_000)}]}`,
      'UNSAFE_INPUT',
      expect.stringMatching(/^\/components\/0/),
    ],
    ['a 3 MB component name', cdx([{ type: 'library', name: 'a'.repeat(3 * 1024 * 1024) }]), 'LIMIT_EXCEEDED', '/components/0'],
  ])('%s is a 400 with the reason, before anything is stored', async (_name, body, code, path) => {
    const res = await upload(body, 'product=shop&version=1&validation=warn');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code, details: [{ path }] } });
    expect(res.body.length).toBeLessThan(20_000);
  });

  it.each([
    ['product', 'product=sh%00op&version=1', 'querystring/product'],
    ['version', 'product=shop&version=1%00', 'querystring/version'],
  ])('a NUL in the %s name is a 400, not a 500', async (_field, query, path) => {
    const res = await upload(cdx([lib('lodash')]), query);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'INVALID_REQUEST', details: [{ path }] } });
  });

  it('an upload stored before these checks existed ends failed with a short reason, not processing forever', async () => {
    const accepted = (await upload(cdx([lib('lodash')]))).json<{ id: string }>();
    await settled(accepted.id);
    const [row] = await t.rt.deps.db.select().from(sbomUploads).where(eq(sbomUploads.id, accepted.id));
    const poison = cdx([lib(`lo\u0000dash${'x'.repeat(100_000)}`)]);
    const stored = await t.rt.inventory.repo.insertUpload({
      productVersionId: row!.productVersionId,
      part: 'poison',
      sha256: createHash('sha256').update(poison).digest('hex'),
      sizeBytes: poison.length,
      rawGzip: gzipSync(poison),
      validation: 'warn',
      uploadedBy: row!.uploadedBy!,
    });
    await t.rt.inventory.ingest.recover();
    const done = await settled(stored.id);
    expect(done).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('NUL') } });
    expect(done.error!.message.length).toBeLessThan(1_100);
  });

  it('a failure whose error quotes megabytes and control characters is stored short and clean', async () => {
    const accepted = (await upload(cdx([lib('ms')]), 'product=shop&version=2')).json<{ id: string }>();
    await settled(accepted.id);
    await t.rt.inventory.ingest.fail(accepted.id, new Error(`insert failed on \u0000${'y'.repeat(5_000_000)}`));
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/sboms/${accepted.id}`, headers: uploader });
    const body = res.json<{ status: string; error: { message: string } }>();
    expect(body.status).toBe('failed');
    expect(body.error.message).toMatch(/^insert failed on \ufffdyyy.*\(4999[0-9]+ more characters\)$/);
    expect(res.body.length).toBeLessThan(5_000);
  });
});
