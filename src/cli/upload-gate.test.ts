import { describe, expect, it } from 'vitest';
import type { ScanSeverity, UnknownAs } from '../matching/scan-report.ts';
import type { GateThreshold } from './gate-thresholds.ts';
import { buildGateReport, gateSummary, newSince, trips, type ApiFinding } from './upload-gate.ts';

const finding = (name: string, version: string, vulnerability: string, over: Partial<ApiFinding> = {}): ApiFinding => ({
  component: { bomRef: `${name}@${version}`, name, version, purl: `pkg:npm/${name}@${version}`, cpe: null },
  vulnerability,
  severity: 'high',
  cvss: null,
  kev: false,
  epss: null,
  outcome: 'affected',
  match: {
    method: 'purl',
    confidence: 'high',
    source: 'osv',
    sources: ['osv:GHSA-1'],
    searched: name,
    range: '<2',
    fixedIn: ['2.0.0'],
    smallestFix: '2.0.0',
    reason: null,
  },
  ...over,
});

describe('trips', () => {
  it.each<{ severity: ScanSeverity; priority?: string | null; threshold: GateThreshold; unknownAs?: UnknownAs; trips: boolean }>([
    { severity: 'critical', threshold: 'high', trips: true },
    { severity: 'high', threshold: 'high', trips: true },
    { severity: 'high', threshold: 'critical', trips: false },
    { severity: 'medium', threshold: 'high', trips: false },
    { severity: 'low', threshold: 'low', trips: true },
    { severity: 'none', threshold: 'low', trips: false },
    // Unknown is not safe: it counts as critical unless told otherwise, as with `kanshi scan`.
    { severity: 'unknown', threshold: 'critical', trips: true },
    { severity: 'unknown', threshold: 'high', unknownAs: 'medium', trips: false },
    { severity: 'unknown', threshold: 'medium', unknownAs: 'medium', trips: true },
    { severity: 'unknown', threshold: 'low', unknownAs: 'ignore', trips: false },
    { severity: 'unknown', threshold: 'unknown', trips: true },
    { severity: 'critical', threshold: 'unknown', trips: false },
    { severity: 'low', priority: 'P1', threshold: 'P2', trips: true },
    { severity: 'critical', priority: 'P2', threshold: 'P2', trips: true },
    { severity: 'critical', priority: 'P3', threshold: 'P2', trips: false },
    { severity: 'low', priority: 'P4', threshold: 'P4', trips: true },
    // No priority told: not shown to be minor.
    { severity: 'low', priority: null, threshold: 'P1', trips: true },
  ])('$severity (priority $priority) against $threshold, unknown as $unknownAs: $trips', (c) => {
    expect(trips({ severity: c.severity, priority: c.priority ?? null }, c.threshold, c.unknownAs)).toBe(c.trips);
  });
});

describe('newSince', () => {
  it.each([
    { name: 'nothing before: all new', current: [finding('a', '1', 'V1')], previous: [], expected: ['pkg:npm/a|V1'] },
    { name: 'same vulnerability, same component: known', current: [finding('a', '1', 'V1')], previous: [finding('a', '1', 'V1')], expected: [] },
    { name: 'an upgrade that does not fix: known', current: [finding('a', '1.1', 'V1')], previous: [finding('a', '1.0', 'V1')], expected: [] },
    {
      name: 'a new vulnerability of a known component',
      current: [finding('a', '1', 'V1'), finding('a', '1', 'V2')],
      previous: [finding('a', '1', 'V1')],
      expected: ['pkg:npm/a|V2'],
    },
    { name: 'a known vulnerability in another component', current: [finding('b', '1', 'V1')], previous: [finding('a', '1', 'V1')], expected: ['pkg:npm/b|V1'] },
    {
      name: 'an undecided finding before does not make one known',
      current: [finding('a', '1', 'V1')],
      previous: [finding('a', '1', 'V1', { outcome: 'undecidable' })],
      expected: ['pkg:npm/a|V1'],
    },
    {
      name: 'without purl, by name whatever the case',
      current: [finding('A', '2', 'V1', { component: { bomRef: 'x', name: 'A', version: '2', purl: null, cpe: null } })],
      previous: [finding('a', '1', 'V1', { component: { bomRef: 'y', name: 'a', version: '1', purl: null, cpe: null } })],
      expected: [],
    },
  ])('$name', ({ current, previous, expected }) => {
    expect([...newSince(current, previous)]).toEqual(expected);
  });
});

describe('buildGateReport', () => {
  const upload = { id: 'u1', product: 'shop', version: '2.0', part: 'main', format: 'CycloneDX', specVersion: '1.6' };
  const findings = [
    finding('lodash', '4.17.20', 'CVE-1', { severity: 'high' }),
    finding('urllib3', '1.26.4', 'CVE-2', { severity: 'critical', match: { ...finding('x', '1', 'y').match, smallestFix: '1.26.5' } }),
    finding('left-pad', '1.0.0', 'CVE-3', { outcome: 'undecidable', match: { ...finding('x', '1', 'y').match, reason: 'version unreadable' } }),
  ];

  it('counts by severity, marks what is new, advises upgrades, and counts what trips the gate', () => {
    const report = buildGateReport({
      upload,
      components: 7,
      findings,
      previous: { version: '1.0', findings: [finding('lodash', '4.17.19', 'CVE-1')] },
      failOn: 'critical',
      unknownAs: 'critical',
    });
    expect(report.sbom).toEqual({ format: 'CycloneDX', specVersion: '1.6', components: 7 });
    expect(report.findings.map((f) => [f.vulnerability.id, f.new])).toEqual([
      ['CVE-1', false],
      ['CVE-2', true],
    ]);
    expect(report.undecided).toHaveLength(1);
    expect(report.bySeverity).toMatchObject({ critical: 1, high: 1, medium: 0, unknown: 0 });
    expect(report.upgrades.map((u) => `${u.component.name} ${u.to} ${u.clears}/${u.of}`)).toEqual(['lodash 2.0.0 1/1', 'urllib3 1.26.5 1/1']);
    expect(report.gate).toEqual({ failOn: 'critical', unknownAs: 'critical', tripped: 1 });
    const text = gateSummary(report);
    expect(text).toMatch(/shop 2\.0: 2 finding\(s\) by severity: critical 1, high 1, medium 0, low 0, unknown 0/);
    expect(text).toMatch(/new since 1\.0: 1\n {2}urllib3@1\.26\.4 CVE-2 \(critical\)/);
    expect(text).toMatch(/FAIL: 1 finding\(s\) at or above critical/);
  });

  it('gives each finding its priority and gates on it; the first version has nothing to compare with', () => {
    const report = buildGateReport({
      upload,
      components: 2,
      findings: findings.slice(0, 2),
      previous: null,
      priorities: new Map([['CVE-1', 'P3']]),
      failOn: 'P2',
      unknownAs: 'critical',
    });
    expect(report.findings.map((f) => [f.vulnerability.id, f.priority, f.new])).toEqual([
      ['CVE-1', 'P3', true],
      ['CVE-2', null, true],
    ]);
    expect(report.gate.tripped).toBe(1);
    expect(gateSummary(report)).toMatch(/none to compare with[\s\S]*FAIL: 1 finding\(s\) of priority P2 or more urgent/);
  });

  it('passes without a threshold', () => {
    const report = buildGateReport({ upload, components: 2, findings, previous: null, failOn: null, unknownAs: 'critical' });
    expect(report.gate.tripped).toBe(0);
    expect(gateSummary(report)).not.toMatch(/FAIL|pass:/);
  });
});
