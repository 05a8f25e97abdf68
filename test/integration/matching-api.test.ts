import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { Principal } from '../../src/api/principal.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { unauthorized } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { apiTokens, components, products, productVersions, sbomUploads, teams, type Db } from '../../src/db/index.ts';
import { findingsRoutes } from '../../src/matching/findings.routes.ts';
import { MatchingService } from '../../src/matching/matching.service.ts';
import { advisory, osvPackage } from '../../src/matching/testdata/advisories.ts';
import { storeBatch } from '../../src/vulns/index.ts';
import { InventoryRepo } from '../../src/inventory/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';

async function version(db: Db, product: string, team: string, v: string, purls: string[]): Promise<string> {
  const [p] = await db.insert(products).values({ name: product, teamId: team }).onConflictDoNothing().returning();
  const productId = p?.id ?? (await db.select().from(products).where(eq(products.name, product)))[0]?.id;
  const [pv] = await db
    .insert(productVersions)
    .values({ productId: productId as string, version: v })
    .returning();
  const [u] = await db
    .insert(sbomUploads)
    .values({ productVersionId: pv?.id as string, sha256: `${product}${v}`, sizeBytes: 1, rawGzip: gzipSync('{}'), validation: 'warn', status: 'processed' })
    .returning();
  await db.insert(components).values(
    purls.map((purl, i) => ({
      uploadId: u?.id as string,
      productVersionId: pv?.id as string,
      bomRef: `ref-${i}`,
      type: 'library',
      name: purl.replace(/^pkg:[^/]+\/(?:.*\/)?([^@]+)@.*$/, '$1'),
      version: purl.replace(/^.*@/, ''),
      purl,
      purlBase: purl.replace(/@.*$/, ''),
    })),
  );
  return pv?.id as string;
}

describeDatabases('findings API and VEX import', (target) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let matching: MatchingService;
  const principals = new Map<string, Principal>();
  const as = (who: string) => ({ authorization: `Bearer ${who}` });

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await t.db.insert(teams).values([
      { id: 'web', name: 'Web' },
      { id: 'ops', name: 'Ops' },
    ]);
    for (const [name, role, teamId] of [
      ['psirt', 'psirt', null],
      ['web-member', 'member', 'web'],
      ['ops-member', 'member', 'ops'],
    ] as const) {
      const [tok] = await t.db.insert(apiTokens).values({ role, teamId, tokenHash: name }).returning();
      principals.set(`Bearer ${name}`, { tokenId: tok?.id as string, role, teamId });
    }
    await version(t.db, 'shop', 'web', '1.0', ['pkg:npm/lodash@4.17.11', 'pkg:npm/express@4.18.0']);
    await version(t.db, 'shop', 'web', '2.0', ['pkg:npm/lodash@4.17.11']);
    await version(t.db, 'infra', 'ops', '1.0', ['pkg:npm/lodash@4.17.11']);
    await storeBatch(t.db, [
      {
        record: {
          kind: 'advisory',
          advisory: advisory({
            source: 'osv',
            sourceId: 'GHSA-jf85-cpcp-j695',
            cves: ['CVE-2019-10744'],
            aliases: ['CVE-2019-10744'],
            affected: [osvPackage('npm', 'lodash', ['0', '4.17.12'])],
          }),
        },
        raw: {},
        location: 'test',
      },
    ]);
    const clock = fixedClock(new Date('2025-01-01T00:00:00Z'));
    matching = new MatchingService({ db: t.db, clock, log: silentLogger() });
    await matching.rematchAll();
    app = await buildApp({
      log: silentLogger(),
      authenticate: async (h) => {
        const p = h ? principals.get(h) : undefined;
        if (!p) throw unauthorized();
        return p;
      },
      apiRoutes: [findingsRoutes({ db: t.db, clock, findProduct: (name) => new InventoryRepo(t.db).findProduct(name), kick: async () => undefined })],
      publicRoutes: [],
      bodyLimit: 1 << 20,
      version: 'test',
    });
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const list = async (who: string, query: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/findings${query}`, headers: as(who) });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      total: number;
      items: { product: string; version: string; vulnerability: string; suppressed: boolean; match: { sources: string[] } }[];
    };
  };

  it.each([
    { who: 'psirt', query: '', total: 3, why: 'PSIRT sees every team' },
    { who: 'web-member', query: '', total: 2, why: 'a member sees its own team only' },
    { who: 'ops-member', query: '?product=shop', total: 0, why: 'another team’s product is invisible' },
    { who: 'psirt', query: '?vulnerability=GHSA-jf85-cpcp-j695', total: 3, why: 'by any alias' },
    { who: 'psirt', query: '?component=pkg:npm/lodash', total: 3, why: 'by purl without version' },
    { who: 'psirt', query: '?component=lodash&product=shop&version=2.0', total: 1, why: 'by name, product and version' },
    { who: 'psirt', query: '?confidence=low', total: 0, why: 'by confidence' },
    { who: 'psirt', query: '?limit=1&offset=2', total: 3, why: 'paged' },
  ])('$why', async ({ who, query, total }) => {
    const body = await list(who, query);
    expect(body.total).toBe(total);
  });

  it.each([
    { who: 'psirt', query: '', exposure: [['lodash', 3, 2, '4.17.12']], why: 'PSIRT: lodash puts three versions of two products at risk, 4.17.12 fixes it' },
    { who: 'web-member', query: '', exposure: [['lodash', 2, 1, '4.17.12']], why: 'a member counts its own team’s versions only' },
    { who: 'psirt', query: '?q=express', exposure: [], why: 'express has no finding' },
    { who: 'psirt', query: '?q=pkg:npm/lod', exposure: [['lodash', 3, 2, '4.17.12']], why: 'by a purl fragment' },
    { who: 'psirt', query: '?kev=true', exposure: [], why: 'no lodash advisory is known exploited' },
  ])('exposure by component — $why', async ({ who, query, exposure }) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/exposure/components${query}`, headers: as(who) });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      total: number;
      items: { name: string; productVersions: number; products: number; vulnerabilities: { id: string }[]; versions: { smallestUpgrade: string | null }[] }[];
    }>();
    expect(body.items.map((c) => [c.name, c.productVersions, c.products, c.versions[0]?.smallestUpgrade])).toEqual(exposure);
    expect(body.total).toBe(exposure.length);
    if (exposure.length) expect(body.items[0]!.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2019-10744']);
  });

  it.each([
    {
      format: 'CycloneDX',
      doc: {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        components: [{ 'bom-ref': 'lodash', type: 'library', name: 'lodash', purl: 'pkg:npm/lodash@4.17.11' }],
        vulnerabilities: [
          {
            id: 'CVE-2019-10744',
            analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'defaultsDeep is never called' },
            affects: [{ ref: 'lodash' }],
          },
        ],
      },
    },
    {
      format: 'OpenVEX',
      doc: {
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/1',
        statements: [
          {
            vulnerability: { name: 'CVE-2019-10744' },
            products: [{ '@id': 'pkg:generic/shop', subcomponents: [{ '@id': 'pkg:npm/lodash@4.17.11' }] }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      },
    },
    {
      format: 'CSAF VEX',
      doc: {
        document: { category: 'csaf_vex', tracking: { id: 'SHOP-VEX-1' } },
        vulnerabilities: [
          {
            cve: 'CVE-2019-10744',
            product_status: { known_not_affected: ['shop-1'] },
            flags: [{ label: 'vulnerable_code_not_in_execute_path', product_ids: ['shop-1'] }],
          },
        ],
      },
    },
  ])('$format not_affected suppresses the finding for the versions given, kept and counted, and is reversible', async ({ doc }) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/products/shop/vex?versions=1.0', headers: as('web-member'), payload: doc });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { imported: number; suppressions: string[]; suppressedFindings: number };
    expect(body.imported).toBe(1);
    expect(body.suppressedFindings).toBe(1);
    expect((await list('psirt', '?product=shop&suppressed=true')).items.map((f) => f.version)).toEqual(['1.0']);
    expect((await list('psirt', '?product=shop&suppressed=false')).items.map((f) => f.version)).toEqual(['2.0']);
    // Hidden unless asked for.
    expect((await list('psirt', '?product=shop')).items.map((f) => f.version)).toEqual(['2.0']);
    expect((await list('psirt', '?product=shop&suppressed=all')).total).toBe(2);

    const del = await app.inject({ method: 'DELETE', url: `/api/v1/products/shop/vex/${body.suppressions[0]}`, headers: as('psirt') });
    expect(del.statusCode).toBe(204);
    expect((await list('psirt', '?product=shop&suppressed=true')).total).toBe(0);
  });

  it('each finding carries its vulnerability’s severity, CVSS, KEV, EPSS and title, and filters on them', async () => {
    await t.db.execute(sql`insert into kev_entries (cve, date_added, entry) values ('CVE-2019-10744', '2024-01-01', '{}'::jsonb) on conflict do nothing`);
    await t.db.execute(
      sql`insert into epss_scores (cve, epss, percentile, score_date) values ('CVE-2019-10744', 0.42, 0.97, '2024-01-01') on conflict do nothing`,
    );
    const all = (await list('psirt', '')).items as unknown as { severity: string; kev: boolean; epss: number | null; match: { smallestFix: string | null } }[];
    expect(all.length).toBe(3);
    for (const f of all) expect(f).toMatchObject({ severity: 'unknown', kev: true, epss: 0.42 });
    expect((await list('psirt', '?kev=true&severity=unknown')).total).toBe(3);
    expect((await list('psirt', '?kev=false')).total).toBe(0);
    expect((await list('psirt', '?severity=critical,high')).total).toBe(0);
    expect((await list('psirt', '?fixAvailable=true')).total).toBe(all.filter((f) => f.match.smallestFix !== null).length);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/findings?severity=urgent', headers: as('psirt') });
    expect(bad.statusCode).toBe(400);
  });

  it('VEX for another team’s product is refused; affected statements are ignored', async () => {
    const doc = { bomFormat: 'CycloneDX', specVersion: '1.6', vulnerabilities: [{ id: 'CVE-2019-10744', analysis: { state: 'exploitable' } }] };
    expect((await app.inject({ method: 'POST', url: '/api/v1/products/shop/vex', headers: as('ops-member'), payload: doc })).statusCode).toBe(404);
    const res = await app.inject({ method: 'POST', url: '/api/v1/products/shop/vex', headers: as('psirt'), payload: doc });
    expect(res.json()).toMatchObject({ imported: 0, ignored: [{ vulnerabilityId: 'CVE-2019-10744' }] });
    expect((await app.inject({ method: 'POST', url: '/api/v1/products/shop/vex', headers: as('psirt'), payload: { hello: 1 } })).statusCode).toBe(400);
  });

  it('a vers range suppresses the findings of the product versions it contains, versions uploaded later included', async () => {
    const pv21 = await version(t.db, 'portal', 'web', '2.1', ['pkg:npm/lodash@4.17.11']);
    await matching.matchVersion(pv21);
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      vulnerabilities: [{ id: 'CVE-2019-10744', analysis: { state: 'not_affected', justification: 'code_not_reachable' } }],
    };
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/products/portal/vex?versions=${encodeURIComponent('vers:generic/>=3.0|>=2.0')}`,
      headers: as('psirt'),
      payload: doc,
    });
    expect(bad.statusCode).toBe(400);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/products/portal/vex?versions=${encodeURIComponent('vers:generic/>=2.0|<3.0')}`,
      headers: as('psirt'),
      payload: doc,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ imported: 1, suppressedFindings: 1 });
    await matching.matchVersion(await version(t.db, 'portal', 'web', '3.0', ['pkg:npm/lodash@4.17.11']));
    await matching.matchVersion(await version(t.db, 'portal', 'web', '2.5', ['pkg:npm/lodash@4.17.11']));
    const shown = (items: { version: string }[]) => items.map((f) => f.version).sort();
    expect(shown((await list('psirt', '?product=portal&suppressed=true')).items)).toEqual(['2.1', '2.5']);
    expect(shown((await list('psirt', '?product=portal&suppressed=false')).items)).toEqual(['3.0']);
  });
});
