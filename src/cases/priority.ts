/** Priority, ownership and product profile from the policy: pure functions of the policy and the facts. */
import type { Condition, Exposure, Policy, Priority, ProductLifecycle, Tier } from './policy.schema.ts';
import { PRIORITIES } from './policy.schema.ts';

/** What the policy's conditions look at, for one vulnerability in one product. */
export interface ExposureFacts {
  /** Best base score among the merged records, and its vector. */
  cvss: { score: number; vector: string } | null;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
  kev: boolean;
  epss: number | null;
  epssPercentile: number | null;
  tier: Tier;
  exposure: Exposure;
  lifecycle: ProductLifecycle;
  /** A directly used component is among the findings; null when no SBOM says. */
  direct: boolean | null;
  confidence: 'high' | 'medium' | 'low';
  fixAvailable: boolean;
  /** Days since publication; null when unknown. */
  ageDays: number | null;
}

export interface PriorityVerdict {
  priority: Priority;
  /** Index of the rule that gave it, and its name. */
  rule: number;
  ruleName: string | null;
}

const within = (value: number | null, b: { min?: number | undefined; max?: number | undefined } | undefined): boolean =>
  b === undefined || (value !== null && (b.min === undefined || value >= b.min) && (b.max === undefined || value <= b.max));

const among = <T>(value: T | null, allowed: readonly T[] | undefined): boolean => allowed === undefined || (value !== null && allowed.includes(value));

const flag = (value: boolean | null, wanted: boolean | undefined): boolean => wanted === undefined || value === wanted;

/** Whether every condition given holds; a fact that is unknown satisfies no condition on it. */
export function holds(when: Condition, f: ExposureFacts): boolean {
  const metrics = f.cvss ? new Set(f.cvss.vector.split('/')) : new Set<string>();
  return (
    flag(f.kev, when.kev) &&
    within(f.cvss?.score ?? null, when.cvss) &&
    (when.cvssVector === undefined || when.cvssVector.every((m) => metrics.has(m))) &&
    among(f.severity, when.severity) &&
    within(f.epss, when.epss) &&
    within(f.epssPercentile, when.epssPercentile) &&
    among(f.tier, when.tier) &&
    among(f.exposure, when.exposure) &&
    among(f.lifecycle, when.lifecycle) &&
    flag(f.direct, when.direct) &&
    among(f.confidence, when.confidence) &&
    flag(f.fixAvailable, when.fixAvailable) &&
    within(f.ageDays, when.ageDays)
  );
}

/** The first rule that holds gives the priority (the policy's last rule matches everything). */
export function priorityFor(policy: Policy, facts: ExposureFacts): PriorityVerdict {
  const rule = Math.max(
    0,
    policy.rules.findIndex((r) => holds(r.when, facts)),
  );
  const r = policy.rules[rule]!;
  return { priority: r.priority, rule, ruleName: r.name ?? null };
}

/** Whether `p` is as urgent as `threshold` or more. */
export const atLeast = (p: Priority, threshold: Priority | 'none'): boolean => threshold !== 'none' && PRIORITIES.indexOf(p) <= PRIORITIES.indexOf(threshold);

/** `*` matches any run of characters; everything else literally; the whole name must match. */
export function patternMatches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}

/** The team that owns a product: the first ownership pattern that matches, else the uploading team. */
export function ownerOf(policy: Policy, product: string, uploadingTeam: string): string {
  return policy.ownership.find((o) => patternMatches(o.products, product))?.team ?? uploadingTeam;
}

/** Tier, exposure and lifecycle of a product: the first matching entry, each attribute falling back to the defaults. */
export function profileOf(policy: Policy, product: string): { tier: Tier; exposure: Exposure; lifecycle: ProductLifecycle } {
  const entry = policy.products.find((p) => patternMatches(p.products, product));
  return {
    tier: entry?.tier ?? policy.defaults.tier,
    exposure: entry?.exposure ?? policy.defaults.exposure,
    lifecycle: entry?.lifecycle ?? policy.defaults.lifecycle,
  };
}

/** The running-on platforms the policy declares for a product: those of its first matching entry. */
export function platformsOf(policy: Policy, product: string): readonly string[] {
  return policy.products.find((p) => patternMatches(p.products, product))?.platforms ?? [];
}
