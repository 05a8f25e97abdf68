import { describe, expect, it } from 'vitest';
import { decisionCovers, parseVersionSelector, selectorCovers, selectorOfScope, type DecisionTarget, type ScopedDecision } from './decision-scope.ts';

describe('selectorCovers', () => {
  it.each([
    { selector: '*', version: '1.0', covers: true },
    { selector: '1.0|2.0', version: '2.0', covers: true },
    { selector: '1.0|2.0', version: '2.1', covers: false },
    { selector: 'vers:generic/>=2.0|<3.0', version: '2.1', covers: true },
    { selector: 'vers:generic/>=2.0|<3.0', version: '2.0', covers: true },
    { selector: 'vers:generic/>=2.0|<3.0', version: '3.0', covers: false },
    { selector: 'vers:generic/>=2.0|<3.0', version: '1.9.9', covers: false },
    { selector: 'vers:generic/>=2.0|<3.0', version: '2.10', covers: true },
    { selector: 'vers:generic/>2.0|<=3.0', version: '2.0', covers: false },
    { selector: 'vers:generic/>2.0|<=3.0', version: '3.0', covers: true },
    { selector: 'vers:generic/>=2.0', version: '10.0', covers: true },
    { selector: 'vers:generic/>=2.0|!=2.5', version: '2.5', covers: false },
    { selector: 'vers:generic/1.0|2.0', version: '2.0', covers: true },
    { selector: 'vers:generic/*', version: '0.1', covers: true },
    { selector: 'vers:generic/>=3.0|>=2.0', version: '3.1', covers: false },
    // Other schemes order versions as their ecosystem does: a pre-release sorts before its release.
    { selector: 'vers:semver/>=2.0.0|<3.0.0', version: '3.0.0-rc.1', covers: true },
    { selector: 'vers:semver/>=2.0.0|<3.0.0', version: '2.0.0-rc.1', covers: false },
    { selector: 'vers:semver/>=2.0.0|<3.0.0', version: '2.9.0', covers: true },
    { selector: 'vers:pypi/>=1.0|<2.0', version: '2.0rc1', covers: true },
    { selector: 'vers:pypi/>=1.0|<2.0', version: '1.0.post1', covers: true },
    { selector: 'vers:generic/>=1.0|<2.0', version: 'not a version', covers: false },
  ])('$selector covers $version: $covers', ({ selector, version, covers }) => {
    expect(selectorCovers(selector, version)).toBe(covers);
  });
});

describe('parseVersionSelector', () => {
  it.each([
    { input: '*', value: '*' },
    { input: '1.0|2.0', value: '1.0|2.0' },
    { input: ' 1.0 | 2.0 ', value: '1.0|2.0' },
    { input: 'vers:generic/>=2.0|<3.0', value: 'vers:generic/>=2.0|<3.0' },
    { input: 'vers:generic/>=3.0|>=2.0', value: undefined },
    { input: 'vers:npm/>=2.0.0', value: 'vers:npm/>=2.0.0' },
    { input: 'vers:nosuchscheme/>=2.0', value: undefined },
    { input: 'vers:generic/', value: undefined },
    { input: '1.0||2.0', value: undefined },
    { input: '', value: undefined },
  ])('$input', ({ input, value }) => {
    const r = parseVersionSelector(input);
    expect(r.ok ? r.value : undefined).toBe(value);
  });
});

describe('decisionCovers', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const base: ScopedDecision = {
    vulnerabilityId: 'CVE-2026-1',
    scope: 'product',
    productId: 'p1',
    versions: '*',
    componentPurl: null,
    expiresAt: null,
    revokedAt: null,
  };
  const target: DecisionTarget = { vulnerabilityIds: ['CVE-2026-1', 'GHSA-aaaa-bbbb-cccc'], productId: 'p1', version: '2.1', purlBase: 'pkg:npm/left-pad' };
  it.each<{ name: string; d: Partial<ScopedDecision>; t?: Partial<DecisionTarget>; covers: boolean }>([
    { name: 'every version of the product', d: {}, covers: true },
    { name: 'another product', d: { productId: 'p2' }, covers: false },
    { name: 'every product', d: { scope: 'all-products', productId: null }, t: { productId: 'p9' }, covers: true },
    { name: 'another vulnerability', d: { vulnerabilityId: 'CVE-2026-2' }, covers: false },
    { name: 'an alias of the vulnerability', d: { vulnerabilityId: 'GHSA-aaaa-bbbb-cccc' }, covers: true },
    { name: 'that version', d: { scope: 'version', versions: '2.1' }, covers: true },
    { name: 'one of those versions', d: { scope: 'version', versions: '1.0|2.1' }, covers: true },
    { name: 'another version', d: { scope: 'version', versions: '2.0' }, covers: false },
    { name: 'a range containing it', d: { scope: 'range', versions: 'vers:generic/>=2.0|<3.0' }, covers: true },
    { name: 'a version uploaded later inside the range', d: { scope: 'range', versions: 'vers:generic/>=2.0' }, t: { version: '7.3' }, covers: true },
    { name: 'a range not containing it', d: { scope: 'range', versions: 'vers:generic/>=3.0' }, covers: false },
    { name: 'the component it names', d: { componentPurl: 'pkg:npm/left-pad' }, covers: true },
    { name: 'another component', d: { componentPurl: 'pkg:npm/right-pad' }, covers: false },
    { name: 'a component of unknown purl, for a decision naming one', d: { componentPurl: 'pkg:npm/left-pad' }, t: { purlBase: null }, covers: false },
    { name: 'expired', d: { expiresAt: new Date('2026-11-30T00:00:00Z') }, covers: false },
    { name: 'expiring exactly now', d: { expiresAt: now }, covers: false },
    { name: 'not yet expired', d: { expiresAt: new Date('2027-01-01T00:00:00Z') }, covers: true },
    { name: 'revoked', d: { revokedAt: new Date('2026-11-01T00:00:00Z') }, covers: false },
  ])('$name: $covers', ({ d, t, covers }) => {
    expect(decisionCovers({ ...base, ...d }, { ...target, ...t }, now)).toBe(covers);
  });
});

describe('selectorOfScope', () => {
  it.each([
    { scope: 'product', range: undefined, value: '*' },
    { scope: 'all-products', range: undefined, value: '*' },
    { scope: 'product', range: '1.0', value: undefined },
    { scope: 'version', range: '1.0', value: '1.0' },
    { scope: 'version', range: undefined, value: undefined },
    { scope: 'version', range: 'vers:generic/>=1.0', value: undefined },
    { scope: 'range', range: 'vers:generic/>=1.0', value: 'vers:generic/>=1.0' },
    { scope: 'range', range: '1.0', value: undefined },
    { scope: 'range', range: 'vers:generic/>=3.0|>=2.0', value: undefined },
  ] as const)('$scope $range', ({ scope, range, value }) => {
    const r = selectorOfScope({ scope, range });
    expect(r.ok ? r.value : undefined).toBe(value);
  });
});
