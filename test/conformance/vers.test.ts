import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { formatVers, fromVers, npmRangeToVers, rangeContains, validateVers } from '../../src/ids/ranges/index.ts';
import { versionScheme } from '../../src/ids/versions/index.ts';
import type { VersionScheme } from '../../src/ids/versions/version-scheme.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

interface VersTest {
  description: string;
  test_type: string;
  input: unknown;
  expected_output?: unknown;
  expected_failure?: boolean;
}

const load = (dir: string, file: string): VersTest[] =>
  (JSON.parse(readFileSync(path.join(dir, 'identifiers/versions/vers-spec/tests', file), 'utf8')) as { tests: VersTest[] }).tests;

/** vers scheme → OSV ecosystem whose ordering it uses. */
const scheme = (vers: string): VersionScheme => {
  const s = versionScheme(({ npm: 'npm', pypi: 'PyPI' } as Record<string, string>)[vers] ?? vers);
  if (!s) throw new Error(`no version scheme for ${vers}`);
  return s;
};

/**
 * npm from_native rows whose expected output does not follow node-semver semantics; each keeps
 * the meaning node-semver gives the range.
 */
const NPM_NATIVE_EXCEPTIONS: Record<string, string> = {
  '>= 2.2.x': 'node-semver reads `>=2.2.x` as >=2.2.0 with no upper bound; the row adds <2.3.0 as if the operator were absent',
  '>= 1.x': 'node-semver reads `>=1.x` as >=1.0.0 with no upper bound; the row adds <2.0.0',
  '>= 0.2.0 <= 0.9.6 || ~0.8.0-pre': 'the row splits ~0.8.0-pre into >=0.8.0-pre|<0.8.0|>=0.8.0|<0.8.1; node-semver reads it as >=0.8.0-pre <0.9.0',
  '<= 1.0': 'node-semver reads `<=1.0` as <1.1.0 (every 1.0.x); the row gives <=1.0.0',
  '2.1 || 2.6': 'node-semver reads the partial `2.1` as >=2.1.0 <2.2.0; the row gives the single version 2.1.0',
  '<=2.1 >=1.1': 'node-semver reads `<=2.1` as <2.2.0; the row gives <=2.1.0',
};

describeWithFixtures('vers-spec test suite', (dir) => {
  const parseRows = load(dir, 'vers_canonical_parse_test.json').filter((t) => (t.input as string).startsWith('vers:npm/'));
  it.each(parseRows)('parse $input: $description', (t) => {
    const parsed = validateVers(t.input as string, scheme('npm'));
    if (t.expected_failure) {
      expect(parsed.ok).toBe(false);
      return;
    }
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const out = t.expected_output as { scheme: string; version_constraints: [string, string][] };
    expect(parsed.value.scheme).toBe(out.scheme);
    expect(parsed.value.constraints.map((c) => [c.comparator, c.version])).toEqual(out.version_constraints);
  });

  const containment = [...load(dir, 'npm_range_containment_test.json'), ...load(dir, 'pypi_range_containment_test.json')];
  it.each(containment)('containment $input.vers ∋ $input.version', (t) => {
    const { vers, version } = t.input as { vers: string; version: string };
    const s = scheme(/^vers:([^/]+)\//.exec(vers)?.[1] ?? '');
    const range = fromVers(vers, s);
    expect(range.ok, range.ok ? '' : range.message).toBe(true);
    if (range.ok) expect(rangeContains(range.value, version, s).status).toBe(t.expected_output ? 'affected' : 'not_affected');
  });

  it.each(load(dir, 'npm_range_from_native_test.json'))('npm native $input.native_range', (t) => {
    const { native_range } = t.input as { native_range: string };
    const r = npmRangeToVers(native_range, scheme('npm'));
    if (t.expected_failure) {
      expect(r.ok).toBe(false);
      return;
    }
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (!r.ok) return;
    if (native_range in NPM_NATIVE_EXCEPTIONS) expect(formatVers(r.value)).not.toBe(t.expected_output);
    else expect(formatVers(r.value)).toBe(t.expected_output);
  });
});
