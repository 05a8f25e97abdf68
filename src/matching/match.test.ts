import { describe, expect, it } from 'vitest';
import type { StoredAdvisory } from '../vulns/advisory-lookup.ts';
import type { Advisory } from '../vulns/advisory.ts';
import { createContext, prepareComponent, type MatcherOptions } from './matcher.ts';
import { findingsFor, match } from './match.ts';
import { matchInventory } from './match-batch.ts';
import { MemoryAdvisoryLookup } from './memory-lookup.ts';
import type { Match, MatchComponent } from './match.model.ts';
import {
  advisory,
  cpeAnd,
  cpeMatch,
  cpeOr,
  log4shellGhsa,
  log4shellJvn,
  log4shellNvd,
  osvPackage,
  product,
  spring4shellNvd,
  stored,
} from './testdata/advisories.ts';

const comp = (c: Partial<MatchComponent>): MatchComponent => ({ name: 'x', version: null, purl: null, cpe: null, ...c });

function run(component: MatchComponent, advisories: (Advisory | StoredAdvisory)[], options: MatcherOptions = {}, platforms: string[] = []): Match[] {
  const list = advisories.map((a) => ('advisory' in a ? a : stored(a.cves[0] ?? a.sourceId, a)));
  return match(component, list, createContext(options, platforms));
}

const log4j = (version: string): MatchComponent => comp({ name: 'log4j-core', version, purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${version}` });

describe('purl + ecosystem range (high)', () => {
  it.each([
    { version: '2.14.1', affected: true, range: '>=2.13.0 <2.15.0', fixedIn: ['2.15.0'], why: 'GHSA-jfh8-c2jp-5v3q covers 2.13.0 up to 2.15.0' },
    { version: '2.15.0', affected: false, why: 'GHSA-jfh8-c2jp-5v3q: 2.15.0 is the fix' },
    { version: '2.12.1', affected: true, range: '>=2.4 <2.12.2', fixedIn: ['2.12.2', '2.15.0'], why: 'the 2.12 branch is fixed in 2.12.2' },
    { version: '2.12.2', affected: false, why: 'GHSA-jfh8-c2jp-5v3q: 2.12.2 is a backported fix' },
    { version: '2.0-beta9', affected: true, range: '<2.3.1', fixedIn: ['2.15.0', '2.3.1', '2.12.2'], why: 'introduced 0 covers the betas' },
    { version: '2.17.1', affected: false, why: 'past every range' },
  ])('$version: $why', ({ version, affected, range, fixedIn }) => {
    const matches = run(log4j(version), [log4shellGhsa]);
    if (!affected) {
      expect(matches).toEqual([]);
      return;
    }
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      outcome: 'affected',
      method: 'purl-range',
      confidence: 'high',
      vulnerabilityId: 'CVE-2021-44228',
      source: 'osv:GHSA-jfh8-c2jp-5v3q',
      searched: `Maven/org.apache.logging.log4j:log4j-core@${version}`,
      range,
    });
    expect(new Set(matches[0]?.fixedIn)).toEqual(new Set(fixedIn));
  });

  it.each([
    { version: '1.2.6', affected: true, why: 'inside >=1.0.0 <1.2.7' },
    { version: '1.2.7', affected: false, why: 'the vers range stops before 1.2.7' },
    { version: '0.9.0', affected: false, why: 'below the vers range' },
  ])('CSAF purl helper with vers, $version: $why', ({ version, affected }) => {
    const csaf = advisory({
      source: 'csaf',
      sourceId: 'EXAMPLE-SA-2024-001#CVE-2024-0001',
      cves: ['CVE-2024-0001'],
      affected: [{ kind: 'package', ecosystem: 'npm', name: 'left-pad', ranges: [], versions: [], vers: 'vers:npm/>=1.0.0|<1.2.7', status: 'affected' }],
    });
    const matches = run(comp({ name: 'left-pad', version, purl: `pkg:npm/left-pad@${version}` }), [csaf]);
    expect(matches.map((m) => m.confidence)).toEqual(affected ? ['high'] : []);
  });

  it('a PyPI name is compared in its PEP 503 form', () => {
    const a = advisory({ source: 'osv', sourceId: 'PYSEC-2099-1', affected: [osvPackage('PyPI', 'Foo_Bar', ['0', '2.0'])] });
    expect(run(comp({ purl: 'pkg:pypi/foo-bar@1.5', version: '1.5' }), [a])).toHaveLength(1);
  });

  it('CSAF entries that are fixed or not affected never match', () => {
    const csaf = advisory({
      source: 'csaf',
      sourceId: 'EXAMPLE-SA-2024-002#CVE-2024-0002',
      cves: ['CVE-2024-0002'],
      affected: [{ kind: 'package', ecosystem: 'npm', name: 'left-pad', ranges: [], versions: [], vers: 'vers:npm/<2.0.0', status: 'fixed' }],
    });
    expect(run(comp({ purl: 'pkg:npm/left-pad@1.0.0', version: '1.0.0' }), [csaf])).toEqual([]);
  });
});

describe('NVD CPE configuration (medium): AND platforms, negate, vulnerable:false', () => {
  const spring = (version: string): MatchComponent =>
    comp({ name: 'spring-framework', version, cpe: `cpe:2.3:a:vmware:spring_framework:${version}:*:*:*:*:*:*:*` });
  it.each([
    {
      version: '5.3.17',
      platforms: ['cpe:2.3:a:oracle:jdk:11.0.2:*:*:*:*:*:*:*'],
      expected: { confidence: 'medium', marks: [] },
      why: 'CVE-2022-22965: 5.3.17 on JDK 11',
    },
    { version: '5.3.17', platforms: ['cpe:2.3:a:oracle:jdk:1.8.0:*:*:*:*:*:*:*'], expected: undefined, why: 'CVE-2022-22965 needs JDK 9+; JDK 8 is listed' },
    { version: '5.3.17', platforms: [], expected: { confidence: 'low', marks: ['platform-unverified'] }, why: 'no JDK in the inventory: flagged, marked, low' },
    {
      version: '5.3.17',
      platforms: ['cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*'],
      expected: { confidence: 'low', marks: ['platform-unverified'] },
      why: 'a JDK of no stated version cannot be compared with 9+: flagged, marked, low, never clean',
    },
    { version: '5.3.18', platforms: ['cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*'], expected: undefined, why: '5.3.18 is the fix' },
    {
      version: '5.2.19',
      platforms: ['cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*'],
      expected: { confidence: 'medium', marks: [] },
      why: 'the 5.2 branch below 5.2.20',
    },
  ])('$why', ({ version, platforms, expected }) => {
    const matches = run(spring(version), [spring4shellNvd], {}, platforms);
    if (!expected) expect(matches).toEqual([]);
    else expect(matches).toEqual([expect.objectContaining({ method: 'cpe-configuration', outcome: 'affected', ...expected })]);
  });

  it('a vulnerable:false platform entry never matches the platform itself', () => {
    const jdk = comp({ name: 'jdk', version: '17', cpe: 'cpe:2.3:a:oracle:jdk:17:*:*:*:*:*:*:*' });
    expect(run(jdk, [spring4shellNvd], {}, ['cpe:2.3:a:vmware:spring_framework:5.3.17:*:*:*:*:*:*:*'])).toEqual([]);
  });

  it.each([
    { negate: false, version: '1.5', affected: true },
    { negate: true, version: '1.5', affected: false },
    { negate: true, version: '3.0', affected: false, why: 'negation never implicates a component outside its own entry' },
  ])('negate=$negate, $version', ({ negate, version, affected }) => {
    const cfg = cpeOr(cpeMatch('cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' }));
    const node = cfg.configuration.nodes[0];
    if (node) node.negate = negate;
    const a = advisory({ source: 'nvd', sourceId: 'CVE-2099-0001', cves: ['CVE-2099-0001'], affected: [cfg] });
    const c = comp({ name: 'widget', version, cpe: `cpe:2.3:a:acme:widget:${version}:*:*:*:*:*:*:*` });
    expect(run(c, [a]).length > 0).toBe(affected);
  });

  it('the log4j configuration of CVE-2021-44228 flags log4j 2.14.1 with its range', () => {
    const c = comp({ name: 'log4j', version: '2.14.1', cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*' });
    expect(run(c, [log4shellNvd])).toEqual([
      expect.objectContaining({ source: 'nvd:CVE-2021-44228', range: '>=2.13.0 <2.15.0', fixedIn: ['2.15.0'], smallestFix: '2.15.0' }),
    ]);
  });
});

describe('CPE wildcards in vendor or product never widen a match', () => {
  const nvd = (criteria: string): Advisory =>
    advisory({ source: 'nvd', sourceId: 'CVE-2099-0002', cves: ['CVE-2099-0002'], affected: [cpeOr(cpeMatch(criteria, { versionEndExcluding: '3.0' }))] });
  it.each([
    { component: 'cpe:2.3:a:*:log4j:2.0:*:*:*:*:*:*:*', advisory: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', why: 'component vendor *' },
    { component: 'cpe:2.3:a:apache:*:2.0:*:*:*:*:*:*:*', advisory: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', why: 'component product *' },
    { component: 'cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*', advisory: 'cpe:2.3:a:*:log4j:*:*:*:*:*:*:*:*', why: 'advisory vendor *' },
    { component: 'cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*', advisory: 'cpe:2.3:a:apache:log4*:*:*:*:*:*:*:*:*', why: 'advisory product pattern' },
    { component: 'cpe:2.3:a:apach?:log4j:2.0:*:*:*:*:*:*:*', advisory: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', why: 'component vendor pattern' },
    { component: 'cpe:2.3:a:other:log4j:2.0:*:*:*:*:*:*:*', advisory: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', why: 'same product, other vendor' },
  ])('$why', ({ component, advisory: criteria }) => {
    expect(run(comp({ name: 'log4j', version: '2.0', cpe: component }), [nvd(criteria)])).toEqual([]);
  });

  it('the same vendor and product as plain values match', () => {
    expect(run(comp({ version: '2.0', cpe: 'cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*' }), [nvd('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*')])).toHaveLength(1);
  });
});

describe('NVD version - (NA) or * without bounds does not match every version silently', () => {
  const nvd = (criteria: string): Advisory =>
    advisory({ source: 'nvd', sourceId: 'CVE-2099-0003', cves: ['CVE-2099-0003'], affected: [cpeOr(cpeMatch(criteria))] });
  it.each([
    {
      criteria: 'cpe:2.3:h:acme:router:-:*:*:*:*:*:*:*',
      cpe: 'cpe:2.3:h:acme:router:1.0:*:*:*:*:*:*:*',
      version: '1.0',
      expected: undefined,
      why: '- (NA) is not every version',
    },
    {
      criteria: 'cpe:2.3:h:acme:router:-:*:*:*:*:*:*:*',
      cpe: 'cpe:2.3:h:acme:router:-:*:*:*:*:*:*:*',
      version: null,
      expected: ['na-version'],
      why: '- against a component that is also NA: matched, marked',
    },
    {
      criteria: 'cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*',
      cpe: 'cpe:2.3:a:acme:tool:4.2:*:*:*:*:*:*:*',
      version: '4.2',
      expected: ['all-versions'],
      why: '* without bounds is the record saying all versions: marked',
    },
    {
      criteria: 'cpe:2.3:a:acme:tool:4.1:*:*:*:*:*:*:*',
      cpe: 'cpe:2.3:a:acme:tool:4.2:*:*:*:*:*:*:*',
      version: '4.2',
      expected: undefined,
      why: 'an exact version is only that version',
    },
  ])('$why', ({ criteria, cpe, version, expected }) => {
    const matches = run(comp({ version, cpe }), [nvd(criteria)]);
    if (!expected) expect(matches).toEqual([]);
    else expect(matches).toEqual([expect.objectContaining({ outcome: 'affected', marks: expected })]);
  });
});

describe('CPE matching is not used for a component in an OSV-covered ecosystem, unless configured', () => {
  const c = comp({
    name: 'log4j-core',
    version: '2.14.1',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
  });
  it.each([
    { options: {}, sources: [] as string[] },
    { options: { cpeForPackageEcosystems: true }, sources: ['nvd:CVE-2021-44228'] },
  ])('options $options', ({ options, sources }) => {
    expect(run(c, [log4shellNvd], options).map((m) => m.source)).toEqual(sources);
  });

  it('a CPE-only component is CPE-matched', () => {
    expect(run(comp({ version: '2.14.1', cpe: c.cpe }), [log4shellNvd])).toHaveLength(1);
  });
});

describe('OS packages are matched only against their own distribution release', () => {
  // DSA-5139-1 shape: Debian 11 backported the fix into 1.1.1n-0+deb11u2; upstream fixed 1.1.1o.
  const debian = advisory({
    source: 'osv',
    sourceId: 'DSA-5139-1',
    cves: ['CVE-2022-1292'],
    affected: [osvPackage('Debian:11', 'openssl', ['0', '1.1.1n-0+deb11u2']), osvPackage('Debian:12', 'openssl', ['0', '3.0.3-5'])],
  });
  const upstream = advisory({
    source: 'nvd',
    sourceId: 'CVE-2022-1292',
    cves: ['CVE-2022-1292'],
    affected: [cpeOr(cpeMatch('cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*', { versionStartIncluding: '1.1.1', versionEndExcluding: '1.1.1o' }))],
  });
  const deb = (version: string, distro?: string): MatchComponent =>
    comp({
      name: 'openssl',
      version,
      purl: `pkg:deb/debian/openssl@${encodeURIComponent(version)}${distro ? `?distro=${distro}` : ''}`,
      cpe: 'cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*',
    });
  it.each([
    { version: '1.1.1n-0+deb11u1', distro: 'debian-11', expected: ['affected:distro-package:1.1.1n-0+deb11u2'], why: 'before the Debian 11 backport' },
    { version: '1.1.1n-0+deb11u3', distro: 'bullseye', expected: [], why: 'the backported fix is not flagged, though upstream 1.1.1n is' },
    { version: '3.0.9-1', distro: 'debian-12', expected: [], why: 'Debian:12 has its own fix; the Debian:11 entry does not apply' },
    {
      version: '1.1.1n-0+deb11u1',
      distro: undefined,
      expected: ['undecidable:distro-package:'],
      why: 'no distro qualifier: cannot decide, never the upstream range',
    },
  ])('$version $distro: $why', ({ version, distro, expected }) => {
    const matches = run(deb(version, distro), [debian, upstream]);
    expect(matches.map((m) => `${m.outcome}:${m.method}:${m.fixedIn.join(',')}`)).toEqual(expected);
  });
});

describe('OS binary packages are also matched through their source package', () => {
  // DSA-5514-1 shape: Debian names the source package glibc; the image ships the binary libc6.
  const glibc = advisory({
    source: 'osv',
    sourceId: 'DSA-5514-1',
    cves: ['CVE-2023-4911'],
    affected: [osvPackage('Debian:12', 'glibc', ['0', '2.36-9+deb12u3'])],
  });
  const libc6 = (version: string, upstream?: string): MatchComponent =>
    comp({
      name: 'libc6',
      version,
      purl: `pkg:deb/debian/libc6@${encodeURIComponent(version)}?distro=debian-12${upstream ? `&upstream=${encodeURIComponent(upstream)}` : ''}`,
    });
  it.each([
    {
      c: libc6('2.36-9+deb12u1', 'glibc'),
      expected: ['affected:Debian:12/glibc@2.36-9+deb12u1 (source of libc6)'],
      why: 'upstream= names the source, whose advisory flags the version',
    },
    { c: libc6('2.36-9+deb12u3', 'glibc'), expected: [], why: 'the fixed version is not flagged' },
    { c: libc6('2.36-9+deb12u1+b1', 'glibc@2.36-9+deb12u4'), expected: [], why: "a binNMU's source version is the one compared" },
    { c: libc6('2.36-9+deb12u1'), expected: [], why: 'without upstream= nothing names glibc' },
    {
      c: comp({ name: 'libcrypto3', version: '3.1.4-r0', purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r0?distro=alpine-3.19.0&upstream=openssl' }),
      advisories: [
        advisory({
          source: 'osv',
          sourceId: 'ALPINE-CVE-2023-6129',
          cves: ['CVE-2023-6129'],
          affected: [osvPackage('Alpine:v3.19', 'openssl', ['0', '3.1.4-r3'])],
        }),
      ],
      expected: ['affected:Alpine:v3.19/openssl@3.1.4-r0 (source of libcrypto3)'],
      why: 'apk origin',
    },
    {
      c: comp({ name: 'libgcc', version: '8.5.0-18.el8', purl: 'pkg:rpm/rocky/libgcc@8.5.0-18.el8?distro=rocky-8.8&upstream=gcc-8.5.0-18.el8.src.rpm' }),
      advisories: [advisory({ source: 'osv', sourceId: 'RLSA-2023:7077', affected: [osvPackage('Rocky Linux:8', 'gcc', ['0', '8.5.0-20.el8'])] })],
      expected: ['affected:Rocky Linux:8/gcc@8.5.0-18.el8 (source of libgcc)'],
      why: 'source RPM',
    },
    {
      c: comp({ name: 'openssl', version: '1.1.1n-0+deb11u1', purl: 'pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u1?distro=debian-12&upstream=openssl-src' }),
      advisories: [
        advisory({
          source: 'osv',
          sourceId: 'DSA-1',
          affected: [osvPackage('Debian:12', 'openssl', ['0', '3.0.3-5']), osvPackage('Debian:12', 'openssl-src', ['0', '1'])],
        }),
      ],
      expected: ['affected:Debian:12/openssl@1.1.1n-0+deb11u1'],
      why: 'an entry naming the binary itself comes first',
    },
  ])('$c.purl: $why', ({ c, advisories, expected }) => {
    const matches = run(c, advisories ?? [glibc]);
    expect(matches.map((m) => `${m.outcome}:${m.searched}`)).toEqual(expected);
    for (const m of matches) expect(m).toMatchObject({ method: 'distro-package', confidence: 'high' });
  });

  it('binary packages of one source with different upstream versions are evaluated apart', async () => {
    const lookup = new MemoryAdvisoryLookup([{ kind: 'advisory', advisory: glibc }]);
    const results = await matchInventory([libc6('2.36-9+deb12u1+b1', 'glibc@2.36-9+deb12u1'), libc6('2.36-9+deb12u1+b1', 'glibc@2.36-9+deb12u3')], lookup);
    expect(results.map((r) => r.findings.length)).toEqual([1, 0]);
  });
});

describe('rolling distributions have no release to name', () => {
  // CGA-2c2h-8fj5-55vx shape: one record for Chainguard and Wolfi, no release suffix.
  const cga = advisory({
    source: 'osv',
    sourceId: 'CGA-2c2h-8fj5-55vx',
    affected: [osvPackage('Chainguard', 'nri-memcached', ['0', '2.5.7-r1']), osvPackage('Wolfi', 'nri-memcached', ['0', '2.5.7-r1'])],
  });
  it.each([
    { purl: 'pkg:apk/wolfi/nri-memcached@2.5.6-r0', expected: ['Wolfi/nri-memcached@2.5.6-r0'] },
    { purl: 'pkg:apk/chainguard/nri-memcached@2.5.6-r0?arch=x86_64', expected: ['Chainguard/nri-memcached@2.5.6-r0'] },
    { purl: 'pkg:apk/wolfi/nri-memcached@2.5.7-r1', expected: [] },
  ])('$purl', ({ purl, expected }) => {
    expect(run(comp({ name: 'nri-memcached', purl, version: null }), [cga]).map((m) => m.searched)).toEqual(expected);
  });
});

describe('withdrawn and rejected advisories never match', () => {
  it.each([
    { flags: ['withdrawn'] as const, withdrawnAt: undefined },
    { flags: ['rejected'] as const, withdrawnAt: undefined },
    { flags: ['unconfirmed'] as const, withdrawnAt: undefined },
    { flags: [] as const, withdrawnAt: '2024-08-21T16:25:56Z' },
  ])('flags $flags, withdrawnAt $withdrawnAt', ({ flags, withdrawnAt }) => {
    const a: Advisory = { ...log4shellGhsa, flags: [...flags], ...(withdrawnAt ? { withdrawnAt } : {}) };
    expect(run(log4j('2.14.1'), [a])).toEqual([]);
  });

  it('a DISPUTED record still matches', () => {
    expect(run(log4j('2.14.1'), [{ ...log4shellGhsa, flags: ['disputed'] }])).toHaveLength(1);
  });
});

describe('a component with no version, or an unreadable one, cannot be decided', () => {
  it.each([
    { c: comp({ name: 'log4j-core', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core' }), reason: 'the component has no version' },
    { c: comp({ name: 'lodash', purl: 'pkg:npm/lodash@not a version', version: 'not a version' }), reason: 'not a semver version' },
    { c: comp({ name: 'log4j', cpe: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*' }), reason: 'has no version' },
  ])('$c.name: $reason', ({ c, reason }) => {
    const lodash = advisory({
      source: 'osv',
      sourceId: 'GHSA-jf85-cpcp-j695',
      cves: ['CVE-2019-10744'],
      affected: [osvPackage('npm', 'lodash', ['0', '4.17.12'])],
    });
    const matches = run(c, [log4shellGhsa, log4shellNvd, lodash]);
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) {
      expect(m.outcome).toBe('undecidable');
      expect(m.reason).toContain(reason);
    }
  });
});

describe('one finding per (component, vulnerability), aliases merged, every source listed', () => {
  it('GHSA, NVD and JVN records of CVE-2021-44228 give one finding for log4j-core 2.14.1', () => {
    const c = prepareComponent({ ...log4j('2.14.1'), cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*' });
    const ctx = createContext({ cpeForPackageEcosystems: true });
    const findings = findingsFor(
      c,
      [log4shellGhsa, log4shellNvd, log4shellJvn].map((a) => stored('CVE-2021-44228', a)),
      ctx,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      vulnerabilityId: 'CVE-2021-44228',
      outcome: 'affected',
      primary: { method: 'purl-range', confidence: 'high', source: 'osv:GHSA-jfh8-c2jp-5v3q' },
      sources: ['jvn:JVNDB-2021-005429', 'nvd:CVE-2021-44228', 'osv:GHSA-jfh8-c2jp-5v3q'],
      smallestFix: '2.15.0',
    });
    expect(findings[0]?.matches.find((m) => m.source.startsWith('jvn:'))).toMatchObject({ outcome: 'undecidable', method: 'cpe-product' });
  });
});

describe('fix advice: the fixes that apply and the smallest upgrade out of every range', () => {
  it.each([
    { version: '1.57.0', smallestFix: '1.57.1', why: 'GO-2023-2153: 1.57.x is fixed in 1.57.1' },
    { version: '1.58.2', smallestFix: '1.58.3', why: 'GO-2023-2153: 1.58.x is fixed in 1.58.3' },
    { version: '1.56.0', smallestFix: '1.56.3', why: 'GO-2023-2153: below 1.56.3' },
  ])('$why', ({ version, smallestFix }) => {
    const grpc = advisory({
      source: 'osv',
      sourceId: 'GO-2023-2153',
      aliases: ['GHSA-m425-mq94-257g'],
      affected: [osvPackage('Go', 'google.golang.org/grpc', ['0', '1.56.3'], ['1.57.0', '1.57.1'], ['1.58.0', '1.58.3'])],
    });
    const c = prepareComponent(comp({ purl: `pkg:golang/google.golang.org/grpc@v${version}`, version }));
    const [finding] = findingsFor(c, [stored('GHSA-m425-mq94-257g', grpc)], createContext());
    expect(finding?.smallestFix).toBe(smallestFix);
  });

  it('two sources with different fixes: the upgrade must leave both ranges', () => {
    const later = advisory({
      source: 'csaf',
      sourceId: 'VENDOR-1#CVE-2021-44228',
      cves: ['CVE-2021-44228'],
      affected: [osvPackage('Maven', 'org.apache.logging.log4j:log4j-core', ['2.0', '2.16.0'])],
    });
    const c = prepareComponent(log4j('2.14.1'));
    const [finding] = findingsFor(
      c,
      [log4shellGhsa, later].map((a) => stored('CVE-2021-44228', a)),
      createContext(),
    );
    expect(finding?.smallestFix).toBe('2.16.0');
    expect(finding?.fixedIn).toEqual(['2.15.0', '2.16.0']);
  });
});

describe('CSAF and JVN products, by what they carry', () => {
  const jvn = (bounds: Parameters<typeof product>[3]): Advisory =>
    advisory({
      source: 'jvn',
      sourceId: 'JVNDB-2099-000001',
      cves: [],
      affected: [product('Acme', 'Widget Server', '1.0 以上 2.0 未満', bounds, 'cpe:2.3:a:acme:widget_server:*:*:*:*:*:*:*:*')],
    });
  const c = comp({ name: 'widget-server', version: '1.5', cpe: 'cpe:2.3:a:acme:widget_server:1.5:*:*:*:*:*:*:*' });
  it.each([
    { bounds: [{ versionStartIncluding: '1.0', versionEndExcluding: '2.0' }], expected: 'affected' },
    { bounds: [{ versionStartIncluding: '2.0' }], expected: undefined },
    { bounds: [], expected: 'undecidable' },
  ])('JVN product with CPE and bounds $bounds', ({ bounds, expected }) => {
    const matches = run(c, [stored('JVNDB-2099-000001', jvn(bounds))]);
    expect(matches.map((m) => `${m.outcome}:${m.method}:${m.confidence}`)).toEqual(expected ? [`${expected}:cpe-product:medium`] : []);
  });
});

describe('name-only heuristic: off by default, low when enabled', () => {
  const a = advisory({ source: 'jvn', sourceId: 'JVNDB-2099-000002', affected: [product('Acme', 'Widget', '3.0 未満', [{ versionEndExcluding: '3.0' }])] });
  const c = comp({ name: 'widget', version: '2.1' });
  it.each([
    { options: {}, expected: [] as string[] },
    { options: { nameOnly: true }, expected: ['name-only:low'] },
  ])('options $options', ({ options, expected }) => {
    expect(run(c, [stored('JVNDB-2099-000002', a)], options).map((m) => `${m.method}:${m.confidence}`)).toEqual(expected);
  });
});

describe('name-only heuristic on package entries, asked of the lookup by name', () => {
  const ghsa = advisory({ source: 'osv', sourceId: 'GHSA-0000-0000-0001', cves: ['CVE-2099-0010'], affected: [osvPackage('npm', 'Left-Pad', ['0', '1.3.0'])] });
  const lookup = new MemoryAdvisoryLookup([{ kind: 'advisory', advisory: ghsa }]);
  it.each([
    { why: 'off: nothing', options: {}, c: comp({ name: 'left-pad', version: '1.2.0' }), expected: [] as string[] },
    {
      why: 'on: a component without purl named like the package, in the range',
      options: { nameOnly: true },
      c: comp({ name: 'left-pad', version: '1.2.0' }),
      expected: ['CVE-2099-0010:name-only:low:1.3.0'],
    },
    { why: 'on: outside the range', options: { nameOnly: true }, c: comp({ name: 'left-pad', version: '1.3.0' }), expected: [] },
    { why: 'on: another name', options: { nameOnly: true }, c: comp({ name: 'right-pad', version: '1.2.0' }), expected: [] },
    {
      why: 'on: a component with an OSV purl is matched by purl only',
      options: { nameOnly: true },
      c: comp({ name: 'left-pad', version: '1.2.0', purl: 'pkg:npm/right-pad@1.2.0' }),
      expected: [],
    },
  ])('$why', async ({ options, c, expected }) => {
    const [res] = await matchInventory([c], lookup, options);
    expect(res?.findings.map((f) => `${f.vulnerabilityId}:${f.primary.method}:${f.primary.confidence}:${f.smallestFix ?? ''}`)).toEqual(expected);
  });
});

describe('AND configurations whose second node is another vulnerable product', () => {
  it('needs that product in the inventory to be verified', () => {
    const a = advisory({
      source: 'nvd',
      sourceId: 'CVE-2099-0004',
      cves: ['CVE-2099-0004'],
      affected: [cpeAnd([cpeMatch('cpe:2.3:a:acme:agent:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' })], [cpeMatch('cpe:2.3:o:acme:os:5.0:*:*:*:*:*:*:*')])],
    });
    const c = comp({ version: '1.0', cpe: 'cpe:2.3:a:acme:agent:1.0:*:*:*:*:*:*:*' });
    expect(run(c, [a], {}, ['cpe:2.3:o:acme:os:5.0:*:*:*:*:*:*:*'])[0]?.confidence).toBe('medium');
    expect(run(c, [a], {}, ['cpe:2.3:o:acme:os:6.0:*:*:*:*:*:*:*'])).toEqual([]);
  });
});
