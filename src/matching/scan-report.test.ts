import { describe, expect, it } from 'vitest';
import { cycloneDxVex } from '../vex/index.ts';
import { atOrAbove, renderTable, scanVexDocument, upgradeAdvice, type ScanFinding, type ScanReport } from './scan-report.ts';

type TestFinding = ScanFinding & { smallestFix: string | null };

const finding = (
  bomRef: string,
  name: string,
  version: string,
  id: string,
  smallestFix: string | null,
  severity: ScanFinding['vulnerability']['severity'] = 'high',
): TestFinding => ({
  component: { bomRef, name, version, purl: `pkg:npm/${name}@${version}`, cpe: null },
  vulnerability: { id, aliases: [], sources: ['osv'], severity, cvss: null, kev: false, epss: null },
  match: {
    method: 'purl-range',
    confidence: 'high',
    source: `osv:${id}`,
    searched: `npm/${name}@${version}`,
    range: '<9',
    fixedIn: smallestFix ? [smallestFix] : [],
  },
  smallestFix,
});

const report = (findings: TestFinding[]): ScanReport => ({
  sbom: { format: 'CycloneDX', specVersion: '1.6', components: 3 },
  subject: { name: 'web-portal', version: '3.1.0', purl: null },
  findings: findings.map(({ smallestFix: _fix, ...f }) => f),
  undecided: [],
  upgrades: upgradeAdvice(findings),
});

describe('atOrAbove', () => {
  it.each([
    { severity: 'high', threshold: 'high', unknownAs: undefined, trips: true },
    { severity: 'medium', threshold: 'high', unknownAs: undefined, trips: false },
    { severity: 'none', threshold: 'low', unknownAs: undefined, trips: false },
    { severity: 'unknown', threshold: 'critical', unknownAs: undefined, trips: true },
    { severity: 'unknown', threshold: 'high', unknownAs: 'medium', trips: false },
    { severity: 'unknown', threshold: 'medium', unknownAs: 'medium', trips: true },
    { severity: 'unknown', threshold: 'low', unknownAs: 'ignore', trips: false },
  ] as const)('$severity against $threshold (unknown as $unknownAs) → $trips', ({ severity, threshold, unknownAs, trips }) => {
    expect(atOrAbove(severity, threshold, unknownAs)).toBe(trips);
  });
});

describe('scan table', () => {
  it('keeps its columns aligned for long names and tells duplicate components apart by bom-ref', () => {
    const long = 'a-package-name-that-is-much-longer-than-forty-eight-characters-wide';
    const text = renderTable(
      report([
        finding('lib/a', 'lodash', '4.17.20', 'CVE-2021-23337', '4.17.21'),
        finding('vendor/b', 'lodash', '4.17.20', 'CVE-2021-23337', '4.17.21'),
        finding('x', long, '1.0.0', 'CVE-2099-0001', null, 'unknown'),
      ]),
    );
    const lines = text.split('\n');
    const column = (line: string) => line.indexOf('CVE-');
    expect(lines[0]!.indexOf('VULNERABILITY')).toBe(column(lines[1]!));
    expect(new Set(lines.slice(1, 4).map(column)).size).toBe(1);
    expect(text).toContain('lodash@4.17.20 [lib/a]');
    expect(text).toContain('lodash@4.17.20 [vendor/b]');
    expect(text).toMatch(new RegExp(`${long}@1\\.0\\.0\\s+CVE-2099-0001\\s+unknown`));
  });

  it('ends with the upgrades that clear findings, lowest first', () => {
    const advice = upgradeAdvice([
      finding('lp', 'left-pad', '1.1.0', 'CVE-2099-0001', '1.2.0'),
      finding('lp', 'left-pad', '1.1.0', 'CVE-2099-0002', '1.10.0'),
      finding('lp', 'left-pad', '1.1.0', 'CVE-2099-0003', null),
    ]);
    const leftPad = { bomRef: 'lp', name: 'left-pad', version: '1.1.0' };
    // 1.10.0 sorts after 1.2.0 as a version, not as text.
    expect(advice).toEqual([
      { component: leftPad, to: '1.2.0', clears: 1, of: 3 },
      { component: leftPad, to: '1.10.0', clears: 2, of: 3 },
    ]);
    expect(renderTable(report([finding('lp', 'left-pad', '1.1.0', 'CVE-2099-0001', '1.2.0')]))).toContain(
      'upgrade left-pad@1.1.0 to 1.2.0 clears 1 of its 1 finding(s)',
    );
  });
});

describe('CycloneDX VEX', () => {
  const r = report([finding('pkg:npm/lodash@4.17.20', 'lodash', '4.17.20', 'CVE-2021-23337', '4.17.21')]);

  it('names its subject and refers to the input components by BOM-Link', () => {
    const vex = JSON.parse(
      cycloneDxVex(
        scanVexDocument(r, new Date('2026-01-01T00:00:00Z'), {
          name: 'sbom.json',
          bom: { serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', version: 2 },
        }),
      ),
    ) as { metadata: { component: object }; vulnerabilities: { affects: { ref: string }[] }[] };
    expect(vex.metadata.component).toEqual({ type: 'application', 'bom-ref': 'subject', name: 'web-portal', version: '3.1.0' });
    expect(vex.vulnerabilities[0]!.affects[0]!.ref).toBe('urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#pkg%3Anpm%2Flodash%404.17.20');
  });

  it('falls back to the file name and plain refs when the input has no subject or serial number', () => {
    const vex = JSON.parse(cycloneDxVex(scanVexDocument({ ...r, subject: null }, new Date(), { name: 'sbom.spdx.json', bom: null }))) as {
      metadata: { component: { name: string } };
      vulnerabilities: { affects: { ref: string }[] }[];
    };
    expect(vex.metadata.component.name).toBe('sbom.spdx.json');
    expect(vex.vulnerabilities[0]!.affects[0]!.ref).toBe('pkg:npm/lodash@4.17.20');
  });
});
