import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeZip, type ZipEntryInput } from '../test/support/zip-writer.ts';

/** NVD's page size on `/cves/2.0`, so generated pages look like real API answers. */
const NVD_PAGE = 2000;
/** Spread over enough ecosystems that no archive needs zip64 (65,535 members) at bench sizes. */
const ECOSYSTEMS = [
  { name: 'npm', purl: 'npm' },
  { name: 'PyPI', purl: 'pypi' },
  { name: 'Maven', purl: 'maven' },
  { name: 'Go', purl: 'golang' },
  { name: 'crates.io', purl: 'cargo' },
  { name: 'RubyGems', purl: 'gem' },
  { name: 'NuGet', purl: 'nuget' },
  { name: 'Packagist', purl: 'composer' },
  { name: 'Debian', purl: 'deb' },
  { name: 'Alpine', purl: 'apk' },
] as const;

/** Deterministic, so two runs of the bench import the same dump. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LOREM =
  'allows remote attackers to execute arbitrary code via a crafted request to the affected endpoint because input is not validated before it is passed to a deserialisation routine';
const V3 = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'];
const V3_SCORES = [9.8, 6.1, 7.8];
const V3_RATINGS = ['CRITICAL', 'MEDIUM', 'HIGH'];

const iso = (ms: number): string => new Date(ms).toISOString();
const nvdTime = (ms: number): string => iso(ms).slice(0, -1);

/** One CVE shaped like the API's: two descriptions, v3.1 primary and secondary, v2, CWE, CPE configurations, references. */
function nvdCve(n: number, rnd: () => number): unknown {
  const year = 2000 + (n % 25);
  const id = `CVE-${year}-${String(10000 + n).padStart(5, '0')}`;
  const vendor = `vendor${n % 5000}`;
  const product = `product${n % 9000}`;
  const published = Date.UTC(year, 0, 1) + Math.floor(rnd() * 3e10);
  const v = Math.floor(rnd() * 3);
  const matches = Array.from({ length: 1 + Math.floor(rnd() * 12) }, (_, i) => ({
    vulnerable: true,
    criteria: `cpe:2.3:a:${vendor}:${product}:*:*:*:*:*:*:*:*`,
    versionStartIncluding: `${i}.0.0`,
    versionEndExcluding: `${i}.${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 20)}`,
    matchCriteriaId: `${(n * 31 + i).toString(16).toUpperCase().padStart(8, '0')}-0000-4000-8000-000000000000`,
  }));
  const configurations: unknown[] = [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: matches }] }];
  if (rnd() < 0.2) {
    configurations.push({
      operator: 'AND',
      nodes: [
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [{ vulnerable: true, criteria: `cpe:2.3:o:${vendor}:${product}_firmware:*:*:*:*:*:*:*:*`, versionEndExcluding: '3.2.1' }],
        },
        { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: false, criteria: `cpe:2.3:h:${vendor}:${product}_appliance:-:*:*:*:*:*:*:*` }] },
      ],
    });
  }
  const metric = (source: string, type: string): unknown => ({
    source,
    type,
    cvssData: { version: '3.1', vectorString: V3[v], baseScore: V3_SCORES[v], baseSeverity: V3_RATINGS[v] },
    exploitabilityScore: 3.9,
    impactScore: 5.9,
  });
  return {
    id,
    sourceIdentifier: `security@${vendor}.example`,
    published: nvdTime(published),
    lastModified: nvdTime(published + Math.floor(rnd() * 1e10)),
    vulnStatus: rnd() < 0.02 ? 'Rejected' : 'Analyzed',
    cveTags: [],
    descriptions: [
      { lang: 'en', value: `${product} by ${vendor} before ${matches[0]?.versionEndExcluding ?? '1.0'} ${LOREM}.` },
      { lang: 'es', value: `${product} de ${vendor} ${LOREM}.` },
    ],
    metrics: {
      cvssMetricV31: [metric('nvd@nist.gov', 'Primary'), metric(`security@${vendor}.example`, 'Secondary')],
      cvssMetricV2: [
        {
          source: 'nvd@nist.gov',
          type: 'Primary',
          cvssData: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 },
          baseSeverity: 'HIGH',
          exploitabilityScore: 10.0,
          impactScore: 6.4,
          acInsufInfo: false,
        },
      ],
    },
    weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: `CWE-${20 + (n % 900)}` }] }],
    configurations,
    references: Array.from({ length: 3 + Math.floor(rnd() * 12) }, (_, i) => ({
      url: `https://${vendor}.example/security/${id}/${i}`,
      source: `security@${vendor}.example`,
      tags: i === 0 ? ['Vendor Advisory', 'Patch'] : ['Third Party Advisory'],
    })),
  };
}

/** One record shaped like a reviewed GitHub advisory in OSV form. */
function osvRecord(n: number, eco: (typeof ECOSYSTEMS)[number], rnd: () => number): unknown {
  const id = `GHSA-${n.toString(36).padStart(4, '0')}-${(n * 7).toString(36).slice(-4).padStart(4, 'x')}-${(n * 13).toString(36).slice(-4).padStart(4, 'y')}`;
  const name = eco.name === 'Maven' ? `org.example${n % 3000}:lib-${n % 700}` : `pkg-${n % 40000}`;
  const published = Date.UTC(2018, 0, 1) + Math.floor(rnd() * 2.5e11);
  const v = Math.floor(rnd() * 3);
  const ranges = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => ({
    type: eco.name === 'Go' ? 'SEMVER' : 'ECOSYSTEM',
    events: [{ introduced: i === 0 ? '0' : `${i}.0.0` }, { fixed: `${i}.${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 30)}` }],
  }));
  return {
    schema_version: '1.4.0',
    id,
    modified: iso(published + Math.floor(rnd() * 1e10)),
    published: iso(published),
    aliases: [`CVE-${2018 + (n % 7)}-${String(20000 + n).padStart(5, '0')}`],
    summary: `${name} ${LOREM.slice(0, 60)}`,
    details: `### Impact\n${name} ${LOREM}.\n\n### Patches\nUpgrade to the fixed version.\n\n### Workarounds\nNone.\n\n### References\n${LOREM}`,
    severity: [{ type: 'CVSS_V3', score: V3[v] }],
    affected: [
      {
        package: { ecosystem: eco.name, name, purl: `pkg:${eco.purl}/${name.replace(':', '/')}` },
        ranges,
        versions: Array.from({ length: Math.floor(rnd() * 15) }, (_, i) => `0.${i}.0`),
        database_specific: { source: `https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/${id}.json` },
      },
    ],
    references: Array.from({ length: 2 + Math.floor(rnd() * 6) }, (_, i) => ({
      type: i === 0 ? 'ADVISORY' : 'WEB',
      url: `https://github.com/example/${name.replace(':', '-')}/security/advisories/${id}/${i}`,
    })),
    database_specific: {
      cwe_ids: [`CWE-${20 + (n % 900)}`],
      severity: ['CRITICAL', 'MODERATE', 'HIGH'][v],
      github_reviewed: true,
      github_reviewed_at: iso(published + 86_400_000),
      nvd_published_at: iso(published),
    },
  };
}

/**
 * A local feed dump for the import bench: `<dir>/nvd/` with CVE API 2.0 pages of 2,000 records,
 * `<dir>/osv/<Ecosystem>/all.zip` with deflated GHSA-shaped records spread over ten ecosystems.
 */
export async function generateFeedDump(dir: string, counts: { nvd: number; osv: number }): Promise<void> {
  const rnd = random(0x6b616e);
  await mkdir(path.join(dir, 'nvd'), { recursive: true });
  for (let start = 0, page = 0; start < counts.nvd; start += NVD_PAGE, page++) {
    const items = Array.from({ length: Math.min(NVD_PAGE, counts.nvd - start) }, (_, i) => ({ cve: nvdCve(start + i, rnd) }));
    const body = {
      resultsPerPage: items.length,
      startIndex: start,
      totalResults: counts.nvd,
      format: 'NVD_CVE',
      version: '2.0',
      timestamp: nvdTime(Date.UTC(2026, 0, 1)),
      vulnerabilities: items,
    };
    await writeFile(path.join(dir, 'nvd', `cves-${String(page).padStart(4, '0')}.json`), JSON.stringify(body));
  }
  for (const [e, eco] of ECOSYSTEMS.entries()) {
    const share = Math.floor(counts.osv / ECOSYSTEMS.length) + (e < counts.osv % ECOSYSTEMS.length ? 1 : 0);
    if (share === 0) continue;
    await mkdir(path.join(dir, 'osv', eco.name), { recursive: true });
    function* members(): Iterable<ZipEntryInput> {
      for (let i = 0; i < share; i++) {
        const n = i * ECOSYSTEMS.length + e;
        const rec = osvRecord(n, eco, rnd) as { id: string };
        yield { name: `${rec.id}.json`, data: Buffer.from(JSON.stringify(rec, null, 2)) };
      }
    }
    await writeZip(path.join(dir, 'osv', eco.name, 'all.zip'), members(), { deflate: true });
  }
}
