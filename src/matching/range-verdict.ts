/**
 * A version tested against a range, with what a finding needs to explain itself: the part of the
 * range that matched in readable form, the fixes above the version, the smallest way out.
 */
import { fixedVersions, rangeContains, safeCompare, smallestFixAbove, type Interval, type VersionRange, type VersionScheme } from '../ids/index.ts';

export type RangeVerdict =
  | { status: 'affected'; range: string; fixedIn: string[]; smallestFix?: string }
  | { status: 'not_affected' }
  | { status: 'undecidable'; range: string; reason: string };

function intervalText(iv: Interval): string {
  const parts: string[] = [];
  if (iv.lower) parts.push(`${iv.lower.inclusive ? '>=' : '>'}${iv.lower.version}`);
  if (iv.upper) parts.push(`${iv.upper.inclusive ? '<=' : '<'}${iv.upper.version}`);
  return parts.length === 0 ? '*' : parts.join(' ');
}

/** The whole range, intervals joined by `||`, exact versions as `=v`. */
function rangeText(range: VersionRange): string {
  const parts = [...range.intervals.map(intervalText), ...range.exact.map((v) => `=${v}`)];
  const text = parts.length === 0 ? '(none)' : parts.join(' || ');
  return range.excluded.length === 0 ? text : `${text} (except ${range.excluded.join(', ')})`;
}

/** The intervals (or exact versions) containing `version`, so a finding shows the range that matched. */
function matchedText(range: VersionRange, version: string, scheme: VersionScheme): string {
  const hits = range.intervals
    .filter((iv) => rangeContains({ intervals: [iv], exact: [], excluded: [] }, version, scheme).status === 'affected')
    .map(intervalText);
  if (hits.length === 0 && range.exact.some((v) => v === version || safeCompare(scheme, v, version) === 0)) hits.push(`=${version}`);
  return hits.length === 0 ? rangeText(range) : hits.join(' || ');
}

export function testRange(range: VersionRange, version: string, scheme: VersionScheme): RangeVerdict {
  const c = rangeContains(range, version, scheme);
  if (c.status === 'not_affected') return c;
  if (c.status === 'undecidable') return { status: 'undecidable', range: rangeText(range), reason: c.reason };
  const fixedIn = fixedVersions(range).filter((f) => (safeCompare(scheme, f, version) ?? 0) > 0);
  const verdict: RangeVerdict = { status: 'affected', range: matchedText(range, version, scheme), fixedIn };
  const exit = smallestFixAbove(range, version, scheme);
  if (exit !== undefined) verdict.smallestFix = exit;
  return verdict;
}
