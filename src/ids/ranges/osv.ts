import { err, ok, type Result } from '../../core/result.ts';
import type { CpeMatch } from '../cpe/cpe-match.ts';
import type { OsvEvent, OsvRange } from './osv-range.ts';
import type { VersionScheme } from '../versions/version-scheme.ts';
import { safeCompare, unionRanges, type Bound, type Interval, type VersionRange } from './range.ts';

const GIT_REASON = 'GIT ranges name commits; a release version cannot be placed on them';

const eventVersion = (e: OsvEvent): string => ('introduced' in e ? e.introduced : 'fixed' in e ? e.fixed : 'last_affected' in e ? e.last_affected : e.limit);

/**
 * Orders events the way OSV evaluation does (by version, `introduced: "0"` first) when the
 * scheme can read every version; otherwise keeps the record's order, which OSV producers write
 * sorted anyway.
 */
function sortEvents(events: OsvEvent[], scheme: VersionScheme | undefined): OsvEvent[] {
  if (!scheme) return events;
  const readable = events.every((e) => eventVersion(e) === '0' || scheme.check(eventVersion(e)).ok);
  if (!readable) return events;
  const key = (e: OsvEvent): string => eventVersion(e);
  return [...events].sort((a, b) => {
    if (key(a) === '0') return key(b) === '0' ? 0 : -1;
    if (key(b) === '0') return 1;
    return safeCompare(scheme, key(a), key(b)) ?? 0;
  });
}

function fromEvents(range: OsvRange, scheme: VersionScheme | undefined): Result<VersionRange> {
  const intervals: Interval[] = [];
  let open: Interval | undefined;
  const limits: string[] = [];
  for (const e of sortEvents(range.events, scheme)) {
    if ('introduced' in e) {
      if (open) continue; // a second introduced inside an open interval adds nothing
      open = e.introduced === '0' ? {} : { lower: { version: e.introduced, inclusive: true } };
    } else if ('fixed' in e || 'last_affected' in e) {
      if (!open) continue; // a fix before anything was introduced closes nothing
      open.upper = 'fixed' in e ? { version: e.fixed, inclusive: false } : { version: e.last_affected, inclusive: true };
      intervals.push(open);
      open = undefined;
    } else if (e.limit !== '*') {
      limits.push(e.limit);
    }
  }
  if (open) intervals.push(open);
  if (intervals.length === 0 && range.events.length > 0 && !range.events.some((e) => 'introduced' in e)) {
    return err('INVALID_RANGE', 'an OSV range needs an introduced event');
  }
  if (limits.length > 0) {
    // A limit caps every open-ended interval of its range; it is not a fix.
    for (const iv of intervals) {
      if (!iv.upper) iv.upper = { version: limits[0] ?? '', inclusive: false, limit: true };
    }
  }
  return ok({ intervals, exact: [], excluded: [] });
}

/**
 * Converts an OSV `affected[]` entry's `ranges` and `versions` to one range. GIT ranges cannot
 * be evaluated against a release version: with nothing else the result is `undecidable`; with
 * an enumerated `versions[]` list (OSV expands GIT ranges into it) the list decides.
 * `scheme`, when given, orders events exactly as OSV does.
 */
export function fromOsvAffected(ranges: OsvRange[], versions: string[], scheme?: VersionScheme): Result<VersionRange> {
  const parts: VersionRange[] = [];
  let sawGit = false;
  for (const [i, r] of ranges.entries()) {
    if (r.type === 'GIT') {
      sawGit = true;
      continue;
    }
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') return err('INVALID_RANGE', `unknown OSV range type ${String(r.type)}`, `ranges/${i}`);
    const part = fromEvents(r, scheme);
    if (!part.ok) return err(part.code, part.message, `ranges/${i}`);
    parts.push(part.value);
  }
  if (versions.length > 0) parts.push({ intervals: [], exact: [...versions], excluded: [] });
  if (parts.length === 0 && sawGit) return ok({ intervals: [], exact: [], excluded: [], undecidable: GIT_REASON });
  return ok(unionRanges(parts));
}

type Bounds = Pick<CpeMatch, 'versionStartIncluding' | 'versionStartExcluding' | 'versionEndIncluding' | 'versionEndExcluding'>;

/** True when an NVD match carries any version bound. */
export const hasCpeBounds = (b: Bounds): boolean =>
  [b.versionStartIncluding, b.versionStartExcluding, b.versionEndIncluding, b.versionEndExcluding].some((v) => v !== undefined && v !== '');

/** Converts NVD cpeMatch bounds (`versionStartIncluding`, …) to a single-interval range. */
export function fromCpeBounds(b: Bounds): Result<VersionRange> {
  if (b.versionStartIncluding && b.versionStartExcluding) return err('INVALID_RANGE', 'both start bounds are set');
  if (b.versionEndIncluding && b.versionEndExcluding) return err('INVALID_RANGE', 'both end bounds are set');
  const bound = (version: string | undefined, inclusive: boolean): Bound | undefined => (version ? { version, inclusive } : undefined);
  const iv: Interval = {};
  const lower = bound(b.versionStartIncluding, true) ?? bound(b.versionStartExcluding, false);
  const upper = bound(b.versionEndIncluding, true) ?? bound(b.versionEndExcluding, false);
  if (lower) iv.lower = lower;
  if (upper) iv.upper = upper;
  return ok({ intervals: [iv], exact: [], excluded: [] });
}
