import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { csafAdapter } from '../../feeds/csaf/csaf.adapter.ts';
import type { FeedAdapter, RawRecord, RejectedRecord } from '../../feeds/feed-adapter.ts';
import { jvnAdapter } from '../../feeds/jvn/jvn.adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Advisory } from '../../src/vulns/advisory.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

interface Imported {
  records: RawRecord[];
  rejected: RejectedRecord[];
  advisories: Advisory[];
  errors: { location: string; code: string }[];
}

async function importDump(adapter: FeedAdapter<never>, dir: string): Promise<Imported> {
  const out: Imported = { records: [], rejected: [], advisories: [], errors: [] };
  for await (const r of adapter.readDump(dir, silentLogger())) {
    if ('rejected' in r) out.rejected.push(r.rejected);
    else out.records.push(r);
  }
  for (const r of out.records) {
    const n = adapter.normalize(r);
    if (!n.ok) out.errors.push({ location: r.location, code: n.code });
    else out.advisories.push(...n.value.flatMap((f) => (f.kind === 'advisory' ? [f.advisory] : [])));
  }
  return out;
}

describeWithFixtures('JVN iPedia fixtures', (fixtures) => {
  let jvn: Imported;
  beforeAll(async () => {
    jvn = await importDump(jvnAdapter as FeedAdapter<never>, path.join(fixtures, 'feeds/jvn'));
  });

  it('reads and normalises every VULDEF entry and RSS item', () => {
    // 12 VULDEF entries (detail feeds and getVulnDetailInfo/dataFeed responses) + 21 RSS items.
    expect(jvn.records).toHaveLength(33);
    expect(jvn.rejected).toEqual([]);
    expect(jvn.errors).toEqual([]);
    expect(jvn.advisories).toHaveLength(33);
  });

  it('relates JVNDB-2023-004315 to CVE-2013-10019 with its Japanese text and product', () => {
    const a = jvn.advisories.find((x) => x.sourceId === 'JVNDB-2023-004315');
    expect(a?.cves).toEqual(['CVE-2013-10019']);
    expect(a?.titles).toEqual([{ lang: 'ja', text: 'oclc の oaicat における SQL インジェクションの脆弱性' }]);
    expect(a?.descriptions).toEqual([{ lang: 'ja', text: 'oclc の oaicat には、SQL インジェクションの脆弱性が存在します。' }]);
    expect(a?.affected).toContainEqual({
      kind: 'product',
      vendor: 'oclc',
      product: 'oaicat',
      versionText: '1.5.62 未満',
      bounds: [{ versionEndExcluding: '1.5.62' }],
      parsed: true,
      cpe: 'cpe:2.3:a:oclc:oaicat:*:*:*:*:*:*:*:*',
      status: 'affected',
    });
    expect(a?.affected.some((x) => x.kind === 'cpe')).toBe(true);
    expect(a?.cwes).toEqual(['CWE-89']);
    expect(a?.severities).toContainEqual(expect.objectContaining({ type: 'CVSS_V3', score: 9.8, rating: 'critical' }));
  });

  it('lists every CVE of an entry that covers several', () => {
    const a = jvn.advisories.find((x) => x.sourceId === 'JVNDB-2022-000097');
    expect(a?.cves).toEqual(['CVE-2022-41993', 'CVE-2022-46287', 'CVE-2022-46288']);
  });

  it('reads IPA overview items despite the unquoted retCd in the status block', () => {
    expect(jvn.records.filter((r) => r.location.startsWith('myjvn-api-hnd/dataFeed_jvndb_rss_hnd.xml'))).toHaveLength(4);
  });
});

describeWithFixtures('CSAF fixtures', (fixtures) => {
  let csaf: Imported;
  beforeAll(async () => {
    csaf = await importDump(csafAdapter as FeedAdapter<never>, path.join(fixtures, 'feeds/csaf'));
  });

  it('reads and normalises every CSAF document', () => {
    // Every *.json with document.csaf_version (provider metadata, ROLIE feeds, aggregators and schemas are not
    // documents); one advisory per vulnerabilities[] entry, and none from the two documents that list none.
    expect(csaf.records).toHaveLength(40);
    expect(csaf.rejected).toEqual([]);
    expect(csaf.errors).toEqual([]);
    expect(csaf.advisories).toHaveLength(149);
  });

  it('checks real provider documents against their hashes and signatures', () => {
    const signed = csaf.records.filter((r) => r.location.startsWith('providers/')).map((r) => r.id);
    expect(signed.sort()).toEqual(['CVE-2015-1832', 'CVE-2022-1471', 'STACKSA_2024_0101_0001', 'example-company-2025-0001', 'example-company-2025-0002']);
    expect(csaf.records.map((r) => r.location)).toEqual(
      expect.arrayContaining(['vendors/suse/csaf-vex/cve-1999-0003.json', 'vendors/cisa/OT/white/2025/icsma-25-160-01.json']),
    );
  });

  it('yields not_affected statuses with justification from a VEX document', () => {
    const a = csaf.advisories.find((x) => x.sourceId === '2022-EVD-UC-01-NA-001#CVE-2021-44228');
    expect(a?.cves).toEqual(['CVE-2021-44228']);
    expect(a?.affected).toEqual([
      expect.objectContaining({ status: 'not_affected', justification: 'Class with vulnerable code was removed before shipping.' }),
    ]);
    const stackable = csaf.advisories.find((x) => x.sourceId === 'CVE-2022-1471#CVE-2022-1471');
    expect(stackable?.affected).toContainEqual(
      expect.objectContaining({
        kind: 'package',
        ecosystem: 'Maven',
        name: 'org.yaml:snakeyaml',
        status: 'not_affected',
        justification: 'vulnerable_code_cannot_be_controlled_by_adversary',
      }),
    );
  });
});
