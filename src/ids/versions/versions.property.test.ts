import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericVersionScheme, versionScheme } from './index.ts';
import type { VersionScheme } from './version-scheme.ts';

const SCHEMES: VersionScheme[] = ['semver', 'go', 'pub', 'pep440', 'maven', 'rubygems', 'nuget', 'composer', 'deb', 'rpm', 'apk', 'cran', 'hackage'].map(
  (id) => versionScheme(id) as VersionScheme,
);
SCHEMES.push(genericVersionScheme);

/** Version-shaped strings: numbers, the words the schemes treat specially, and their separators. */
const piece = fc.oneof(
  fc.nat({ max: 20 }).map(String),
  fc.constantFrom('0', '00', '01', '10', '99999999999999999999'),
  fc.constantFrom('a', 'b', 'c', 'm', 'rc', 'cr', 'alpha', 'beta', 'pre', 'dev', 'post', 'ga', 'final', 'sp'),
  fc.constantFrom('snapshot', 'SNAPSHOT', 'p', 'pl', 'r', 'git', 'z', 'incompatible', 'RC', 'Beta'),
  fc.constantFrom('.', '.', '.', '-', '_', '+', '~', '^', ':', '!', '#'),
);
const versionLike = fc.array(piece, { minLength: 1, maxLength: 9 }).map((parts) => parts.join(''));
/** A valid-looking start mutated by a suffix, so related versions meet often. */
const related = fc.tuple(fc.constantFrom('1', '1.0', '1.2.3', '2:1.0-1', 'v1.0.0'), versionLike).map(([a, b]) => a + b);
const anyVersion = fc.oneof(versionLike, related, fc.string({ maxLength: 12 }));

/**
 * Maven versions as repositories hold them: number groups, then qualifiers with optional
 * numbers (`1.2.3`, `2.0-beta-2`, `1.0.0.Final`, `3.1-SNAPSHOT`, `1.0-sp1`).
 */
const mavenVersion = fc
  .tuple(
    fc.array(fc.nat({ max: 12 }).map(String), { minLength: 1, maxLength: 4 }).map((n) => n.join('.')),
    fc.array(
      fc.tuple(
        fc.constantFrom('-', '.', ''),
        fc.constantFrom('alpha', 'beta', 'milestone', 'rc', 'cr', 'snapshot', 'SNAPSHOT', 'ga', 'final', 'Final', 'release', 'sp', 'jre', 'android'),
        fc.constantFrom('', '1', '2', '-1', '.1', '10'),
      ),
      { maxLength: 2 },
    ),
  )
  .map(([numbers, qualifiers]) => numbers + qualifiers.map((q) => q.join('')).join(''));

/**
 * Maven's own ComparableVersion (3.9.6 and 3.8) is not transitive on strings that mix a bare
 * qualifier with nested null items: it says `0 > 0ga0snapshot > 0a` and `0 < 0a`, and
 * `.snapshot < . < dev0 < .snapshot`. Matching must agree with Maven, so the Maven scheme keeps
 * those answers (see "Maven's own cycles" below) and the order properties are checked on the
 * versions Maven repositories contain.
 */
const ARBITRARY_BY_SCHEME: Readonly<Record<string, fc.Arbitrary<string>>> = { maven: mavenVersion };

function valid(scheme: VersionScheme): fc.Arbitrary<string> {
  return (ARBITRARY_BY_SCHEME[scheme.id] ?? anyVersion).filter((v) => scheme.check(v).ok);
}

const sign = (n: number): number => Math.sign(n) || 0;

describe.each(SCHEMES.map((s) => [s.id, s] as const))('%s is a total order', (_id, scheme) => {
  it('check never throws', () => {
    fc.assert(
      fc.property(fc.oneof(anyVersion, fc.string(), fc.string({ unit: 'binary' })), (v) => {
        scheme.check(v);
      }),
    );
  });

  it('compare throws only InvalidVersionError', () => {
    fc.assert(
      fc.property(anyVersion, anyVersion, (a, b) => {
        try {
          scheme.compare(a, b);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('INVALID_VERSION');
        }
      }),
    );
  });

  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(valid(scheme), valid(scheme), (a, b) => {
        expect(scheme.compare(a, a)).toBe(0);
        expect(sign(scheme.compare(a, b))).toBe(-sign(scheme.compare(b, a)) || 0);
      }),
      { numRuns: 500 },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(fc.array(valid(scheme), { minLength: 3, maxLength: 8 }), (vs) => {
        const sorted = [...vs].sort((x, y) => scheme.compare(x, y));
        for (let i = 0; i < sorted.length; i++)
          for (let j = i + 1; j < sorted.length; j++) expect(scheme.compare(sorted[i] as string, sorted[j] as string)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("Maven's own cycles (named exception to transitivity)", () => {
  it.each([
    // maven-artifact 3.9.6: 0 > 0ga0snapshot, 0ga0snapshot > 0a, 0 < 0a.
    [
      ['0', '0ga0snapshot', '0a'],
      [1, 1, -1],
    ],
    // maven-artifact 3.9.6: .snapshot < ., . < dev0, .snapshot > dev0.
    [
      ['.snapshot', '.', 'dev0'],
      [-1, -1, 1],
    ],
  ])('%j is ordered as Maven orders it', ([a, b, c], expected) => {
    const maven = versionScheme('maven') as VersionScheme;
    expect([maven.compare(a!, b!), maven.compare(b!, c!), maven.compare(a!, c!)].map(sign)).toEqual(expected);
  });
});
