import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../../src/vulns/index.ts';
import { normalizeOsvRecord } from './osv-record.normalize.ts';

const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function advisory(data: unknown): Advisory {
  const r = normalizeOsvRecord({ location: 'test', data });
  if (!r.ok) throw new Error(`${r.code} ${r.message} at ${r.path}`);
  const [rec] = r.value;
  if (rec?.kind !== 'advisory') throw new Error('not an advisory');
  return rec.advisory;
}

describe('normalizeOsvRecord', () => {
  const ghsa = advisory(load('ghsa-full.json'));

  it('splits CVE aliases from the others and keeps related ids', () => {
    expect(ghsa).toMatchObject({
      source: 'osv',
      sourceId: 'GHSA-aaaa-bbbb-cccc',
      cves: ['CVE-2099-1234'],
      aliases: ['PYSEC-2099-1'],
      related: ['CGA-xxxx-yyyy-zzzz'],
      flags: [],
      modified: '2099-03-01T10:00:00.123Z',
      published: '2099-02-01T09:00:00.000Z',
      titles: [{ lang: 'en', text: 'Prototype pollution in example-lib' }],
      cwes: ['CWE-1321'],
    });
  });

  it('scores the CVSS v3.1 and v4.0 vectors, maps GitHub MODERATE to medium, and counts a repeated vector once', () => {
    expect(ghsa.severities).toEqual([
      { source: 'ghsa', type: 'CVSS_V3', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, rating: 'critical' },
      {
        source: 'ghsa',
        type: 'CVSS_V4',
        version: '4.0',
        vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        score: 9.3,
        rating: 'critical',
      },
      { source: 'ghsa', type: 'qualitative', rating: 'medium' },
    ]);
  });

  it('keeps each affected package with purl, ranges and versions', () => {
    expect(ghsa.affected).toEqual([
      {
        kind: 'package',
        ecosystem: 'npm',
        name: 'example-lib',
        purl: 'pkg:npm/example-lib',
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }],
        versions: ['1.2.1', '1.2.2'],
        status: 'affected',
      },
      {
        kind: 'package',
        ecosystem: 'Maven',
        name: 'org.example:example-core',
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.0' }, { last_affected: '2.4.1' }] }],
        versions: [],
        status: 'affected',
      },
    ]);
  });

  it('flags a withdrawn record with its date and drops placeholder dates (Go vulndb)', () => {
    const a = advisory(load('withdrawn.json'));
    expect(a.flags).toEqual(['withdrawn']);
    expect(a.withdrawnAt).toBe('2099-04-05T06:07:08.000Z');
    expect(a.published).toBeUndefined();
    expect(a.aliases).toEqual([]);
  });

  it('turns package-less GIT ranges into one entry per repository; upstream ids are related, not aliases', () => {
    const a = advisory(load('git-only.json'));
    expect(a.affected.map((p) => p.kind === 'package' && [p.ecosystem, p.name, p.ranges.length])).toEqual([
      ['GIT', 'https://github.com/example/curlish', 1],
      ['GIT', 'https://github.com/example/fork', 1],
    ]);
    expect(a.cves).toEqual([]);
    expect(a.related).toEqual(['CVE-2099-0007']);
    expect(a.cwes).toEqual(['CWE-121']);
    expect(a.severities).toEqual([{ source: 'osv:CURL', type: 'qualitative', rating: 'low' }]);
  });

  it('takes the record id as its CVE when the record is a CVE', () => {
    expect(advisory({ id: 'CVE-2099-0009', modified: '2099-01-01T00:00:00Z', aliases: ['CVE-2099-0009'] }).cves).toEqual(['CVE-2099-0009']);
  });

  it('keeps a CVSS v3 vector that does not parse, without a score', () => {
    const a = advisory({ id: 'X-1', modified: '2099-01-01T00:00:00Z', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] });
    expect(a.severities).toEqual([{ source: 'osv:X', type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N' }]);
  });

  const base = { id: 'X-1', modified: '2099-01-01T00:00:00Z' };
  it.each([
    { why: 'no id', data: { modified: base.modified }, path: '/id' },
    { why: 'modified not a date', data: { ...base, modified: 'soon' }, path: '/modified' },
    { why: 'withdrawn not a date', data: { ...base, withdrawn: 'later' }, path: '/withdrawn' },
    {
      why: 'unknown range type',
      data: { ...base, affected: [{ ranges: [{ type: 'SVN', events: [{ introduced: '0' }] }] }] },
      path: '/affected/0/ranges/0/type',
    },
    {
      why: 'event with two keys',
      data: { ...base, affected: [{ ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }] }] },
      path: '/affected/0/ranges/0/events/0',
    },
    { why: 'aliases not a list', data: { ...base, aliases: 'CVE-2099-0001' }, path: '/aliases' },
  ])('rejects a record with $why at $path', ({ data, path }) => {
    expect(normalizeOsvRecord({ location: 'test', data })).toMatchObject({ ok: false, code: 'OSV_INVALID_RECORD', path });
  });
});
