/**
 * Where a decision applies: which products (one, or every product), which of their versions
 * (`*`, exact versions joined by `|`, or a `vers:` range compared in the order of its scheme,
 * as src/ids knows it) and which components (a purl base, or any). Pure: the repositories and
 * the tests ask the same functions.
 */
import { err, ok, type Result } from '../core/result.ts';
import type { DecisionScope as Scope } from '../db/index.ts';
import { parseVers, rangeContains, versionScheme, versToRange, type VersionRange, type VersionScheme } from '../ids/index.ts';

const isVers = (selector: string): boolean => selector.startsWith('vers:');

function versRange(selector: string): Result<{ range: VersionRange; scheme: VersionScheme }> {
  const parsed = parseVers(selector);
  if (!parsed.ok) return parsed;
  const scheme = versionScheme(parsed.value.scheme);
  if (!scheme) return err('INVALID_RANGE', `vers:${parsed.value.scheme} has no known version order; use vers:generic/… or an ecosystem's scheme`);
  const range = versToRange(parsed.value, scheme);
  return range.ok ? ok({ range: range.value, scheme }) : range;
}

/** Checks a `versions` selector as the VEX import takes it; the value to store when valid. */
export function parseVersionSelector(input: string): Result<string> {
  const selector = input.trim();
  if (selector === '') return err('INVALID_RANGE', 'versions is `*`, a vers:… range or versions joined by |');
  if (selector === '*') return ok(selector);
  if (isVers(selector)) {
    const range = versRange(selector);
    return range.ok ? ok(selector) : range;
  }
  if (selector.split('|').some((v) => v.trim() === '')) return err('INVALID_RANGE', 'empty version in the list (leading, trailing or doubled |)');
  return ok(
    selector
      .split('|')
      .map((v) => v.trim())
      .join('|'),
  );
}

/** The scope a stored selector stands for, on one product. */
export const scopeOfSelector = (selector: string): Exclude<Scope, 'all-products'> => (selector === '*' ? 'product' : isVers(selector) ? 'range' : 'version');

/**
 * Whether a stored selector covers `version`. A vers range that does not parse, or a version
 * its scheme cannot place in it, covers nothing: a finding is never hidden by guesswork.
 */
export function selectorCovers(selector: string, version: string): boolean {
  if (selector === '*') return true;
  if (!isVers(selector)) return selector.split('|').includes(version);
  const r = versRange(selector);
  return r.ok && rangeContains(r.value.range, version, r.value.scheme).status === 'affected';
}

/** A decision as scope matching reads it. */
export interface ScopedDecision {
  vulnerabilityId: string;
  scope: Scope;
  productId: string | null;
  versions: string;
  componentPurl: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A finding as scope matching reads it: its vulnerability with every alias, product, version and component. */
export interface DecisionTarget {
  vulnerabilityIds: readonly string[];
  productId: string;
  version: string;
  purlBase: string | null;
}

/** Whether a decision is in force at `now`: not revoked, not past its expiry. */
export const isActive = (d: Pick<ScopedDecision, 'expiresAt' | 'revokedAt'>, now: Date): boolean =>
  d.revokedAt === null && (d.expiresAt === null || d.expiresAt.getTime() > now.getTime());

/** Whether the decision, in force at `now`, covers the finding. */
export function decisionCovers(d: ScopedDecision, target: DecisionTarget, now: Date): boolean {
  if (!isActive(d, now) || !target.vulnerabilityIds.includes(d.vulnerabilityId)) return false;
  if (d.componentPurl !== null && d.componentPurl !== target.purlBase) return false;
  if (d.scope === 'all-products') return true;
  return d.productId === target.productId && selectorCovers(d.versions, target.version);
}

export interface ScopeInput {
  scope: Scope;
  /** For `version`: the product version (or versions joined by `|`); for `range`: a `vers:` range. */
  range?: string | undefined;
}

/** The `versions` selector to store for a scope as the API takes it; an error names what is wrong. */
export function selectorOfScope(input: ScopeInput): Result<string> {
  switch (input.scope) {
    case 'product':
    case 'all-products':
      return input.range === undefined ? ok('*') : err('INVALID_RANGE', `scope ${input.scope} covers every version: give no range`);
    case 'version':
    case 'range': {
      if (input.range === undefined)
        return err('INVALID_RANGE', `scope ${input.scope} needs range (${input.scope === 'range' ? 'a vers: range' : 'the version'})`);
      const selector = parseVersionSelector(input.range);
      if (!selector.ok) return selector;
      if (scopeOfSelector(selector.value) !== input.scope)
        return err('INVALID_RANGE', input.scope === 'range' ? 'scope range takes a vers: range' : 'scope version takes versions joined by |, not a range');
      return selector;
    }
  }
}
