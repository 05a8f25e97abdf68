import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SyncReport } from '../../feeds/feeds.module.ts';
import { DbAdvisoryLookup, readVulnerability } from '../../src/vulns/index.ts';
import { databaseTargets } from '../support/databases.ts';
import { feedsApp, openFeedsHarness, type FeedsHarness } from '../support/feeds-module.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

const pglite = databaseTargets().find((t) => t.kind === 'pglite')!;

describeWithFixtures('feeds import of the shared fixtures', (fixtures) => {
  const dir = path.join(fixtures, 'feeds');
  let h: FeedsHarness;
  let reports: SyncReport[];

  beforeAll(async () => {
    h = await openFeedsHarness(pglite);
    reports = await h.module.syncNow(undefined, dir);
  });
  afterAll(async () => h?.close());

  it('imports every source and quarantines only the files that are not records', async () => {
    expect(reports.map((r) => r.source)).toEqual(['nvd', 'osv', 'jvn', 'csaf', 'kev', 'epss']);
    for (const r of reports) {
      expect(r.error, r.source).toBeUndefined();
      expect(r.stored, r.source).toBeGreaterThan(0);
    }
    const rows = await h.database.db.execute(sql`select source, location from feed_quarantine order by source, location`);
    const quarantined = (rows as unknown as { rows: { source: string; location: string }[] }).rows.map((r) => `${r.source} ${path.relative(dir, r.location)}`);
    // JSON schemas shipped beside the records: documents of the feed's folder, but no records.
    expect(quarantined).toEqual(['kev kev/known_exploited_vulnerabilities_schema.json', 'osv osv/schema/ecosystems.json', 'osv osv/schema/osv-schema.json']);
    expect(reports.reduce((n, r) => n + r.quarantined, 0)).toBe(3);
    const status = await h.module.status();
    expect(status.every((s) => s.lastSuccessAt !== null && s.lastError === null)).toBe(true);
  });

  it('CVE-2021-44228 carries its GHSA alias, the NVD and GHSA CVSS and its KEV status', async () => {
    const v = await readVulnerability(h.database.db, 'CVE-2021-44228');
    expect(v).not.toBeNull();
    expect(v!.aliases).toContain('GHSA-jfh8-c2jp-5v3q');
    expect(v!.sources).toEqual(expect.arrayContaining(['nvd', 'osv']));
    const cvss = v!.severities.filter((s) => s.type === 'CVSS_V3');
    expect(cvss).toContainEqual(expect.objectContaining({ source: 'nvd', score: 10, record: 'nvd:CVE-2021-44228' }));
    expect(cvss).toContainEqual(expect.objectContaining({ source: 'ghsa', score: 10, record: 'osv:GHSA-jfh8-c2jp-5v3q' }));
    expect(v!.cvss).toMatchObject({ version: '3.1', score: 10, source: 'nvd' });
    expect(v!.severity).toBe('critical');
    expect(v!.kev).toMatchObject({ cve: 'CVE-2021-44228', dateAdded: '2021-12-10', knownRansomwareCampaignUse: 'Known' });
    expect(v!.cwes).toContain('CWE-502');
  });

  it('JVNDB-2023-004315 is related to CVE-2013-10019 and keeps its Japanese text and product', async () => {
    const v = await readVulnerability(h.database.db, 'JVNDB-2023-004315');
    expect(v?.id).toBe('CVE-2013-10019');
    expect(v!.titles).toContainEqual({ lang: 'ja', text: 'oclc の oaicat における SQL インジェクションの脆弱性', record: 'jvn:JVNDB-2023-004315' });
    expect(v!.descriptions.find((d) => d.lang === 'ja')?.text).toContain('SQL インジェクション');
    expect(v!.affected).toContainEqual(
      expect.objectContaining({ kind: 'product', vendor: 'oclc', product: 'oaicat', versionText: '1.5.62 未満', record: 'jvn:JVNDB-2023-004315' }),
    );
    const byCpe = await new DbAdvisoryLookup(h.database.db).byCpes([{ vendor: 'oclc', product: 'oaicat' }]);
    expect(byCpe.get('oclc\u0000oaicat')?.map((s) => s.vulnerabilityId)).toContain('CVE-2013-10019');
  });

  it('log4j-core is indexed under Maven for matching', async () => {
    const hits = await new DbAdvisoryLookup(h.database.db).byPackages([{ ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' }]);
    const ids = [...hits.values()].flat().map((s) => s.vulnerabilityId);
    expect(ids).toContain('CVE-2021-44228');
  });

  it('a second import of the same dump stores nothing new and changes no vulnerability', async () => {
    const again = await h.module.syncNow('nvd', dir);
    expect(again[0]).toMatchObject({ stored: 0, changedVulnerabilities: 0 });
    expect(again[0]!.unchanged).toBe(reports[0]!.stored);
  });

  it('GET /api/v1/vulnerabilities/GHSA-jfh8-c2jp-5v3q answers with the CVE record', async () => {
    const app = await feedsApp(h.module, { tokenId: 't', role: 'member', teamId: 'team-a' });
    const res = await app.inject({ method: 'GET', url: '/api/v1/vulnerabilities/GHSA-jfh8-c2jp-5v3q' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ id: string; aliases: string[]; kev: unknown; sources: string[] }>();
    expect(body.id).toBe('CVE-2021-44228');
    expect(body.aliases).toContain('GHSA-jfh8-c2jp-5v3q');
    expect(body.kev).not.toBeNull();
    const missing = await app.inject({ method: 'GET', url: '/api/v1/vulnerabilities/CVE-1999-99999' });
    expect(missing.statusCode).toBe(404);
    const feeds = await app.inject({ method: 'GET', url: '/api/v1/feeds' });
    expect(feeds.json<{ feeds: { source: string }[] }>().feeds.map((f) => f.source)).toContain('jvn');
    expect((await app.inject({ method: 'POST', url: '/api/v1/feeds/nvd/sync' })).statusCode).toBe(403);
    await app.close();
  });

  it('POST /api/v1/feeds/:source/sync queues a sync for PSIRT staff; an unknown source is 404', async () => {
    const app = await feedsApp(h.module, { tokenId: 't', role: 'psirt', teamId: null });
    const before = (await h.queue.counts()).feeds.waiting;
    const res = await app.inject({ method: 'POST', url: '/api/v1/feeds/kev/sync' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ source: 'kev', status: 'queued' });
    expect((await h.queue.counts()).feeds.waiting).toBe(before + 1);
    expect((await app.inject({ method: 'POST', url: '/api/v1/feeds/nope/sync' })).statusCode).toBe(404);
    await app.close();
  });
});
