import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { advisory as makeAdvisory } from '../../src/matching/testdata/advisories.ts';
import {
  DbAdvisoryLookup,
  readVulnerability,
  storeBatch,
  type Advisory,
  type AffectedPackage,
  type FeedRecord,
  type StoreItem,
} from '../../src/vulns/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const advisory = (source: Advisory['source'], sourceId: string, over: Partial<Advisory> = {}): Advisory => makeAdvisory({ source, sourceId, ...over });

const item = (record: FeedRecord): StoreItem => ({ record, raw: { test: true }, location: 'test' });
const adv = (a: Advisory): StoreItem => item({ kind: 'advisory', advisory: a });

const lodash = (fixed: string): AffectedPackage => ({
  kind: 'package',
  ecosystem: 'npm',
  name: 'Lodash',
  ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
  versions: [],
  status: 'affected',
});

describeDatabases('vulnerability store', (target) => {
  let t: TestDatabase;
  let db: Db;
  const store = (items: StoreItem[]) => db.transaction((tx) => storeBatch(tx as unknown as Db, items));

  beforeAll(async () => {
    t = await openTestDatabase(target);
    db = t.db;
  });
  afterAll(async () => t?.cleanup());

  it('a GO record seen before its GHSA is absorbed into the CVE once the GHSA names it', async () => {
    await store([adv(advisory('osv', 'GO-2099-0001', { aliases: ['GHSA-aaaa-bbbb-cccc'], affected: [lodash('1.0.0')] }))]);
    expect((await readVulnerability(db, 'GO-2099-0001'))?.id).toBe('GO-2099-0001');

    const r = await store([
      adv(
        advisory('nvd', 'CVE-2099-0001', {
          cves: ['CVE-2099-0001'],
          severities: [{ source: 'nvd', type: 'CVSS_V3', version: '3.1', score: 9.8, vector: 'CVSS:3.1/AV:N', role: 'primary' }],
        }),
      ),
      adv(
        advisory('osv', 'GHSA-aaaa-bbbb-cccc', {
          cves: ['CVE-2099-0001'],
          aliases: ['CVE-2099-0001', 'GO-2099-0001'],
          severities: [{ source: 'ghsa', type: 'CVSS_V3', version: '3.1', score: 7.5, vector: 'CVSS:3.1/AV:L' }],
          affected: [lodash('1.0.1')],
        }),
      ),
    ]);
    expect(r.changedVulnerabilityIds).toEqual(expect.arrayContaining(['CVE-2099-0001', 'GO-2099-0001']));
    const v = await readVulnerability(db, 'GO-2099-0001');
    expect(v?.id).toBe('CVE-2099-0001');
    expect(v?.aliases).toEqual(['GHSA-aaaa-bbbb-cccc', 'GO-2099-0001']);
    expect(v?.sources).toEqual(['nvd', 'osv']);
    expect(v?.cvss).toMatchObject({ score: 9.8, source: 'nvd' });
    expect(v?.severities.map((s) => s.record).sort()).toEqual(['nvd:CVE-2099-0001', 'osv:GHSA-aaaa-bbbb-cccc']);

    const lookup = new DbAdvisoryLookup(db);
    const hits = await lookup.byPackages([{ ecosystem: 'npm', name: 'lodash' }]);
    expect(
      [...hits.values()]
        .flat()
        .map((h) => `${h.vulnerabilityId} ${h.advisory.sourceId}`)
        .sort(),
    ).toEqual(['CVE-2099-0001 GHSA-aaaa-bbbb-cccc', 'CVE-2099-0001 GO-2099-0001']);
  });

  it('an identical record is skipped; a change outside affected data triggers no reverse matching', async () => {
    const same = advisory('osv', 'GHSA-dddd-eeee-ffff', { cves: ['CVE-2099-0002'], affected: [lodash('2.0.0')] });
    expect((await store([adv(same)])).changedVulnerabilityIds).toEqual(['CVE-2099-0002']);
    expect(await store([adv(same)])).toMatchObject({ stored: 0, unchanged: 1, changedVulnerabilityIds: [] });
    const retitled = { ...same, titles: [{ lang: 'en' as const, text: 'new title' }] };
    expect(await store([adv(retitled)])).toMatchObject({ stored: 1, changedVulnerabilityIds: [] });
    expect((await readVulnerability(db, 'CVE-2099-0002'))?.title).toBe('new title');
  });

  it('a withdrawn record leaves the match index but is kept and flagged', async () => {
    const rec = advisory('osv', 'GHSA-gggg-hhhh-iiii', { affected: [{ ...lodash('3.0.0'), name: 'left-pad' }] });
    await store([adv(rec)]);
    const lookup = new DbAdvisoryLookup(db);
    expect((await lookup.byPackages([{ ecosystem: 'npm', name: 'left-pad' }])).size).toBe(1);
    const r = await store([adv({ ...rec, withdrawnAt: '2024-02-01T00:00:00Z', flags: ['withdrawn'] })]);
    expect(r.changedVulnerabilityIds).toEqual(['GHSA-gggg-hhhh-iiii']);
    expect((await lookup.byPackages([{ ecosystem: 'npm', name: 'left-pad' }])).size).toBe(0);
    const v = await readVulnerability(db, 'GHSA-gggg-hhhh-iiii');
    expect(v).toMatchObject({ withdrawn: true, flags: ['withdrawn'] });
    expect((await lookup.summaries(['GHSA-gggg-hhhh-iiii'])).get('GHSA-gggg-hhhh-iiii')?.withdrawn).toBe(true);
  });

  it('a JVNDB entry naming two CVEs is related to each, not merging them; KEV and EPSS enrich', async () => {
    await store([
      adv(
        advisory('jvn', 'JVNDB-2099-000001', {
          cves: ['CVE-2099-0010', 'CVE-2099-0011'],
          titles: [{ lang: 'ja', text: '脆弱性' }],
          affected: [
            {
              kind: 'product',
              vendor: 'Example',
              product: 'Widget',
              versionText: '1.0 以前',
              bounds: [{ versionEndIncluding: '1.0' }],
              parsed: true,
              cpe: 'cpe:/a:example:widget',
              status: 'affected',
            },
          ],
        }),
      ),
      item({
        kind: 'kev',
        entry: {
          cve: 'CVE-2099-0010',
          vendorProject: 'Example',
          product: 'Widget',
          name: 'Widget RCE',
          dateAdded: '2024-01-02',
          knownRansomwareCampaignUse: 'Known',
          cwes: [],
        },
      }),
      item({ kind: 'epss', score: { cve: 'CVE-2099-0010', epss: 0.5, percentile: 0.9, date: '2024-01-03' } }),
    ]);
    const a = await readVulnerability(db, 'CVE-2099-0010');
    const b = await readVulnerability(db, 'CVE-2099-0011');
    expect(a?.related).toEqual(['CVE-2099-0011']);
    expect(b?.related).toEqual(['CVE-2099-0010']);
    expect(a?.aliases).toEqual(['JVNDB-2099-000001']);
    expect(a?.titles).toEqual([{ lang: 'ja', text: '脆弱性', record: 'jvn:JVNDB-2099-000001' }]);
    expect(a?.kev?.knownRansomwareCampaignUse).toBe('Known');
    expect(a?.epss).toEqual({ score: 0.5, percentile: 0.9, date: '2024-01-03' });
    const hits = await new DbAdvisoryLookup(db).byCpes([{ vendor: 'example', product: 'widget' }]);
    expect(
      hits
        .get('example\u0000widget')
        ?.map((h) => h.vulnerabilityId)
        .sort(),
    ).toEqual(['CVE-2099-0010', 'CVE-2099-0011']);
    const sums = await new DbAdvisoryLookup(db).summaries(['CVE-2099-0010']);
    expect(sums.get('CVE-2099-0010')).toMatchObject({ kev: true, epss: 0.5 });
  });
});
