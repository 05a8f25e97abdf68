import { describe, expect, it } from 'vitest';
import type { OsvRange } from './osv-range.ts';
import { fromNpmRange } from './npm.ts';
import { fromCpeBounds, fromOsvAffected } from './osv.ts';
import { fixedVersions, rangeContains, smallestFixAbove, type VersionRange } from './range.ts';
import { testSemver } from './testdata/semver-scheme.ts';
import { fromVers, validateVers } from './vers.ts';

const unwrap = (r: { ok: true; value: VersionRange } | { ok: false; message: string }): VersionRange => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const osv = (events: OsvRange['events'], type: OsvRange['type'] = 'SEMVER'): OsvRange => ({ type, events });

describe('OSV ranges', () => {
  const multi = unwrap(fromOsvAffected([osv([{ introduced: '0' }, { fixed: '1.2.8' }, { introduced: '2.0.0' }, { fixed: '2.1.3' }])], [], testSemver));
  const lastAffected = unwrap(fromOsvAffected([osv([{ introduced: '1.0.0' }, { last_affected: '1.2.7' }])], []));
  const limited = unwrap(fromOsvAffected([osv([{ introduced: '1.0.0' }, { limit: '3.0.0' }])], []));
  const unsorted = unwrap(fromOsvAffected([osv([{ introduced: '2.0.0' }, { fixed: '2.1.3' }, { introduced: '0' }, { fixed: '1.2.8' }])], [], testSemver));

  it.each([
    { range: multi, version: '0.0.1', affected: 'affected', why: 'introduced "0" covers everything below the first fix' },
    { range: multi, version: '1.2.8', affected: 'not_affected', why: 'the fixed version itself is safe' },
    { range: multi, version: '1.9.9', affected: 'not_affected', why: 'between the two intervals' },
    { range: multi, version: '2.1.2', affected: 'affected', why: 'inside the second interval' },
    { range: unsorted, version: '1.0.0', affected: 'affected', why: 'events listed out of order are sorted as OSV does' },
    { range: lastAffected, version: '1.2.7', affected: 'affected', why: 'last_affected is inclusive' },
    { range: lastAffected, version: '1.3.5', affected: 'not_affected', why: 'GHSA-style range covers ≤1.2.7; 1.3.5 is past it' },
    { range: limited, version: '2.9.0', affected: 'affected', why: 'below the limit' },
    { range: limited, version: '3.0.0', affected: 'not_affected', why: 'limit is exclusive' },
  ])('$version: $affected ($why)', ({ range, version, affected }) => {
    expect(rangeContains(range, version, testSemver).status).toBe(affected);
  });

  it('a GIT-only range is undecidable from a version', () => {
    const r = unwrap(fromOsvAffected([osv([{ introduced: 'abc123' }, { fixed: 'def456' }], 'GIT')], []));
    expect(rangeContains(r, '1.0.0', testSemver)).toMatchObject({ status: 'undecidable', reason: expect.stringContaining('GIT') });
  });
  it('a GIT range with an enumerated versions list is decided by the list', () => {
    const r = unwrap(fromOsvAffected([osv([{ introduced: 'abc123' }], 'GIT')], ['1.0.0', '1.0.1']));
    expect(rangeContains(r, '1.0.1', testSemver).status).toBe('affected');
    expect(rangeContains(r, '1.0.2', testSemver).status).toBe('not_affected');
  });
  it('an unreadable version is undecidable, never affected', () => {
    expect(rangeContains(multi, 'not-a-version', testSemver).status).toBe('undecidable');
  });
  it('rejects a range type OSV does not define', () => {
    expect(fromOsvAffected([{ type: 'FOO' as OsvRange['type'], events: [] }], []).ok).toBe(false);
  });
  it('lists fixes and the smallest fix above a version, skipping limits', () => {
    expect(fixedVersions(multi)).toEqual(['1.2.8', '2.1.3']);
    expect(fixedVersions(limited)).toEqual([]);
    expect(smallestFixAbove(multi, '2.0.5', testSemver)).toBe('2.1.3');
    expect(smallestFixAbove(lastAffected, '1.1.0', testSemver)).toBeUndefined();
    expect(smallestFixAbove(multi, '1.9.0', testSemver)).toBeUndefined();
  });
  it('follows chained intervals to a version outside all of them', () => {
    const chained = unwrap(fromVers('vers:npm/>=1.0.0|<1.5.0|>=1.5.0|<1.6.0', testSemver));
    expect(smallestFixAbove(chained, '1.2.0', testSemver)).toBe('1.6.0');
  });
});

describe('NVD cpeMatch bounds', () => {
  it.each([
    {
      bounds: { versionStartIncluding: '2.0.0', versionEndExcluding: '2.15.0' },
      version: '2.14.1',
      affected: 'affected',
      why: 'CVE-2021-44228 log4j 2.0 ≤ v < 2.15.0',
    },
    { bounds: { versionStartIncluding: '2.0.0', versionEndExcluding: '2.15.0' }, version: '2.15.0', affected: 'not_affected', why: 'end excluded' },
    { bounds: { versionStartExcluding: '1.0.0', versionEndIncluding: '1.1.0' }, version: '1.0.0', affected: 'not_affected', why: 'start excluded' },
    { bounds: { versionEndIncluding: '1.1.0' }, version: '0.1.0', affected: 'affected', why: 'open start' },
  ])('$version: $affected ($why)', ({ bounds, version, affected }) => {
    expect(rangeContains(unwrap(fromCpeBounds(bounds)), version, testSemver).status).toBe(affected);
  });
  it('rejects two start bounds', () => {
    expect(fromCpeBounds({ versionStartIncluding: '1', versionStartExcluding: '2' })).toMatchObject({ ok: false, code: 'INVALID_RANGE' });
  });
});

describe('vers and npm ranges', () => {
  it.each([
    { range: 'vers:npm/>=1.0.0|<2.0.0', version: '1.5.0', affected: true, why: 'inside' },
    { range: 'vers:npm/>=1.0.0|<2.0.0', version: '2.0.0', affected: false, why: 'upper exclusive' },
    { range: 'vers:npm/*', version: '9.9.9', affected: true, why: 'star is every version' },
    { range: 'vers:npm/!=1.0.0', version: '1.0.0', affected: false, why: 'only != excludes that one version' },
    { range: 'vers:npm/!=1.0.0', version: '1.0.1', affected: true, why: 'only != keeps every other version' },
    { range: 'vers:npm/<1.0.0|1.5.0|>=2.0.0', version: '1.5.0', affected: true, why: 'exact version between bounds' },
    { range: 'vers:npm/>=1.0.0|!=1.2.0|<2.0.0', version: '1.2.0', affected: false, why: '!= punches a hole in an interval' },
  ])('$range ∋ $version: $affected ($why)', ({ range, version, affected }) => {
    expect(rangeContains(unwrap(fromVers(range, testSemver)), version, testSemver).status).toBe(affected ? 'affected' : 'not_affected');
  });

  it.each([
    { range: '^1.2.3', version: '1.9.0', affected: true, why: 'caret keeps the major' },
    { range: '^1.2.3', version: '2.0.0', affected: false, why: 'caret stops at the next major' },
    { range: '^0.2.3', version: '0.3.0', affected: false, why: 'caret on 0.x stops at the next minor' },
    { range: '~1.2.3', version: '1.2.9', affected: true, why: 'tilde keeps the minor' },
    { range: '~1.2.3', version: '1.3.0', affected: false, why: 'tilde stops at the next minor' },
    { range: '1.2.x', version: '1.2.7', affected: true, why: 'x-range' },
    { range: '1.2.3 - 1.4', version: '1.4.9', affected: true, why: 'partial hyphen upper covers the whole minor' },
    { range: '1.2.3 - 1.4', version: '1.5.0', affected: false, why: 'past the hyphen upper' },
    { range: '<1.0.4 || >=2.0.0 <2.0.2', version: '2.0.1', affected: true, why: 'GHSA-style union, second set' },
    { range: '>= 1.0.0 < 1.4.6', version: '1.4.5', affected: true, why: 'spaces after operators' },
    { range: '*', version: '0.0.1', affected: true, why: 'star' },
    { range: '>=1.0.0 >=1.2.0 <2.0.0', version: '1.1.0', affected: false, why: 'the tighter lower bound wins' },
  ])('npm $range ∋ $version: $affected ($why)', ({ range, version, affected }) => {
    expect(rangeContains(unwrap(fromNpmRange(range, testSemver)), version, testSemver).status).toBe(affected ? 'affected' : 'not_affected');
  });

  it.each(['vers:npm/>=1.0.0||<2.0.0', 'vers:npm/ >=1.0.0', 'vers:npm/>=1.0.0|>=1.1.0', 'npm/>=1', 'vers:npm/1.0%2G0'])('rejects %s', (range) => {
    expect(fromVers(range, testSemver)).toMatchObject({ ok: false, code: 'INVALID_RANGE' });
  });
  it('evaluates unsorted constraints but does not accept them as canonical', () => {
    expect(rangeContains(unwrap(fromVers('vers:npm/>=3.0.0|2.0.3', testSemver)), '2.0.3', testSemver).status).toBe('affected');
    expect(validateVers('vers:npm/>=2.0.0|<1.0.0', testSemver)).toMatchObject({ ok: false, code: 'INVALID_RANGE' });
  });
  it.each(['>=abc', '1.2.3 -', '^^1'])('rejects npm range %s', (range) => {
    expect(fromNpmRange(range, testSemver)).toMatchObject({ ok: false, code: 'INVALID_RANGE' });
  });
});
