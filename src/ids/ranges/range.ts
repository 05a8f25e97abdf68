/**
 * One internal form for every affected-version notation (OSV events, NVD bounds, `vers:`,
 * npm ranges): a union of intervals plus exact versions, minus excluded versions. Bounds are
 * kept as the source wrote them and compared with the ecosystem's `VersionScheme` only when a
 * version is tested, so one range serves every scheme that can read it.
 */
import type { VersionScheme } from '../versions/version-scheme.ts';

export interface Bound {
  version: string;
  inclusive: boolean;
  /** An OSV `limit`: where the range stops being tracked, not a release that fixes it. */
  limit?: boolean;
}

/** Versions between `lower` and `upper`; a missing bound is unbounded on that side. */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
}

export interface VersionRange {
  intervals: Interval[];
  /** Versions affected on their own (OSV `versions[]`, `vers` `=`, NVD criteria version). */
  exact: string[];
  /** Versions never affected, whatever the intervals say (`vers` `!=`). */
  excluded: string[];
  /** Set when the range cannot be evaluated against a version at all (GIT-only OSV ranges). */
  undecidable?: string;
}

export type Containment = { status: 'affected' } | { status: 'not_affected' } | { status: 'undecidable'; reason: string };

/** The range containing no version. */
const noVersions = (): VersionRange => ({ intervals: [], exact: [], excluded: [] });

/** Union of ranges; undecidable only when every part is. */
export function unionRanges(ranges: VersionRange[]): VersionRange {
  const decidable = ranges.filter((r) => r.undecidable === undefined);
  if (decidable.length === 0 && ranges.length > 0) {
    return { ...noVersions(), undecidable: ranges.map((r) => r.undecidable).join('; ') };
  }
  return {
    intervals: decidable.flatMap((r) => r.intervals),
    exact: decidable.flatMap((r) => r.exact),
    excluded: decidable.flatMap((r) => r.excluded),
  };
}

type Tri = 'yes' | 'no' | 'unknown';

/** `compare` that reports an unreadable version instead of throwing. */
export function safeCompare(scheme: VersionScheme, a: string, b: string): number | undefined {
  if (!scheme.check(a).ok || !scheme.check(b).ok) return undefined;
  return scheme.compare(a, b);
}

function inInterval(iv: Interval, version: string, scheme: VersionScheme): Tri {
  let unknown = false;
  if (iv.lower) {
    const c = safeCompare(scheme, version, iv.lower.version);
    if (c === undefined) unknown = true;
    else if (c < 0 || (c === 0 && !iv.lower.inclusive)) return 'no';
  }
  if (iv.upper) {
    const c = safeCompare(scheme, version, iv.upper.version);
    if (c === undefined) unknown = true;
    else if (c > 0 || (c === 0 && !iv.upper.inclusive)) return 'no';
  }
  return unknown ? 'unknown' : 'yes';
}

function equalsAny(list: string[], version: string, scheme: VersionScheme): Tri {
  let unknown = false;
  for (const v of list) {
    if (v === version) return 'yes';
    const c = safeCompare(scheme, version, v);
    if (c === 0) return 'yes';
    if (c === undefined) unknown = true;
  }
  return unknown ? 'unknown' : 'no';
}

/**
 * Whether `version` lies in `range` under `scheme`. A version or bound the scheme cannot read
 * makes the answer `undecidable` (with the reason) unless another part of the range decides it:
 * an unreadable version is never reported as affected or as safe by guesswork.
 */
export function rangeContains(range: VersionRange, version: string, scheme: VersionScheme): Containment {
  if (range.undecidable !== undefined) return { status: 'undecidable', reason: range.undecidable };
  const check = scheme.check(version);
  if (!check.ok) return { status: 'undecidable', reason: `${JSON.stringify(version)} is not a ${scheme.id} version: ${check.message}` };

  const excluded = equalsAny(range.excluded, version, scheme);
  if (excluded === 'yes') return { status: 'not_affected' };
  const hits: Tri[] = [equalsAny(range.exact, version, scheme), ...range.intervals.map((iv) => inInterval(iv, version, scheme))];
  const unreadable = `the range has bounds that are not ${scheme.id} versions`;
  if (hits.includes('yes')) return excluded === 'unknown' ? { status: 'undecidable', reason: unreadable } : { status: 'affected' };
  if (hits.includes('unknown')) return { status: 'undecidable', reason: unreadable };
  return { status: 'not_affected' };
}

/** Versions the range names as fixes: exclusive upper bounds that are not OSV limits, in source order. */
export function fixedVersions(range: VersionRange): string[] {
  const out = range.intervals.flatMap((iv) => (iv.upper && !iv.upper.inclusive && !iv.upper.limit ? [iv.upper.version] : []));
  return [...new Set(out)];
}

/**
 * The smallest version above `version` that is outside the range, for fix advice. Follows
 * chained intervals (a fix that is itself affected by a later interval). `undefined` when the
 * range gives no such version: an inclusive `last_affected` bound, an open interval, an exact
 * version, or an undecidable comparison.
 */
export function smallestFixAbove(range: VersionRange, version: string, scheme: VersionScheme): string | undefined {
  let current = version;
  // Each step moves strictly up to another interval's bound, so the interval count bounds the loop.
  for (let step = 0; step <= range.intervals.length; step++) {
    const state = rangeContains(range, current, scheme);
    if (state.status === 'not_affected') return current === version ? undefined : current;
    if (state.status === 'undecidable') return undefined;
    const candidates = range.intervals
      .filter((iv) => inInterval(iv, current, scheme) === 'yes' && iv.upper && !iv.upper.inclusive && !iv.upper.limit)
      .map((iv) => iv.upper?.version ?? '');
    if (candidates.length === 0) return undefined;
    // Leaving every containing interval needs the largest of their exclusive ends.
    current = candidates.reduce((a, b) => ((safeCompare(scheme, a, b) ?? 0) >= 0 ? a : b));
  }
  return undefined;
}
