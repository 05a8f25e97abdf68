import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { components, findings, packageVersions, products, productVersions, sbomUploads, teams, type Db } from '../../src/db/index.ts';
import { MatchingService } from '../../src/matching/matching.service.ts';
import { advisory, osvPackage } from '../../src/matching/testdata/advisories.ts';
import { storeBatch, type Advisory } from '../../src/vulns/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const store = (db: Db, ...advisories: Advisory[]) =>
  storeBatch(
    db,
    advisories.map((a) => ({ record: { kind: 'advisory' as const, advisory: a }, raw: {}, location: 'test' })),
  );

const lodashGhsa = (fixed: string, over: Partial<Advisory> = {}): Advisory =>
  advisory({
    source: 'osv',
    sourceId: 'GHSA-jf85-cpcp-j695',
    cves: ['CVE-2019-10744'],
    aliases: ['CVE-2019-10744'],
    affected: [osvPackage('npm', 'lodash', ['0', fixed])],
    ...over,
  });

async function productVersion(
  db: Db,
  product: string,
  version: string,
  comps: { name: string; version: string | null; purl: string | null }[],
): Promise<string> {
  const [p] = await db.insert(products).values({ name: product, teamId: 'team-a' }).onConflictDoNothing().returning();
  const productId = p?.id ?? (await db.select().from(products).where(eq(products.name, product)))[0]?.id;
  const [pv] = await db
    .insert(productVersions)
    .values({ productId: productId as string, version })
    .returning();
  const pvId = pv?.id as string;
  const [u] = await db
    .insert(sbomUploads)
    .values({ productVersionId: pvId, sha256: `${product}-${version}`, sizeBytes: 1, rawGzip: gzipSync('{}'), validation: 'warn', status: 'processed' })
    .returning();
  await db.insert(components).values(
    comps.map((c, i) => ({
      uploadId: u?.id as string,
      productVersionId: pvId,
      bomRef: `c${i}`,
      type: 'library',
      name: c.name,
      version: c.version,
      purl: c.purl,
      purlBase: c.purl?.replace(/@.*$/, '') ?? null,
    })),
  );
  return pvId;
}

describeDatabases('matching service', (target) => {
  let t: TestDatabase;
  let service: MatchingService;
  const clock = fixedClock(new Date('2025-01-01T00:00:00Z'));
  let v1: string;
  let v2: string;
  let archived: string;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await t.db.insert(teams).values({ id: 'team-a', name: 'A' });
    service = new MatchingService({ db: t.db, clock, log: silentLogger() });
    const lodash = (v: string) => ({ name: 'lodash', version: v, purl: `pkg:npm/lodash@${v}` });
    v1 = await productVersion(t.db, 'shop', '1.0', [lodash('4.17.11'), { name: 'express', version: '4.18.0', purl: 'pkg:npm/express@4.18.0' }]);
    v2 = await productVersion(t.db, 'admin', '2.0', [lodash('4.17.11'), { name: 'mystery', version: null, purl: 'pkg:npm/mystery' }]);
    archived = await productVersion(t.db, 'legacy', '0.1', [lodash('4.17.11')]);
    await t.db.update(productVersions).set({ lifecycle: 'archived' }).where(eq(productVersions.id, archived));
  });
  afterAll(() => t.cleanup());

  const open = async (pv: string) =>
    (
      await t.db
        .select()
        .from(findings)
        .where(and(eq(findings.productVersionId, pv), eq(findings.state, 'open')))
    ).map((f) => `${f.vulnerabilityId}:${f.outcome}:${f.fixedIn.join(',')}`);

  it('forward matching finds the vulnerable component and records first and last seen', async () => {
    await store(t.db, lodashGhsa('4.17.12'));
    await service.matchVersion(v1);
    expect(await open(v1)).toEqual(['CVE-2019-10744:affected:4.17.12']);
    const [f] = await t.db.select().from(findings).where(eq(findings.productVersionId, v1));
    expect(f?.firstSeen.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(f?.sources).toEqual(['osv:GHSA-jf85-cpcp-j695']);
  });

  it('a shared package version is evaluated once for the portfolio', async () => {
    const r = await service.matchVersion(v2);
    expect(r.evaluated).toBe(1); // only `mystery`: lodash@4.17.11 was judged for v1 already
    expect(await open(v2)).toEqual(['CVE-2019-10744:affected:4.17.12']);
    expect((await t.db.select().from(packageVersions)).length).toBe(3);
  });

  it('archived versions are not matched', async () => {
    await service.matchVersion(archived);
    expect(await open(archived)).toEqual([]);
  });

  it('reverse matching of a new advisory reaches every version that ships the package', async () => {
    clock.advance(3600_000);
    const lodash2 = advisory({
      source: 'osv',
      sourceId: 'GHSA-p6mc-m468-83gw',
      cves: ['CVE-2020-8203'],
      affected: [osvPackage('npm', 'lodash', ['0', '4.17.20'])],
    });
    const { changedVulnerabilityIds } = await store(t.db, lodash2);
    const r = await service.matchVulnerabilities(changedVulnerabilityIds);
    expect(r.evaluated).toBe(1);
    for (const pv of [v1, v2]) expect(await open(pv)).toEqual(expect.arrayContaining(['CVE-2020-8203:affected:4.17.20', 'CVE-2019-10744:affected:4.17.12']));
    expect(await open(archived)).toEqual([]);
  });

  it('a changed range updates last seen and keeps first seen', async () => {
    clock.advance(3600_000);
    const { changedVulnerabilityIds } = await store(t.db, lodashGhsa('4.17.13', { modified: '2024-02-01T00:00:00Z' }));
    await service.matchVulnerabilities(changedVulnerabilityIds);
    const [f] = await t.db
      .select()
      .from(findings)
      .where(and(eq(findings.productVersionId, v1), eq(findings.vulnerabilityId, 'CVE-2019-10744')));
    expect(f?.fixedIn).toEqual(['4.17.13']);
    expect(f?.firstSeen.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(f?.lastSeen.toISOString()).toBe('2025-01-01T02:00:00.000Z');
  });

  it('a withdrawn advisory retracts its findings', async () => {
    const { changedVulnerabilityIds } = await store(
      t.db,
      lodashGhsa('4.17.13', { modified: '2024-03-01T00:00:00Z', flags: ['withdrawn'], withdrawnAt: '2024-03-01T00:00:00Z' }),
    );
    await service.matchVulnerabilities(changedVulnerabilityIds);
    expect(await open(v1)).toEqual(['CVE-2020-8203:affected:4.17.20']);
    const [f] = await t.db
      .select()
      .from(findings)
      .where(and(eq(findings.productVersionId, v1), eq(findings.vulnerabilityId, 'CVE-2019-10744')));
    expect(f?.state).toBe('retracted');
  });

  it('a component without a version is reported as undecidable, not affected or clean', async () => {
    const mystery = advisory({
      source: 'osv',
      sourceId: 'GHSA-0000-0000-0001',
      cves: ['CVE-2099-1111'],
      affected: [osvPackage('npm', 'mystery', ['0', '2.0.0'])],
    });
    const { changedVulnerabilityIds } = await store(t.db, mystery);
    await service.matchVulnerabilities(changedVulnerabilityIds);
    expect(await open(v2)).toContain('CVE-2099-1111:undecidable:');
  });

  it('name-only heuristic: with it on, a component without purl named like an advisory package gets a low finding; off, none', async () => {
    await store(
      t.db,
      advisory({ source: 'osv', sourceId: 'GHSA-0000-0000-0002', cves: ['CVE-2099-0020'], affected: [osvPackage('PyPI', 'Tiny-Widget', ['0', '2.0'])] }),
    );
    const on = new MatchingService({ db: t.db, clock, log: silentLogger(), options: { nameOnly: true } });
    const pvOn = await productVersion(t.db, 'named-on', '1.0', [{ name: 'tiny-widget', version: '1.5', purl: null }]);
    const pvOff = await productVersion(t.db, 'named-off', '1.0', [{ name: 'TINY-WIDGET', version: '1.5', purl: null }]);
    await service.matchVersion(pvOff);
    expect(await open(pvOff)).toEqual([]);
    await on.matchVersion(pvOn);
    const rows = await t.db
      .select()
      .from(findings)
      .where(and(eq(findings.productVersionId, pvOn), eq(findings.state, 'open')));
    expect(rows.map((f) => `${f.vulnerabilityId}:${f.method}:${f.confidence}`)).toEqual(['CVE-2099-0020:name-only:low']);
  });

  it('reverse matching reaches a Debian binary package through its source package (libc6 of glibc, as Syft writes it)', async () => {
    const pv = await productVersion(t.db, 'appliance', '1.0', [
      { name: 'libc6', version: '2.36-9+deb12u1', purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?arch=amd64&upstream=glibc&distro=debian-12' },
    ]);
    await service.matchVersion(pv);
    expect(await open(pv)).toEqual([]);
    const { changedVulnerabilityIds } = await store(
      t.db,
      advisory({ source: 'osv', sourceId: 'DSA-9999-1', cves: ['CVE-2099-2222'], affected: [osvPackage('Debian:12', 'glibc', ['0', '2.36-9+deb12u4'])] }),
    );
    await service.matchVulnerabilities(changedVulnerabilityIds);
    const [f] = await t.db
      .select()
      .from(findings)
      .where(and(eq(findings.productVersionId, pv), eq(findings.state, 'open')));
    expect(f).toMatchObject({ vulnerabilityId: 'CVE-2099-2222', outcome: 'affected' });
    expect(f?.searched).toMatch(/glibc.*\(source of libc6\)/);
  });

  it('full re-match gives the same findings', async () => {
    const before = [...(await open(v1)), ...(await open(v2))].sort();
    const r = await service.rematchAll();
    expect(r.evaluated).toBeGreaterThanOrEqual(3);
    expect([...(await open(v1)), ...(await open(v2))].sort()).toEqual(before);
  });
});
