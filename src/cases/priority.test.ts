import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from './default-policy.ts';
import { parsePolicy } from './policy-load.ts';
import type { Policy } from './policy.schema.ts';
import { atLeast, ownerOf, patternMatches, priorityFor, profileOf, type ExposureFacts } from './priority.ts';

const load = (text: string): Policy => {
  const r = parsePolicy(text, 'test');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
};
const policy = load(DEFAULT_POLICY_YAML);

const facts = (over: Partial<ExposureFacts> = {}): ExposureFacts => ({
  cvss: null,
  severity: 'unknown',
  kev: false,
  epss: null,
  epssPercentile: null,
  tier: 'standard',
  exposure: 'internal',
  lifecycle: 'active',
  direct: null,
  confidence: 'high',
  fixAvailable: false,
  ageDays: null,
  ...over,
});
const v31 = (score: number) => ({ score, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' });

describe('priorityFor with the default policy', () => {
  it.each([
    ['CVE-2021-44228 (log4shell): in KEV', facts({ kev: true, cvss: v31(10), severity: 'critical' }), 'P1', 0],
    ['critical, internet-facing product', facts({ cvss: v31(9.8), severity: 'critical', exposure: 'internet' }), 'P1', 1],
    ['critical, sold into critical infrastructure', facts({ cvss: v31(9.1), severity: 'critical', tier: 'critical-infrastructure' }), 'P1', 2],
    ['critical, internal product', facts({ cvss: v31(9.8), severity: 'critical' }), 'P2', 4],
    ['low score but EPSS 0.35', facts({ cvss: v31(3.1), severity: 'low', epss: 0.35 }), 'P2', 3],
    ['high', facts({ cvss: v31(7.5), severity: 'high' }), 'P2', 4],
    ['medium', facts({ cvss: v31(5.3), severity: 'medium' }), 'P3', 5],
    ['no score anywhere: unknown severity is not safe', facts(), 'P3', 6],
    ['low', facts({ cvss: v31(2.0), severity: 'low' }), 'P4', 7],
  ])('%s → %s (rule %d)', (_name, f, priority, rule) => {
    expect(priorityFor(policy, f)).toMatchObject({ priority, rule });
  });
});

describe('conditions', () => {
  const rule = (when: string) =>
    load(
      `rules:\n  - { priority: P1, when: ${when} }\n  - { priority: P4 }\nsla:\n${['P1', 'P2', 'P3', 'P4'].map((p) => `  ${p}: { acknowledge: 1d, triage: 1d, plan: 1d, fix: 1d }`).join('\n')}\n`,
    );
  it.each([
    ['{ cvssVector: [AV:N, PR:N] }', facts({ cvss: v31(9.8) }), 'P1'],
    ['{ cvssVector: [AV:L] }', facts({ cvss: v31(9.8) }), 'P4'],
    ['{ cvssVector: [AV:N] }', facts(), 'P4'],
    ['{ direct: true }', facts({ direct: true }), 'P1'],
    ['{ direct: true }', facts({ direct: null }), 'P4'],
    ['{ direct: false }', facts({ direct: null }), 'P4'],
    ['{ confidence: [high, medium] }', facts({ confidence: 'low' }), 'P4'],
    ['{ fixAvailable: true, ageDays: { min: 30 } }', facts({ fixAvailable: true, ageDays: 45 }), 'P1'],
    ['{ fixAvailable: true, ageDays: { min: 30 } }', facts({ fixAvailable: true, ageDays: null }), 'P4'],
    ['{ epssPercentile: { min: 0.9, max: 0.99 } }', facts({ epssPercentile: 0.95 }), 'P1'],
    ['{ epssPercentile: { min: 0.9, max: 0.99 } }', facts({ epssPercentile: 0.995 }), 'P4'],
    ['{ lifecycle: [end-of-life] }', facts({ lifecycle: 'end-of-life' }), 'P1'],
    ['{}', facts(), 'P1'],
  ])('%s on %j → %s', (when, f, priority) => {
    expect(priorityFor(rule(when), f).priority).toBe(priority);
  });
});

describe('ownership and product profiles', () => {
  const p = load(`teams:\n  - { id: web, name: Web }\n  - { id: edge, name: Edge }
ownership:\n  - { products: "web-*", team: web }\n  - { products: "*-gateway", team: edge }
products:\n  - { products: "web-portal", exposure: internet }\n  - { products: "*-gateway", tier: critical-infrastructure, exposure: internet }
defaults: { exposure: offline }
rules:\n  - { priority: P4 }
sla:\n${['P1', 'P2', 'P3', 'P4'].map((x) => `  ${x}: { acknowledge: 1d, triage: 1d, plan: 1d, fix: 1d }`).join('\n')}\n`);
  it.each([
    ['web-portal', 'web', { tier: 'standard', exposure: 'internet', lifecycle: 'active' }],
    ['web-admin', 'web', { tier: 'standard', exposure: 'offline', lifecycle: 'active' }],
    ['iot-gateway', 'edge', { tier: 'critical-infrastructure', exposure: 'internet', lifecycle: 'active' }],
    ['billing', 'uploader-team', { tier: 'standard', exposure: 'offline', lifecycle: 'active' }],
  ])('%s: owned by %s, profile %j', (product, team, profile) => {
    expect(ownerOf(p, product, 'uploader-team')).toBe(team);
    expect(profileOf(p, product)).toEqual(profile);
  });

  it.each([
    ['web-*', 'web-portal', true],
    ['web-*', 'myweb-portal', false],
    ['a.b', 'axb', false],
    ['*', 'anything', true],
    ['exact', 'exact', true],
  ])('pattern %s on %s → %s', (pattern, name, expected) => {
    expect(patternMatches(pattern, name)).toBe(expected);
  });

  it.each([
    ['P1', 'P4', true],
    ['P4', 'P3', false],
    ['P2', 'P2', true],
    ['P1', 'none', false],
  ] as const)('%s at least %s → %s', (p1, threshold, expected) => {
    expect(atLeast(p1, threshold)).toBe(expected);
  });
});
