/**
 * Small advisories for matcher tests, written by hand. Real ids are used where a row reproduces
 * a real record's shape (GHSA-jfh8-c2jp-5v3q, CVE-2022-22965); the ranges are those records'.
 */
import type { StoredAdvisory } from '../../vulns/advisory-lookup.ts';
import type { Advisory, AffectedCpe, AffectedPackage, AffectedProduct, CpeMatch, OsvEvent } from '../../vulns/advisory.ts';

export function advisory(partial: Partial<Advisory> & Pick<Advisory, 'source' | 'sourceId'>): Advisory {
  return {
    cves: [],
    aliases: [],
    related: [],
    flags: [],
    modified: '2024-01-01T00:00:00Z',
    titles: [],
    descriptions: [],
    severities: [],
    cwes: [],
    references: [],
    affected: [],
    remediations: [],
    ...partial,
  };
}

export const stored = (vulnerabilityId: string, a: Advisory): StoredAdvisory => ({ vulnerabilityId, advisory: a });

/** An OSV package entry from `[introduced, fixed]` pairs (`fixed` may be undefined: open). */
export function osvPackage(ecosystem: string, name: string, ...intervals: [string, string | undefined][]): AffectedPackage {
  const events: OsvEvent[] = intervals.flatMap(([introduced, fixed]) => (fixed === undefined ? [{ introduced }] : [{ introduced }, { fixed }]));
  return { kind: 'package', ecosystem, name, ranges: [{ type: 'ECOSYSTEM', events }], versions: [], status: 'affected' };
}

export const cpeMatch = (criteria: string, bounds: Omit<CpeMatch, 'vulnerable' | 'criteria'> = {}, vulnerable = true): CpeMatch => ({
  vulnerable,
  criteria,
  ...bounds,
});

/** A one-node OR configuration. */
export const cpeOr = (...matches: CpeMatch[]): AffectedCpe => ({
  kind: 'cpe',
  status: 'affected',
  configuration: { operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, cpeMatch: matches }] },
});

/** An AND configuration of OR nodes: the NVD "running on" shape. */
export const cpeAnd = (...nodes: CpeMatch[][]): AffectedCpe => ({
  kind: 'cpe',
  status: 'affected',
  configuration: { operator: 'AND', negate: false, nodes: nodes.map((cpeMatch) => ({ operator: 'OR', negate: false, cpeMatch })) },
});

export const product = (vendor: string, name: string, versionText: string, bounds: AffectedProduct['bounds'], cpe?: string): AffectedProduct => ({
  kind: 'product',
  vendor,
  product: name,
  versionText,
  bounds,
  parsed: bounds.length > 0,
  ...(cpe ? { cpe } : {}),
  status: 'affected',
});

/** GHSA-jfh8-c2jp-5v3q (Log4Shell) as OSV publishes it. */
export const log4shellGhsa = advisory({
  source: 'osv',
  sourceId: 'GHSA-jfh8-c2jp-5v3q',
  cves: ['CVE-2021-44228'],
  aliases: ['CVE-2021-44228'],
  affected: [
    osvPackage('Maven', 'org.apache.logging.log4j:log4j-core', ['2.13.0', '2.15.0']),
    osvPackage('Maven', 'org.apache.logging.log4j:log4j-core', ['0', '2.3.1']),
    osvPackage('Maven', 'org.apache.logging.log4j:log4j-core', ['2.4', '2.12.2']),
  ],
});

/** CVE-2021-44228 as NVD configures it (trimmed to the log4j node). */
export const log4shellNvd = advisory({
  source: 'nvd',
  sourceId: 'CVE-2021-44228',
  cves: ['CVE-2021-44228'],
  affected: [
    cpeOr(
      cpeMatch('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', { versionStartIncluding: '2.13.0', versionEndExcluding: '2.15.0' }),
      cpeMatch('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', { versionStartIncluding: '2.0.1', versionEndExcluding: '2.3.1' }),
    ),
  ],
});

/**
 * JVNDB-2021-005429 names Log4j with a CPE; its second version line ("core 2.0-beta9 から 2.12.1
 * より前のバージョン") has a word in it, so the text parser gives up on the product.
 */
export const log4shellJvn = advisory({
  source: 'jvn',
  sourceId: 'JVNDB-2021-005429',
  cves: ['CVE-2021-44228'],
  affected: [
    {
      ...product('Apache Software Foundation', 'Apache Log4j', '2.13.0 から 2.15.0 より前のバージョン\ncore 2.0-beta9 から 2.12.1 より前のバージョン', []),
      cpe: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*',
    },
  ],
});

/** CVE-2022-22965 (Spring4Shell): spring_framework running on JDK 9 or later. */
export const spring4shellNvd = advisory({
  source: 'nvd',
  sourceId: 'CVE-2022-22965',
  cves: ['CVE-2022-22965'],
  affected: [
    cpeAnd(
      [
        cpeMatch('cpe:2.3:a:vmware:spring_framework:*:*:*:*:*:*:*:*', { versionEndExcluding: '5.2.20' }),
        cpeMatch('cpe:2.3:a:vmware:spring_framework:*:*:*:*:*:*:*:*', { versionStartIncluding: '5.3.0', versionEndExcluding: '5.3.18' }),
      ],
      [cpeMatch('cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*', { versionStartIncluding: '9' }, false)],
    ),
  ],
});
