import { describe, expect, it } from 'vitest';
import { summarizeExposure, type ExposureRow } from './exposure.ts';

const row = (r: Partial<ExposureRow> & Pick<ExposureRow, 'componentVersion' | 'vulnerabilityId'>): ExposureRow => ({
  ecosystem: 'Maven',
  severity: 'high',
  kev: false,
  smallestFix: null,
  productVersions: 1,
  ...r,
});

describe('summarizeExposure', () => {
  it.each([
    {
      name: 'log4j-core 2.14.1: CVE-2021-44228 fixed in 2.15.0 and CVE-2021-45046 in 2.16.0 need 2.16.0',
      rows: [
        row({ componentVersion: '2.14.1', vulnerabilityId: 'CVE-2021-44228', smallestFix: '2.15.0' }),
        row({ componentVersion: '2.14.1', vulnerabilityId: 'CVE-2021-45046', smallestFix: '2.16.0' }),
      ],
      upgrade: '2.16.0',
    },
    {
      name: 'Maven order, not text order: 2.9.0 is below 2.10.0',
      rows: [
        row({ componentVersion: '2.8.0', vulnerabilityId: 'CVE-A', smallestFix: '2.10.0' }),
        row({ componentVersion: '2.8.0', vulnerabilityId: 'CVE-B', smallestFix: '2.9.0' }),
      ],
      upgrade: '2.10.0',
    },
    {
      name: 'one vulnerability without a known fix: no upgrade fixes everything',
      rows: [
        row({ componentVersion: '1.0', vulnerabilityId: 'CVE-A', smallestFix: '1.1' }),
        row({ componentVersion: '1.0', vulnerabilityId: 'CVE-B', smallestFix: null }),
      ],
      upgrade: null,
    },
    {
      name: 'a CPE-only component (no ecosystem) with one fix version',
      rows: [row({ ecosystem: null, componentVersion: '1.2.11', vulnerabilityId: 'CVE-2018-25032', smallestFix: '1.2.12' })],
      upgrade: '1.2.12',
    },
    {
      name: 'no ecosystem and two different fixes: unordered, no upgrade claimed',
      rows: [
        row({ ecosystem: null, componentVersion: '1.0', vulnerabilityId: 'CVE-A', smallestFix: '1.1' }),
        row({ ecosystem: null, componentVersion: '1.0', vulnerabilityId: 'CVE-B', smallestFix: '1.2' }),
      ],
      upgrade: null,
    },
  ])('$name', ({ rows, upgrade }) => {
    expect(summarizeExposure(rows).versions[0]!.smallestUpgrade).toBe(upgrade);
  });

  it('lists known-exploited and worse vulnerabilities first, and the most shipped version first', () => {
    const s = summarizeExposure([
      row({ componentVersion: '4.17.20', vulnerabilityId: 'CVE-L', severity: 'low', productVersions: 2 }),
      row({ componentVersion: '4.17.15', vulnerabilityId: 'CVE-C', severity: 'critical', productVersions: 7 }),
      row({ componentVersion: '4.17.15', vulnerabilityId: 'CVE-K', severity: 'medium', kev: true, productVersions: 7 }),
    ]);
    expect(s.vulnerabilities.map((v) => v.id)).toEqual(['CVE-K', 'CVE-C', 'CVE-L']);
    expect(s.versions.map((v) => [v.version, v.productVersions, v.vulnerabilities])).toEqual([
      ['4.17.15', 7, ['CVE-C', 'CVE-K']],
      ['4.17.20', 2, ['CVE-L']],
    ]);
  });
});
