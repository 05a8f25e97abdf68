import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { epssAdapter } from '../../feeds/epss/epss.adapter.ts';
import type { FeedAdapter, RawRecord, RejectedRecord } from '../../feeds/feed-adapter.ts';
import { kevAdapter } from '../../feeds/kev/kev.adapter.ts';
import { nvdAdapter } from '../../feeds/nvd/nvd.adapter.ts';
import { cvssBaseScore } from '../../src/vulns/index.ts';
import { osvAdapter } from '../../feeds/osv/osv.adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Advisory, AffectedPackage, FeedRecord } from '../../src/vulns/advisory.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

interface Imported {
  raw: RawRecord[];
  records: FeedRecord[];
  /** Files or parts the dump reader refused, by path relative to the source folder. */
  refused: Record<string, string>;
  /** Records `normalize` refused, by location. */
  invalid: Record<string, string>;
}

async function importSource(adapter: FeedAdapter<never>, dir: string): Promise<Imported> {
  const out: Imported = { raw: [], records: [], refused: {}, invalid: {} };
  for await (const item of adapter.readDump(dir, silentLogger())) {
    if ('rejected' in item) {
      const r: RejectedRecord = item.rejected;
      out.refused[path.relative(dir, r.location)] = r.reason;
      continue;
    }
    out.raw.push(item);
    const n = adapter.normalize(item);
    if (n.ok) out.records.push(...n.value);
    else out.invalid[path.relative(dir, item.location)] = `${n.code} ${n.message} at ${n.path}`;
  }
  return out;
}

const advisories = (i: Imported): Advisory[] => i.records.flatMap((r) => (r.kind === 'advisory' ? [r.advisory] : []));

describeWithFixtures('feed adapters over the shared NVD, OSV, KEV and EPSS records', (fixtures) => {
  const feeds = path.join(fixtures, 'feeds');

  describe('NVD', () => {
    let nvd: Imported;
    beforeAll(async () => {
      nvd = await importSource(nvdAdapter as FeedAdapter<never>, path.join(feeds, 'nvd'));
    });

    it('reads and normalises every CVE record (change history skipped on purpose)', () => {
      expect(nvd.refused).toEqual({});
      expect(nvd.invalid).toEqual({});
      expect(nvd.raw.length).toBe(45);
      expect(advisories(nvd).length).toBe(45);
    });

    it('CVE-2021-44228 has NVD’s CVSS 3.1 10.0 and log4j-core CPE configurations', () => {
      const log4shell = advisories(nvd).find((a) => a.sourceId === 'CVE-2021-44228');
      expect(log4shell?.severities).toContainEqual(
        expect.objectContaining({ source: 'nvd', type: 'CVSS_V3', version: '3.1', score: 10, rating: 'critical', role: 'primary' }),
      );
      const criteria = log4shell?.affected.flatMap((a) => (a.kind === 'cpe' ? a.configuration.nodes.flatMap((n) => n.cpeMatch) : []));
      expect(criteria).toContainEqual(expect.objectContaining({ vulnerable: true, criteria: expect.stringMatching(/^cpe:2\.3:a:apache:log4j:/) as unknown }));
      expect(log4shell?.cwes).toEqual(expect.arrayContaining(['CWE-502', 'CWE-917']));
    });

    it('the CVSS calculator agrees with NVD’s base score on every v3 vector in the records', () => {
      const v3 = advisories(nvd).flatMap((a) => a.severities.filter((s) => s.type === 'CVSS_V3'));
      expect(v3.length).toBeGreaterThan(40);
      for (const s of v3)
        expect([s.vector, cvssBaseScore(s.vector ?? '')]).toEqual([s.vector, { ok: true, value: expect.objectContaining({ score: s.score }) }]);
    });
  });

  describe('OSV', () => {
    let osv: Imported;
    beforeAll(async () => {
      osv = await importSource(osvAdapter as FeedAdapter<never>, path.join(feeds, 'osv'));
    });

    it('reads and normalises every record; only the schema files are refused', () => {
      expect(osv.refused).toEqual({
        'schema/ecosystems.json': 'not an OSV record (no string `id`)',
        'schema/osv-schema.json': 'not an OSV record (no string `id`)',
      });
      expect(osv.invalid).toEqual({});
      expect(advisories(osv).length).toBe(80);
    });

    it('GHSA-jfh8-c2jp-5v3q aliases CVE-2021-44228 with Maven ranges for log4j-core', () => {
      const ghsa = advisories(osv).find((a) => a.sourceId === 'GHSA-jfh8-c2jp-5v3q' && a.affected.length > 0);
      expect(ghsa?.cves).toEqual(['CVE-2021-44228']);
      const core = ghsa?.affected.filter((a): a is AffectedPackage => a.kind === 'package' && a.name === 'org.apache.logging.log4j:log4j-core');
      expect(core?.every((p) => p.ecosystem === 'Maven')).toBe(true);
      expect(core?.flatMap((p) => p.ranges.flatMap((r) => r.events))).toContainEqual({ fixed: '2.15.0' });
      expect(ghsa?.severities).toContainEqual(expect.objectContaining({ source: 'ghsa', type: 'CVSS_V3', score: 10 }));
    });

    it.each(['GO-2022-0617', 'GO-2024-2442', 'OSV-2021-1658', 'UVI-2021-1002351'])('%s is flagged withdrawn with its date', (id) => {
      const a = advisories(osv).find((x) => x.sourceId === id);
      expect(a?.flags).toContain('withdrawn');
      expect(a?.withdrawnAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });
  });

  describe('KEV', () => {
    let kev: Imported;
    beforeAll(async () => {
      kev = await importSource(kevAdapter as FeedAdapter<never>, path.join(feeds, 'kev'));
    });

    it('reads all 1,404 catalog entries; the schema file is refused', () => {
      expect(Object.keys(kev.refused)).toEqual(['known_exploited_vulnerabilities_schema.json']);
      expect(kev.invalid).toEqual({});
      expect(kev.records.length).toBe(1404);
    });

    it('CVE-2021-44228 was added on 2021-12-10 and is used by ransomware', () => {
      expect(kev.records).toContainEqual({
        kind: 'kev',
        entry: expect.objectContaining({
          cve: 'CVE-2021-44228',
          dateAdded: '2021-12-10',
          dueDate: '2021-12-24',
          knownRansomwareCampaignUse: 'Known',
        }) as unknown,
      });
    });
  });

  describe('EPSS', () => {
    let epss: Imported;
    beforeAll(async () => {
      epss = await importSource(epssAdapter as FeedAdapter<never>, path.join(feeds, 'epss'));
    });

    it('reads the 2026 file and every historical format', () => {
      expect(epss.refused).toEqual({});
      expect(epss.invalid).toEqual({});
      expect(epss.records.length).toBe(1071 + 4 * 2);
    });

    it.each([
      ['CVE-1999-0001', '2026-09-29', { epss: 0.03351, percentile: 0.88255 }],
      ['CVE-2020-5902', '2021-04-14', { epss: 0.65117 }],
      ['CVE-2020-5902', '2022-02-04', { epss: 0.96817, percentile: 0.99999 }],
    ])('%s on %s', (cve, date, values) => {
      const score = epss.records.find((r) => r.kind === 'epss' && r.score.cve === cve && r.score.date === date);
      expect(score).toEqual({ kind: 'epss', score: { cve, date, ...values } });
    });
  });
});
