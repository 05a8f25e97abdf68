import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/vulns/index.ts';
import { normalizeNvdCve, nvdTimestamp } from './nvd-record.normalize.ts';

const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function advisory(data: unknown): Advisory {
  const r = normalizeNvdCve({ location: 'test', data });
  if (!r.ok) throw new Error(`${r.code} ${r.message} at ${r.path}`);
  const [rec] = r.value;
  if (rec?.kind !== 'advisory') throw new Error('not an advisory');
  return rec.advisory;
}

describe('normalizeNvdCve', () => {
  const full = advisory(load('cve-full.json'));

  it('keeps ids, dates as UTC instants and English text only', () => {
    expect(full).toMatchObject({
      source: 'nvd',
      sourceId: 'CVE-2099-0001',
      cves: ['CVE-2099-0001'],
      published: '2099-01-02T03:04:05.678Z',
      modified: '2099-02-03T04:05:06.789Z',
      descriptions: [{ lang: 'en', text: 'Example Lib before 2.0 lets remote attackers run code.' }],
      flags: ['disputed'],
    });
  });

  it.each([
    { type: 'CVSS_V4', version: '4.0', source: 'cna:security@example.org', score: 9.3, rating: 'critical', role: 'secondary' },
    { type: 'CVSS_V3', version: '3.1', source: 'nvd', score: 10, rating: 'critical', role: 'primary' },
    { type: 'CVSS_V3', version: '3.1', source: 'cna:security@example.org', score: 8.1, rating: 'high', role: 'secondary' },
    { type: 'CVSS_V3', version: '3.0', source: 'cna:security@example.org', score: 9.8, rating: 'critical', role: 'secondary' },
    // v2 keeps its rating beside cvssData rather than inside it
    { type: 'CVSS_V2', version: '2.0', source: 'nvd', score: 9.3, rating: 'high', role: 'primary' },
  ])('CVSS $type $version from $source ($role) scores $score', (row) => {
    expect(full.severities).toContainEqual(expect.objectContaining(row));
  });

  it('keeps specific CWEs once and drops NVD-CWE-Other', () => {
    expect(full.cwes).toEqual(['CWE-502', 'CWE-20']);
  });

  it('keeps one reference per URL with its tags', () => {
    expect(full.references).toEqual([{ url: 'https://example.org/advisory/1', type: 'Vendor Advisory,Patch' }, { url: 'https://example.org/blog' }]);
  });

  it('turns each configuration into one AffectedCpe, platform nodes and bounds kept', () => {
    expect(full.affected).toEqual([
      {
        kind: 'cpe',
        status: 'affected',
        configuration: {
          operator: 'OR',
          negate: false,
          nodes: [
            {
              operator: 'OR',
              negate: false,
              cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:example:lib:*:*:*:*:*:*:*:*', versionStartIncluding: '1.0', versionEndExcluding: '2.0' }],
            },
          ],
        },
      },
      {
        kind: 'cpe',
        status: 'affected',
        configuration: {
          operator: 'AND',
          negate: false,
          nodes: [
            {
              operator: 'OR',
              negate: false,
              cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:o:example:firmware:*:*:*:*:*:*:*:*', versionEndIncluding: '3.1' }],
            },
            { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:h:example:appliance:-:*:*:*:*:*:*:*' }] },
          ],
        },
      },
    ]);
  });

  it('flags a Rejected CVE and accepts missing metrics, weaknesses and configurations', () => {
    const a = advisory(load('cve-rejected.json'));
    expect(a.flags).toEqual(['rejected']);
    expect(a.severities).toEqual([]);
    expect(a.affected).toEqual([]);
  });

  const base = load('cve-rejected.json');
  it.each([
    { why: 'not an object', data: 'CVE-2099-0002', path: '' },
    { why: 'id is not a CVE id', data: { ...base, id: 'GHSA-xxxx' }, path: '/id' },
    { why: 'lastModified missing', data: { ...base, lastModified: undefined }, path: '/lastModified' },
    { why: 'lastModified not a date', data: { ...base, lastModified: 'yesterday' }, path: '/lastModified' },
    { why: 'published not a date', data: { ...base, published: '2099-13-45T00:00:00' }, path: '/published' },
    {
      why: 'score out of range',
      data: { ...base, metrics: { cvssMetricV31: [{ source: 'x', type: 'Primary', cvssData: { version: '3.1', vectorString: 'v', baseScore: 11 } }] } },
      path: '/metrics/cvssMetricV31/0/cvssData/baseScore',
    },
    {
      why: 'CPE match without a CPE 2.3 name',
      data: { ...base, configurations: [{ nodes: [{ operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:/a:x:y' }] }] }] },
      path: '/configurations/0/nodes/0/cpeMatch/0/criteria',
    },
  ])('rejects a record whose $why, pointing at $path', ({ data, path }) => {
    const r = normalizeNvdCve({ location: 'test', data });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('NVD_INVALID_CVE');
      expect(r.path).toBe(path);
    }
  });
});

describe('nvdTimestamp', () => {
  it.each([
    ['2023-11-10T08:41:24.983', '2023-11-10T08:41:24.983Z'],
    ['2025-06-25T03:01:03.1299776', '2025-06-25T03:01:03.129Z'],
    ['2024-04-01T13:00:00.000+01:00', '2024-04-01T12:00:00.000Z'],
    ['2024-04-01T13:00:00Z', '2024-04-01T13:00:00.000Z'],
    ['not a date', undefined],
  ])('%s → %s', (text, iso) => {
    expect(nvdTimestamp(text)).toBe(iso);
  });
});
