import { describe, expect, it } from 'vitest';
import type { CpeConfiguration, CpeMatch } from './cpe-match.ts';
import { testSemver } from '../ranges/testdata/semver-scheme.ts';
import { evaluateConfiguration } from './configuration.ts';
import { compareAttribute, isCpeSuperset } from './match.ts';
import { parseCpe } from './wfn.ts';

const or = (...cpeMatch: CpeMatch[]): CpeConfiguration => ({ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, cpeMatch }] });
const log4j: CpeMatch = { vulnerable: true, criteria: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', versionStartIncluding: '2.0.0', versionEndExcluding: '2.15.0' };

describe('evaluateConfiguration', () => {
  it.each([
    { cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*', status: 'affected', why: 'CVE-2021-44228: 2.14.1 is inside 2.0.0 ≤ v < 2.15.0' },
    { cpe: 'cpe:2.3:a:apache:log4j:2.15.0:*:*:*:*:*:*:*', status: 'not_affected', why: 'CVE-2021-44228: 2.15.0 is the fix' },
    { cpe: 'cpe:2.3:a:apache:log4j:2.x-final:*:*:*:*:*:*:*', status: 'undecidable', why: 'an unreadable version cannot be decided' },
    { cpe: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', status: 'undecidable', why: 'a candidate without version cannot be placed in bounds' },
    { cpe: 'cpe:2.3:a:*:log4j:2.14.1:*:*:*:*:*:*:*', status: 'not_affected', why: 'a * vendor on the candidate never matches every vendor' },
  ])('$cpe: $status ($why)', ({ cpe, status }) => {
    expect(evaluateConfiguration(or(log4j), [{ cpe }], testSemver).status).toBe(status);
  });

  it('a * product in the criteria never widens to every product', () => {
    const v = evaluateConfiguration(
      or({ vulnerable: true, criteria: 'cpe:2.3:a:apache:*:*:*:*:*:*:*:*:*' }),
      [{ cpe: 'cpe:2.3:a:apache:httpd:2.4.1:*:*:*:*:*:*:*' }],
      testSemver,
    );
    expect(v.status).toBe('not_affected');
  });

  it('says when the match came from an ANY version without bounds', () => {
    const v = evaluateConfiguration(
      or({ vulnerable: true, criteria: 'cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*' }),
      [{ cpe: 'cpe:2.3:a:acme:widget:1.0.0:*:*:*:*:*:*:*' }],
      testSemver,
    );
    expect(v.vulnerable).toEqual([{ candidate: 0, criteria: 'cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*', vulnerable: true, versionBasis: 'any_version' }]);
  });

  it('the component version overrides the CPE version', () => {
    const v = evaluateConfiguration(or(log4j), [{ cpe: 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', version: '2.14.0' }], testSemver);
    expect(v.status).toBe('affected');
  });

  const onWindows: CpeConfiguration = {
    operator: 'AND',
    negate: false,
    nodes: [
      { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:agent:1.0.0:*:*:*:*:*:*:*' }] },
      { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }] },
    ],
  };
  it('a running-on platform is a condition and never itself vulnerable', () => {
    const v = evaluateConfiguration(
      onWindows,
      [{ cpe: 'cpe:2.3:a:acme:agent:1.0.0:*:*:*:*:*:*:*' }, { cpe: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }],
      testSemver,
    );
    expect(v.status).toBe('affected');
    expect(v.vulnerable.map((h) => h.candidate)).toEqual([0]);
    expect(v.platforms).toMatchObject([{ candidate: 1, vulnerable: false, versionBasis: 'no_version' }]);
  });
  it('an unmet platform condition is reported, and the product is not affected', () => {
    const v = evaluateConfiguration(onWindows, [{ cpe: 'cpe:2.3:a:acme:agent:1.0.0:*:*:*:*:*:*:*' }], testSemver);
    expect(v).toMatchObject({ status: 'not_affected', unmetPlatforms: ['cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*'] });
  });
  it('a platform alone does not make anything affected', () => {
    const v = evaluateConfiguration(
      or({ vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }),
      [{ cpe: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }],
      testSemver,
    );
    expect(v.status).toBe('not_affected');
  });
  it('a negated node holds when its entries do not match', () => {
    const cfg: CpeConfiguration = {
      operator: 'AND',
      negate: false,
      nodes: [
        { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:acme:agent:1.0.0:*:*:*:*:*:*:*' }] },
        { operator: 'OR', negate: true, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:acme:hardened_os:-:*:*:*:*:*:*:*' }] },
      ],
    };
    const agent = { cpe: 'cpe:2.3:a:acme:agent:1.0.0:*:*:*:*:*:*:*' };
    expect(evaluateConfiguration(cfg, [agent], testSemver).status).toBe('affected');
    expect(evaluateConfiguration(cfg, [agent, { cpe: 'cpe:2.3:o:acme:hardened_os:-:*:*:*:*:*:*:*' }], testSemver).status).toBe('not_affected');
  });
  it('target_sw narrows: a wordpress plugin criteria does not match a stated other platform', () => {
    const v = evaluateConfiguration(
      or({ vulnerable: true, criteria: 'cpe:2.3:a:acme:forms:*:*:*:*:*:wordpress:*:*' }),
      [{ cpe: 'cpe:2.3:a:acme:forms:1.0:*:*:*:*:drupal:*:*' }],
      testSemver,
    );
    expect(v.status).toBe('not_affected');
  });
});

describe('NISTIR 7696 attribute relations', () => {
  const v = (s: string) => ({ kind: 'value' as const, value: s });
  it.each([
    { source: { kind: 'ANY' as const }, target: v('x'), rel: 'SUPERSET' },
    { source: { kind: 'NA' as const }, target: { kind: 'ANY' as const }, rel: 'SUBSET' },
    { source: { kind: 'NA' as const }, target: v('x'), rel: 'DISJOINT' },
    { source: v('x'), target: { kind: 'NA' as const }, rel: 'DISJOINT' },
    { source: v('1\\.2\\.*'), target: v('1\\.2\\.3'), rel: 'SUPERSET' },
    { source: v('1\\.?'), target: v('1\\.23'), rel: 'DISJOINT' },
    { source: v('x'), target: v('x*'), rel: 'UNDEFINED' },
  ])('$source.kind $source.value vs $target.kind $target.value: $rel', ({ source, target, rel }) => {
    expect(compareAttribute(source, target)).toBe(rel);
  });
  it('name superset', () => {
    const a = parseCpe('cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*');
    const b = parseCpe('cpe:2.3:a:microsoft:internet_explorer:8.0.6001:sp1:*:*:*:*:*:*');
    expect(a.ok && b.ok && isCpeSuperset(a.value, b.value)).toBe(true);
  });
});
