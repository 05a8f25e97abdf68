import { describe, expect, it } from 'vitest';
import { manualAdvisory, manualCaseInput, type ManualCaseInput } from './manual-advisory.ts';

const now = new Date('2026-12-01T00:00:00Z');
const input = (affects: ManualCaseInput['affects'], extra: Partial<ManualCaseInput['vulnerability']> = {}): ManualCaseInput => ({
  vulnerability: { id: 'ACME-2026-0001', title: 'Heap overflow in the parser', ...extra },
  affects,
  embargoed: true,
});

describe('manualAdvisory', () => {
  it('names a package by purl with the vers range, as a CSAF purl helper does', () => {
    const r = manualAdvisory(input([{ purl: 'pkg:npm/left-pad', range: 'vers:npm/>=1.0.0|<1.3.0' }]), now);
    expect(r).toMatchObject({
      ok: true,
      advisory: {
        source: 'manual',
        sourceId: 'ACME-2026-0001',
        cves: [],
        titles: [{ lang: 'en', text: 'Heap overflow in the parser' }],
        affected: [{ kind: 'package', ecosystem: 'npm', name: 'left-pad', purl: 'pkg:npm/left-pad', vers: 'vers:npm/>=1.0.0|<1.3.0', status: 'affected' }],
      },
    });
  });

  it('names a product by CPE with the range as match bounds', () => {
    const r = manualAdvisory(input([{ cpe: 'cpe:2.3:a:acme:router_os:*:*:*:*:*:*:*:*', range: 'vers:generic/>=2.0|<2.4.1' }]), now);
    expect(r.ok && r.advisory.affected[0]).toEqual({
      kind: 'cpe',
      status: 'affected',
      configuration: {
        operator: 'OR',
        negate: false,
        nodes: [
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:router_os:*:*:*:*:*:*:*:*', versionStartIncluding: '2.0', versionEndExcluding: '2.4.1' }],
          },
        ],
      },
    });
  });

  it('keeps a CVE id as the record’s CVE and scores its CVSS vector', () => {
    const r = manualAdvisory(
      input([{ purl: 'pkg:pypi/requests', range: 'vers:pypi/<2.32.0' }], { id: 'CVE-2026-99999', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }),
      now,
    );
    expect(r.ok && r.advisory.cves).toEqual(['CVE-2026-99999']);
    expect(r.ok && r.advisory.severities).toEqual([
      { source: 'manual', type: 'CVSS_V3', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, rating: 'critical' },
    ]);
  });

  it.each<[string, ManualCaseInput['affects'], Partial<ManualCaseInput['vulnerability']>, string[]]>([
    ['an unreadable purl', [{ purl: 'pkg:/nothing', range: 'vers:npm/<1' }], {}, ['affects.0.purl']],
    ['a purl with a version', [{ purl: 'pkg:npm/left-pad@1.0.0', range: 'vers:npm/<1.3.0' }], {}, ['affects.0.purl']],
    ['a range that is not vers', [{ purl: 'pkg:npm/left-pad', range: '< 1.3.0' }], {}, ['affects.0.range']],
    ['a CPE with a version', [{ cpe: 'cpe:2.3:a:acme:router_os:2.0:*:*:*:*:*:*:*', range: 'vers:generic/<2.4' }], {}, ['affects.0.cpe']],
    ['a CPE range bounds cannot say', [{ cpe: 'cpe:2.3:a:acme:router_os:*:*:*:*:*:*:*:*', range: 'vers:generic/!=2.1' }], {}, ['affects.0.range']],
    [
      'every problem at once',
      [
        { purl: 'pkg:npm/ok', range: 'vers:npm/<1' },
        { purl: 'pkg:npm/bad', range: 'nope' },
      ],
      { cvss: 'CVSS:3.1/AV:N' },
      ['affects.1.range', 'vulnerability.cvss'],
    ],
  ])('refuses %s, naming the field', (_name, affects, extra, paths) => {
    const r = manualAdvisory(input(affects, extra), now);
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(paths);
  });
});

describe('manualCaseInput', () => {
  it.each<[string, unknown, string[]]>([
    ['no affected package', { vulnerability: { id: 'ACME-1', title: 't' }, affects: [], embargoed: false }, ['affects']],
    [
      'both purl and cpe',
      { vulnerability: { id: 'ACME-1', title: 't' }, affects: [{ purl: 'pkg:npm/a', cpe: 'cpe:2.3:a:b:c', range: 'x' }], embargoed: false },
      ['affects.0'],
    ],
    [
      'an id with spaces',
      { vulnerability: { id: 'ACME 1', title: 't' }, affects: [{ purl: 'pkg:npm/a', range: 'vers:npm/*' }], embargoed: false },
      ['vulnerability.id'],
    ],
    ['no embargo flag', { vulnerability: { id: 'ACME-1', title: 't' }, affects: [{ purl: 'pkg:npm/a', range: 'vers:npm/*' }] }, ['embargoed']],
    [
      'a CERT/CC id for JPCERT/CC',
      {
        vulnerability: { id: 'ACME-1', title: 't' },
        affects: [{ purl: 'pkg:npm/a', range: 'vers:npm/*' }],
        embargoed: true,
        coordination: { coordinator: 'jpcert', caseId: 'VU#123456', notifiedAt: '2026-12-01T00:00:00Z' },
      },
      ['coordination.caseId'],
    ],
  ])('refuses %s', (_name, body, paths) => {
    expect(manualCaseInput.safeParse(body).error?.issues.map((i) => i.path.join('.'))).toEqual(paths);
  });
});
