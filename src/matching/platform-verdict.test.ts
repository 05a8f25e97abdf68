import { describe, expect, it } from 'vitest';
import type { CpeConfiguration } from '../vulns/index.ts';
import { platformVerdict } from './cpe.matcher.ts';
import { createContext, platformIndex, prepareComponent } from './matcher.ts';
import { findingsFor } from './match.ts';
import type { MatchComponent } from './match.model.ts';
import { advisory, cpeAnd, cpeMatch, spring4shellNvd, stored } from './testdata/advisories.ts';

const spring = (version: string): MatchComponent => ({
  name: 'spring-framework',
  version,
  purl: null,
  cpe: `cpe:2.3:a:vmware:spring_framework:${version}:*:*:*:*:*:*:*`,
});

/** The configurations the daemon keeps on a package version's `platform-unverified` verdict. */
function conditionsOf(component: MatchComponent, ...advisories: ReturnType<typeof advisory>[]): CpeConfiguration[] {
  const [finding] = findingsFor(
    prepareComponent(component),
    advisories.map((a) => stored(a.cves[0] ?? a.sourceId, a)),
    createContext(),
  );
  return finding?.platformConditions ?? [];
}

const jdk = (v: string): string => `cpe:2.3:a:oracle:jdk:${v}:*:*:*:*:*:*:*`;

// CVE-2020-13595: esp-idf 4.0.0–4.2 running on the ESP32 (hardware, version `-`).
const espIdf = advisory({
  source: 'nvd',
  sourceId: 'CVE-2020-13595',
  cves: ['CVE-2020-13595'],
  affected: [
    cpeAnd(
      [cpeMatch('cpe:2.3:a:espressif:esp-idf:*:*:*:*:*:*:*:*', { versionStartIncluding: '4.0.0', versionEndIncluding: '4.2' })],
      [cpeMatch('cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*', {}, false)],
    ),
  ],
});

describe('platformVerdict: a package version’s platform-unverified verdict settled by one product’s platforms', () => {
  it.each([
    { platforms: [jdk('11.0.2')], expected: 'present', why: 'CVE-2022-22965 needs JDK 9 or later; JDK 11 is there' },
    { platforms: [jdk('1.8.0')], expected: 'absent', why: 'JDK 8 is the product’s JDK: not the platform the record needs' },
    { platforms: [jdk('1.8.0'), jdk('17')], expected: 'present', why: 'one JDK of two is 9 or later' },
    { platforms: [], expected: 'unknown', why: 'no JDK named: the product says nothing' },
    { platforms: ['cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*'], expected: 'unknown', why: 'only an unrelated platform is named' },
    { platforms: ['cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*'], expected: 'unknown', why: 'a JDK of no stated version cannot be compared with “9 or later”' },
    { platforms: [spring('5.3.17').cpe as string], expected: 'unknown', why: 'the component itself is never its own platform' },
  ])('$why → $expected', ({ platforms, expected }) => {
    const c = spring('5.3.17');
    const conditions = conditionsOf(c, spring4shellNvd);
    expect(conditions).toHaveLength(1);
    expect(platformVerdict(conditions, prepareComponent(c), platformIndex(platforms))).toBe(expected);
  });

  it.each([
    { platforms: ['cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*'], expected: 'present', why: 'CVE-2020-13595: the ESP32 is the board' },
    { platforms: ['cpe:2.3:h:espressif:esp32-s3:-:*:*:*:*:*:*:*'], expected: 'unknown', why: 'another board is another product name' },
    { platforms: ['cpe:2.3:h:espressif:esp32:rev3:*:*:*:*:*:*:*'], expected: 'present', why: 'a board revision is still the ESP32 (`-` asks for no version)' },
  ])('$why → $expected', ({ platforms, expected }) => {
    const c: MatchComponent = { name: 'esp-idf', version: '4.1', purl: null, cpe: 'cpe:2.3:a:espressif:esp-idf:4.1:*:*:*:*:*:*:*' };
    expect(platformVerdict(conditionsOf(c, espIdf), prepareComponent(c), platformIndex(platforms))).toBe(expected);
  });

  it('two configurations of one record that each wait on a platform are both kept: either platform settles it', () => {
    const twoJdks = advisory({
      source: 'nvd',
      sourceId: 'CVE-2099-0002',
      cves: ['CVE-2099-0002'],
      affected: [
        cpeAnd(
          [cpeMatch('cpe:2.3:a:vmware:spring_framework:*:*:*:*:*:*:*:*', { versionEndExcluding: '6.0' })],
          [cpeMatch(jdk('*'), { versionStartIncluding: '17' }, false)],
        ),
        cpeAnd(
          [cpeMatch('cpe:2.3:a:vmware:spring_framework:*:*:*:*:*:*:*:*', { versionEndExcluding: '6.0' })],
          [cpeMatch('cpe:2.3:a:eclipse:openj9:*:*:*:*:*:*:*:*', {}, false)],
        ),
      ],
    });
    const c = spring('5.3.17');
    const conditions = conditionsOf(c, twoJdks);
    expect(conditions).toHaveLength(2);
    const verdict = (platforms: string[]) => platformVerdict(conditions, prepareComponent(c), platformIndex(platforms));
    expect(verdict(['cpe:2.3:a:eclipse:openj9:0.40:*:*:*:*:*:*:*'])).toBe('present');
    expect(verdict([jdk('11')])).toBe('unknown');
    expect(verdict([jdk('11'), 'cpe:2.3:a:eclipse:openj9:0.40:*:*:*:*:*:*:*'])).toBe('present');
  });

  it('a finding with a match that needs no platform carries no conditions: nothing to settle', () => {
    const plain = advisory({
      source: 'nvd',
      sourceId: 'CVE-2099-0003',
      cves: ['CVE-2022-22965'],
      affected: [cpeAnd([cpeMatch('cpe:2.3:a:vmware:spring_framework:*:*:*:*:*:*:*:*', { versionEndExcluding: '5.3.18' })])],
    });
    expect(conditionsOf(spring('5.3.17'), spring4shellNvd, plain)).toEqual([]);
  });
});
