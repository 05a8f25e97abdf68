import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { versionScheme, type VersionScheme } from '../../src/ids/versions/index.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

/** Which OSV ecosystems each osv-semantic table is for (FORMAT.md §1). */
const TABLE_ECOSYSTEMS: Record<string, string[]> = {
  semver: ['npm', 'crates.io', 'Go', 'Hex'],
  pypi: ['PyPI'],
  maven: ['Maven'],
  rubygems: ['RubyGems'],
  nuget: ['NuGet'],
  packagist: ['Packagist'],
  debian: ['Debian'],
  alpine: ['Alpine'],
  redhat: ['Red Hat'],
  cran: ['CRAN'],
  hackage: ['Hackage'],
  pub: ['Pub'],
};

/**
 * Table lines the ecosystem's reference implementation decides otherwise. The reference wins;
 * each line here must still disagree with the table, so a stale entry fails.
 */
const EXCEPTIONS: Record<string, string> = {
  // maven-artifact 3.9.6 and Debian's 3.8.7 both give the opposite of these generated lines
  // (checked with test/differential/references/MavenCompare.java); the table predates them.
  'maven-versions-generated.txt: 1.0.0-RC16 < 1.0.0.RC8-beta': 'ComparableVersion 3.8/3.9: >',
  'maven-versions-generated.txt: 1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3': 'ComparableVersion 3.8/3.9: >',
  'maven-versions-generated.txt: 2.9.0-1 < 2.9.0.RC1': 'ComparableVersion 3.8/3.9: >',
  'maven-versions-generated.txt: 6.1.12.rc5 < 6.1.12rc1': 'ComparableVersion 3.8/3.9: >',
  'maven-versions-generated.txt: 1.0.0rc0 < 1.0.beta8': 'ComparableVersion 3.8/3.9: >',
  'maven-versions-generated.txt: 1.5.9.RC1 < 1.5.9-RC0': 'ComparableVersion 3.8/3.9: >',
  'maven-versions-generated.txt: 1.1.0-01-glassfish < 1.1.0.Beta1': 'ComparableVersion 3.8/3.9: >',
  'maven-versions.txt: 1-1 = 1-ga-1': 'ComparableVersion 3.8/3.9: > (`-ga-1` is a qualifier list, not `-1`)',
  // `.sec10` vs `_noneautotype` (fastjson): `_` is no separator, so `31_noneautotype` is one
  // unknown qualifier after the number; ComparableVersion 3.8/3.9 put it below `31.sec10`.
  ...Object.fromEntries(
    ['1.1.31', '1.1.34', '1.1.46', '1.2.31', '1.2.48', '1.2.50', '1.2.54', '1.2.57', '1.2.60', '1.2.67'].map((v) => [
      `maven-versions-generated.txt: ${v}.sec10 < ${v}_noneautotype`,
      'ComparableVersion 3.8/3.9: >',
    ]),
  ),
  'maven-versions-generated.txt: 1.2.8.sec10_noneautotype < 1.2.8_noneautotype': 'ComparableVersion 3.8/3.9: >',
  // php_version_compare turns `#` into a separator, so `1.2.3.#` is `1.2.3`, below `1.2.3.1`.
  'packagist-versions.txt: 1.2.3.# = 1.2.3.1': 'PHP version_compare: <',
  // Alpine: Kanshi follows apk-tools 2.14 (Alpine 3.22 and older branches, whose advisories
  // carry versions apk-tools 3 refuses, such as openssh's 6.6.2p1). These lines record apk-tools
  // 3 (Alpine 3.23 on), as the table's own comments say for most of them.
  // apk-tools 2 ranks a number-level token above a letter: `0.r1` has an empty number before `r`.
  'alpine-versions.txt: 0.r1 < 0r2': 'apk-tools 2: >',
  'alpine-versions.txt: 0.8.21.r2 < 0.8.21r2': 'apk-tools 2: >',
  // `-r-0`: apk-tools 2 reads `-r` with no digits as revision 0, then `-0` is invalid after it;
  // apk-tools 3 calls the empty revision itself invalid, below `-r0`.
  'alpine-versions.txt: 1-r-0 < 1-r0': 'apk-tools 2: >',
  'alpine-versions.txt: 1-r-1 < 1-r0': 'apk-tools 2: >',
  // Upper-case letters are no token in either; apk-tools 2 ranks the invalid `A` after the number
  // level above the letter `d`, apk-tools 3 below.
  'alpine-versions.txt: 1.2.0A < 1.2.0d': 'apk-tools 2: >',
  'alpine-versions.txt: 1.2.0D < 1.2.0d': 'apk-tools 2: >',
  // `-ruff`: apk-tools 2 reads a revision (of value 0) before the invalid rest, so it goes on
  // past `1`; apk-tools 3 finds no digits and stops there.
  'alpine-versions.txt: 1 > 1-ruff': 'apk-tools 2: <',
  'alpine-versions.txt: 1-ruff2 = 1--ruff1': 'apk-tools 2: >',
};

interface Line {
  a: string;
  op: string;
  b: string;
  text: string;
}

function readTable(file: string): Line[] {
  const lines: Line[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text === '' || text.startsWith('# ') || text.startsWith('// ')) continue;
    const parts = text.split(' ');
    if (parts.length !== 3) throw new Error(`${path.basename(file)}: broken line ${JSON.stringify(text)}`);
    const [a, op, b] = parts as [string, string, string];
    lines.push({ a, op, b, text });
  }
  return lines;
}

const symbol = (c: number): string => (c < 0 ? '<' : c > 0 ? '>' : '=');

function outcome(scheme: VersionScheme, a: string, b: string): string {
  const forward = symbol(scheme.compare(a, b));
  const backward = symbol(scheme.compare(b, a));
  const mirrored = forward === '<' ? '>' : forward === '>' ? '<' : '=';
  return backward === mirrored ? forward : `${forward} but reversed ${backward}`;
}

describeWithFixtures('version ordering tables', (fixtures) => {
  const root = path.join(fixtures, 'identifiers/versions');
  const semantic = path.join(root, 'osv-semantic');
  const used = new Set<string>();

  for (const file of readdirSync(semantic).sort()) {
    const family = file.slice(0, file.indexOf('-'));
    const ecosystems = TABLE_ECOSYSTEMS[family];
    it(`${file} names a known table`, () => expect(ecosystems).toBeDefined());
    for (const ecosystem of ecosystems ?? []) {
      it(`${file} under ${ecosystem}`, () => {
        const scheme = versionScheme(ecosystem);
        expect(scheme, ecosystem).toBeDefined();
        if (scheme === undefined) return;
        const failures: string[] = [];
        for (const line of readTable(path.join(semantic, file))) {
          const key = `${file}: ${line.text}`;
          const got = outcome(scheme, line.a, line.b);
          if (key in EXCEPTIONS) {
            used.add(key);
            if (got === line.op) failures.push(`${key}: listed as an exception but now agrees`);
          } else if (got !== line.op) failures.push(`${key}: got ${got}`);
        }
        expect(failures).toEqual([]);
      });
    }
  }

  it('every named exception matches a table line', () => {
    expect(Object.keys(EXCEPTIONS).filter((k) => !used.has(k))).toEqual([]);
  });

  it('osv.dev Alpine validity lists: canonical exactly when osv.dev calls it valid (the invalid ones are still ordered, as apk does)', () => {
    const apk = versionScheme('Alpine');
    const canonical = (v: string): boolean => {
      const c = apk?.check(v);
      return c?.ok === true && c.canonical;
    };
    const read = (name: string): string[] =>
      readFileSync(path.join(root, 'osv-dev', name), 'utf8')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'));
    const wrong = [
      ...read('alpine-valid-versions.txt')
        .filter((v) => !canonical(v))
        .map((v) => `valid ${v}`),
      ...read('alpine-invalid-versions.txt')
        .filter((v) => canonical(v) || apk?.check(v).ok !== true)
        .map((v) => `invalid ${v}`),
    ];
    expect(wrong).toEqual([]);
  });

  describeVersSpec(path.join(root, 'vers-spec/tests'));
});

/** vers scheme → registry name; the vers schemes with no ecosystem order here are listed apart. */
const VERS_SCHEMES: Record<string, string> = { alpine: 'apk', apk: 'apk', maven: 'maven', nuget: 'nuget', pypi: 'pypi', npm: 'npm' };
const VERS_UNSUPPORTED = new Set(['alpm', 'conan', 'datetime', 'gentoo', 'lexicographic', 'openssl']);

/** vers-spec expectations the reference implementation contradicts (checked against maven-artifact 3.9.6). */
const VERS_EXCEPTIONS: Record<string, string> = {
  'maven_version_cmp_test.json: 2-1 2.0.a': 'Maven 3.9 reads `.a` as `-a` (MNG-7644): 2.0.a < 2-1',
  'maven_version_cmp_test.json: 2-1 2.0.0.a': 'Maven 3.9 reads `.a` as `-a` (MNG-7644): 2.0.0.a < 2-1',
  'maven_version_cmp_test.json: 2.0.a 2.0.0.a': 'Maven 3.9: 2.0.a = 2.0.0.a, both are 2-a',
};

interface VersTest {
  description: string;
  test_type: string;
  input: { input_scheme?: string; versions?: string[] };
  expected_output?: unknown;
}

function describeVersSpec(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_version_cmp_test.json') || f.endsWith('-test.json'))) {
    const tests = (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { tests: VersTest[] }).tests.filter(
      (t) => t.test_type === 'comparison' || t.test_type === 'equality',
    );
    const scheme = tests[0]?.input.input_scheme;
    if (scheme === undefined) continue;
    if (VERS_UNSUPPORTED.has(scheme)) {
      it(`vers-spec ${file}: scheme ${scheme} has no ecosystem order in Kanshi`, () => {
        expect(VERS_SCHEMES[scheme]).toBeUndefined();
      });
      continue;
    }
    it(`vers-spec ${file}`, () => {
      const order = versionScheme(VERS_SCHEMES[scheme] ?? scheme);
      expect(order, scheme).toBeDefined();
      if (order === undefined) return;
      // vers-spec writes outputs in its canonical form (e.g. NuGet labels lower-cased), so the
      // expected list is checked for being in order rather than compared as strings.
      const failures: string[] = [];
      for (const t of tests) {
        const versions = t.input.versions ?? [];
        const [a = '', b = ''] = versions;
        if (t.test_type === 'equality') {
          if ((order.compare(a, b) === 0) !== t.expected_output) failures.push(`${t.description}: ${a} ${b}`);
          continue;
        }
        const expected = t.expected_output as string[];
        for (let i = 1; i < expected.length; i++) {
          const key = `${file}: ${expected[i - 1]} ${expected[i]}`;
          const inOrder = order.compare(expected[i - 1] ?? '', expected[i] ?? '') < 0;
          if (key in VERS_EXCEPTIONS ? inOrder : !inOrder) failures.push(`${key}${key in VERS_EXCEPTIONS ? ' (stale exception)' : ''}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
}
