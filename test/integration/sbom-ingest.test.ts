import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiTokens, auditEvents, components, queryRows, sbomUploads } from '../../src/db/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { generateCycloneDx } from '../support/generate-sbom.ts';
import { describeQueues } from '../support/redis.ts';
import { eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const cdx = (components: object[], extra: object = {}): Buffer =>
  Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components, ...extra }));

const lib = (name: string, version: string, purl: string, more: object = {}) => ({ type: 'library', 'bom-ref': purl, name, version, purl, ...more });

const appSbom = cdx(
  [
    lib('lodash', '4.17.20', 'pkg:npm/lodash@4.17.20'),
    lib('log4j-core', '2.14.1', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', {
      group: 'org.apache.logging.log4j',
      cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
    }),
  ],
  {
    metadata: { component: { type: 'application', 'bom-ref': 'app', name: 'web-portal', version: '3.1.0' } },
    dependencies: [
      { ref: 'app', dependsOn: ['pkg:npm/lodash@4.17.20'] },
      { ref: 'pkg:npm/lodash@4.17.20', dependsOn: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'] },
    ],
  },
);
const firmwareSbom = cdx([lib('busybox', '1.36.1', 'pkg:generic/busybox@1.36.1')]);

describeDatabases('SBOM ingestion', (target) => {
  describeQueues('upload API', (queue) => {
    let t: TestRuntime;
    let uploader: { authorization: string };

    beforeAll(async () => {
      // Parsed on a thread, as in production.
      t = await openTestRuntime(target, queue, (c) => ({ ...c, server: { ...c.server, maxUploadBytes: 200_000, parseThreads: 1 } }));
      uploader = await t.tokenFor('web', 'uploader');
    });
    afterAll(async () => t?.close());

    const upload = (body: Buffer, query: string, headers = uploader) =>
      t.app.inject({ method: 'POST', url: `/api/v1/sboms?${query}`, headers: { ...headers, 'content-type': 'application/json' }, payload: body });
    const processed = (id: string) =>
      eventually(async () => {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/sboms/${id}`, headers: uploader });
        const body = res.json<{ status: string }>();
        return body.status === 'processed' || body.status === 'failed' ? body : undefined;
      });

    it('accepts an SBOM with 202, stores it durably and builds the inventory in a job', async () => {
      const res = await upload(appSbom, 'product=web-portal&version=3.1.0');
      expect(res.statusCode).toBe(202);
      const { id, status } = res.json<{ id: string; status: string }>();
      expect(status).toBe('queued');
      const done = await processed(id);
      expect(done).toMatchObject({ status: 'processed', product: 'web-portal', version: '3.1.0', format: 'CycloneDX', specVersion: '1.6', componentCount: 2 });
      const comps = await t.app.inject({ method: 'GET', url: '/api/v1/products/web-portal/versions/3.1.0/components', headers: uploader });
      const items = comps.json<{ items: { name: string; purl: string; direct: boolean; cpe: string | null }[] }>().items;
      expect(items.map((c) => [c.name, c.direct])).toEqual([
        ['lodash', true],
        ['log4j-core', false],
      ]);
      expect(items[1]!.cpe).toBe('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
    });

    it('returns the same upload id for identical bytes and stores nothing twice', async () => {
      const a = (await upload(appSbom, 'product=web-portal&version=3.1.1')).json<{ id: string }>();
      await processed(a.id);
      const b = (await upload(appSbom, 'product=web-portal&version=3.1.1')).json<{ id: string }>();
      expect(b.id).toBe(a.id);
      const rows = await queryRows<{ n: number }>(t.rt.deps.db, sql`select count(*)::int as n from ${sbomUploads} where ${sbomUploads.id} = ${a.id}`);
      expect(rows[0]!.n).toBe(1);
      const comps = await queryRows<{ n: number }>(t.rt.deps.db, sql`select count(*)::int as n from ${components} where ${components.uploadId} = ${a.id}`);
      expect(comps[0]!.n).toBe(2);
    });

    it('processes the bytes of a failed upload again when they are uploaded again', async () => {
      const again = cdx([lib('ms', '2.1.3', 'pkg:npm/ms@2.1.3')]);
      const first = (await upload(again, 'product=retry&version=1')).json<{ id: string }>();
      await processed(first.id);
      await t.rt.deps.db
        .update(sbomUploads)
        .set({ status: 'failed', error: { code: 'INGEST_FAILED', message: 'simulated' } })
        .where(eq(sbomUploads.id, first.id));
      const second = (await upload(again, 'product=retry&version=1')).json<{ id: string; status: string }>();
      expect(second).toEqual({ id: first.id, status: 'queued' });
      expect(await processed(first.id)).toMatchObject({ status: 'processed', componentCount: 1 });
    });

    it('stores one inventory when the same ingest runs twice at once', async () => {
      const twice = cdx([lib('left-pad', '1.3.0', 'pkg:npm/left-pad@1.3.0'), lib('chalk', '4.1.2', 'pkg:npm/chalk@4.1.2')]);
      const res = await upload(twice, 'product=twice&version=1');
      const { id } = res.json<{ id: string }>();
      await processed(id);
      await Promise.all([t.rt.inventory.ingest.process(id), t.rt.inventory.ingest.process(id)].map((p) => p.catch(() => undefined)));
      await t.rt.deps.db.update(sbomUploads).set({ status: 'queued' }).where(eq(sbomUploads.id, id));
      await Promise.all([t.rt.inventory.ingest.process(id), t.rt.inventory.ingest.process(id)]);
      const comps = await queryRows<{ n: number }>(t.rt.deps.db, sql`select count(*)::int as n from ${components} where ${components.uploadId} = ${id}`);
      expect(comps[0]!.n).toBe(2);
    });

    it('accepts gzip-compressed uploads', async () => {
      const res = await upload(gzipSync(firmwareSbom), 'product=router&version=1.0');
      expect(res.statusCode).toBe(202);
      expect(await processed(res.json<{ id: string }>().id)).toMatchObject({ status: 'processed', componentCount: 1 });
    });

    it('rejects an invalid SBOM with 400, the reason and where, and keeps only an audit record', async () => {
      const before = await queryRows<{ n: number }>(t.rt.deps.db, sql`select count(*)::int as n from ${sbomUploads}`);
      const res = await upload(
        cdx([{ type: 'library', name: 'x', version: '1', purl: 'pkg:npm/x@1', hashes: [{ alg: 'NOPE', content: 'zz' }] }]),
        'product=bad&version=1',
      );
      expect(res.statusCode).toBe(400);
      const { error } = res.json<{ error: { code: string; message: string; details: { path: string; message: string }[] } }>();
      expect(error.code).toBe('INVALID_SBOM');
      expect(error.details.some((d) => d.path.startsWith('/components/0/hashes/0'))).toBe(true);
      const after = await queryRows<{ n: number }>(t.rt.deps.db, sql`select count(*)::int as n from ${sbomUploads}`);
      expect(after[0]!.n).toBe(before[0]!.n);
      const audit = await t.rt.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'sbom.rejected'));
      expect(audit.length).toBeGreaterThan(0);
      const truncated = await upload(Buffer.from('{"bomFormat": "CycloneDX", "compo'), 'product=bad&version=1');
      expect(truncated.statusCode).toBe(400);
      expect(truncated.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toMatch(/^line 1 column \d+/);
    });

    it('ingests a schema-breaking SBOM under ?validation=warn and lists every violation', async () => {
      const broken = cdx([lib('a', '1', 'pkg:npm/a@1', { scope: 'sometimes' })]);
      expect((await upload(broken, 'product=lenient&version=1')).statusCode).toBe(400);
      const res = await upload(broken, 'product=lenient&version=1&validation=warn');
      expect(res.statusCode).toBe(202);
      const done = await processed(res.json<{ id: string }>().id);
      expect(done).toMatchObject({ status: 'processed', componentCount: 1 });
      expect((done as unknown as { warnings: { path: string }[] }).warnings.some((w) => w.path.includes('/components/0/scope'))).toBe(true);
    });

    it('answers 413 for an upload over the size limit', async () => {
      const res = await upload(generateCycloneDx(400), 'product=big&version=1');
      expect(res.statusCode).toBe(413);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('TOO_LARGE');
    });

    it('refuses missing and bad tokens (401) and uploads to another team’s product (403); stores tokens hashed', async () => {
      expect((await upload(appSbom, 'product=web-portal&version=9', { authorization: '' })).statusCode).toBe(401);
      expect((await upload(appSbom, 'product=web-portal&version=9', { authorization: 'Bearer nope' })).statusCode).toBe(401);
      const other = await t.tokenFor('payments', 'uploader');
      expect((await upload(appSbom, 'product=web-portal&version=9', other)).statusCode).toBe(403);
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/products', headers: other });
      expect(list.json<{ items: unknown[] }>().items).toEqual([]);
      const member = await t.tokenFor('web', 'member');
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: member, payload: { role: 'admin' } })).statusCode).toBe(403);
      const hashes = await t.rt.deps.db.select({ h: apiTokens.tokenHash }).from(apiTokens);
      expect(hashes.every((r) => /^[0-9a-f]{64}$/.test(r.h))).toBe(true);
      expect(hashes.some((r) => r.h.includes(uploader.authorization.slice(7)))).toBe(false);
    });

    it('makes a version the union of its parts; a new upload of a part replaces that part only', async () => {
      const q = 'product=gateway&version=2.0';
      const app1 = (await upload(appSbom, `${q}&part=app`)).json<{ id: string }>();
      const fw = (await upload(firmwareSbom, `${q}&part=firmware`)).json<{ id: string }>();
      await processed(app1.id);
      await processed(fw.id);
      const count = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/v1/products/gateway/versions/2.0/components', headers: uploader })).json<{ total: number }>().total;
      expect(await count()).toBe(3);
      const app2 = (await upload(cdx([lib('express', '4.18.2', 'pkg:npm/express@4.18.2')]), `${q}&part=app`)).json<{ id: string }>();
      await processed(app2.id);
      expect(await count()).toBe(2);
      const version = (await t.app.inject({ method: 'GET', url: '/api/v1/products/gateway/versions/2.0', headers: uploader })).json<{
        parts: { part: string; uploadId: string }[];
      }>();
      expect(version.parts).toEqual([
        expect.objectContaining({ part: 'app', uploadId: app2.id }),
        expect.objectContaining({ part: 'firmware', uploadId: fw.id }),
      ]);
    });

    it('answers where-used by purl with and without version, by CPE and by name', async () => {
      const ask = async (q: string) =>
        (await t.app.inject({ method: 'GET', url: `/api/v1/where-used?q=${encodeURIComponent(q)}`, headers: t.admin })).json<{
          results: { product: string; version: string }[];
        }>().results;
      // gateway 2.0 shipped lodash in its app part until that part was replaced.
      expect((await ask('pkg:npm/lodash')).map((r) => `${r.product}@${r.version}`).sort()).toEqual(['web-portal@3.1.0', 'web-portal@3.1.1']);
      expect(await ask('pkg:npm/lodash@4.17.21')).toEqual([]);
      expect((await ask('pkg:npm/lodash@4.17.20')).length).toBe(2);
      expect((await ask('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*')).length).toBe(2);
      expect((await ask('cpe:/a:apache:log4j:2.14.1')).length).toBe(2);
      expect((await ask('BusyBox')).map((r) => r.product)).toEqual(['gateway', 'router']);
      const bad = await t.app.inject({ method: 'GET', url: '/api/v1/where-used?q=pkg:', headers: t.admin });
      expect(bad.statusCode).toBe(400);
    });

    it('archives versions by lifecycle and by the retention setting', async () => {
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/products/router/versions/1.0',
        headers: t.admin,
        payload: { lifecycle: 'end-of-life' },
      });
      expect(res.json()).toMatchObject({ lifecycle: 'end-of-life' });
      const product = (await t.app.inject({ method: 'GET', url: '/api/v1/products/web-portal', headers: t.admin })).json<{
        versions: { version: string; lifecycle: string }[];
      }>();
      expect(product.versions.map((v) => v.lifecycle)).toEqual(['supported', 'supported']);
    });

    it('exposes inventory, upload and queue metrics in the Prometheus format', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toMatch(/^kanshi_products \d+$/m);
      expect(res.body).toMatch(/^kanshi_sbom_uploads\{status="processed"\} \d+$/m);
      expect(res.body).toMatch(/^kanshi_jobs\{queue="ingest",state="waiting"\} \d+$/m);
    });

    it('publishes an OpenAPI document of the whole API', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/sboms', '/api/v1/sboms/{id}', '/api/v1/products', '/api/v1/where-used', '/api/v1/tokens']),
      );
    });
  });
});

describeDatabases('upload recovery', (target) => {
  it('an upload accepted before a stop is processed after the restart', async () => {
    const t = await openTestRuntime(target, 'in-process');
    try {
      const uploader = await t.tokenFor('web', 'uploader');
      // Accept without a worker: the job is lost with the process, the stored upload is not.
      await t.rt.queue.close();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sboms?product=p&version=1',
        headers: { ...uploader, 'content-type': 'application/json' },
        payload: firmwareSbom,
      });
      expect(res.statusCode).toBe(202);
      const id = res.json<{ id: string }>().id;
      const { InProcessQueue } = await import('../../src/jobs/index.ts');
      const { silentLogger } = await import('../../src/core/logger.ts');
      const { createInventoryModule } = await import('../../src/inventory/index.ts');
      const queue = new InProcessQueue(silentLogger(), { concurrency: 1, attempts: 1 });
      const inventory = createInventoryModule({ ...t.rt.deps, queue });
      await queue.work(inventory.jobHandlers!);
      await inventory.start!();
      await queue.idle();
      await inventory.close();
      const row = await t.rt.deps.db.select({ status: sbomUploads.status, n: sbomUploads.componentCount }).from(sbomUploads).where(eq(sbomUploads.id, id));
      expect(row[0]).toEqual({ status: 'processed', n: 1 });
      await queue.close();
    } finally {
      await t.close();
    }
  });
});

describeDatabases('retention', (target) => {
  it("archives supported versions past the retention age, keeping each product's newest ones", async () => {
    const t = await openTestRuntime(target, 'in-process', (c) => ({ ...c, retention: { archiveAfter: 1, keepLatest: 2 } }));
    try {
      const uploader = await t.tokenFor('web', 'uploader');
      for (const v of ['1.0', '1.1', '1.2', '1.3']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/sboms?product=old&version=${v}`,
          headers: { ...uploader, 'content-type': 'application/json' },
          payload: firmwareSbom,
        });
        expect(res.statusCode).toBe(202);
      }
      await new Promise((r) => setTimeout(r, 20));
      expect(await t.rt.inventory.applyRetention()).toBe(2);
      const product = (await t.app.inject({ method: 'GET', url: '/api/v1/products/old', headers: uploader })).json<{
        versions: { version: string; lifecycle: string }[];
      }>();
      expect(product.versions.map((v) => `${v.version}:${v.lifecycle}`)).toEqual(['1.0:archived', '1.1:archived', '1.2:supported', '1.3:supported']);
    } finally {
      await t.close();
    }
  });
});
