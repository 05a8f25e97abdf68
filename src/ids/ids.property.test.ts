import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCpe22, formatCpe23, parseCpe, WFN_ATTRIBUTES, type Wfn, type WfnValue } from './cpe/index.ts';
import { canonicalizePurl } from './purl/index.ts';
import { fromNpmRange, fromVers } from './ranges/index.ts';
import { testSemver } from './ranges/testdata/semver-scheme.ts';

describe('parsers never throw', () => {
  const inputs = fc.oneof(
    fc.string(),
    fc.string().map((s) => `pkg:${s}`),
    fc.string().map((s) => `cpe:2.3:${s}`),
    fc.string().map((s) => `cpe:/${s}`),
    fc.string().map((s) => `vers:npm/${s}`),
  );
  it.each([
    ['purl', (s: string) => canonicalizePurl(s)],
    ['cpe', (s: string) => parseCpe(s)],
    ['vers', (s: string) => fromVers(s, testSemver)],
    ['npm range', (s: string) => fromNpmRange(s, testSemver)],
  ] as const)('%s', (_name, parse) => {
    fc.assert(
      fc.property(inputs, (s) => typeof parse(s).ok === 'boolean'),
      { numRuns: 2000 },
    );
  });
});

describe('CPE bindings round-trip', () => {
  const char = fc.constantFrom(...'abcxyz019_.-~!$+/@'.split(''));
  const quote = (s: string): string => s.replace(/[^a-z0-9_]/g, '\\$&');
  const value: fc.Arbitrary<WfnValue> = fc.oneof(
    fc.constant<WfnValue>({ kind: 'ANY' }),
    fc.constant<WfnValue>({ kind: 'NA' }),
    fc.array(char, { minLength: 1, maxLength: 8 }).map((cs): WfnValue => ({ kind: 'value', value: quote(cs.join('')) })),
  );
  const wfn = fc
    .tuple(fc.constantFrom('a', 'o', 'h'), ...WFN_ATTRIBUTES.slice(1).map(() => value))
    .map(([part, ...rest]) => Object.fromEntries([['part', { kind: 'value', value: part }], ...WFN_ATTRIBUTES.slice(1).map((a, i) => [a, rest[i]])]) as Wfn)
    // A lone `-` value would bind like NA; the bindings cannot tell them apart.
    .filter((w) => WFN_ATTRIBUTES.every((a) => w[a].kind !== 'value' || (w[a] as { value: string }).value !== '\\-'));

  it('formatted string', () => {
    fc.assert(
      fc.property(wfn, (w) => {
        expect(parseCpe(formatCpe23(w))).toEqual({ ok: true, value: w });
      }),
    );
  });
  it('2.2 URI', () => {
    fc.assert(
      fc.property(wfn, (w) => {
        expect(parseCpe(formatCpe22(w))).toEqual({ ok: true, value: w });
      }),
    );
  });
});
