/**
 * `vers:` ranges (package-url vers-spec), as CSAF and CycloneDX VEX carry them.
 */
import { err, ok, type Result } from '../../core/result.ts';
import type { VersionScheme } from '../versions/version-scheme.ts';
import { safeCompare, type Interval, type VersionRange } from './range.ts';

export type VersComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface VersConstraint {
  comparator: VersComparator;
  version: string;
}

export interface Vers {
  /** The versioning scheme, lowercased (`npm`, `pypi`, `maven`, `generic`, …). */
  scheme: string;
  /** Empty for `*` (every version). */
  constraints: VersConstraint[];
  star: boolean;
}

const INVALID = 'INVALID_RANGE';
const COMPARATORS: VersComparator[] = ['>=', '<=', '!=', '<', '>', '='];

function decodeVersion(raw: string): Result<string> {
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) return err(INVALID, `invalid percent-encoding in ${JSON.stringify(raw)}`);
  try {
    return ok(decodeURIComponent(raw));
  } catch {
    return err(INVALID, `invalid percent-encoding in ${JSON.stringify(raw)}`);
  }
}

/**
 * Parses the syntax of a `vers:` string: no whitespace, no empty constraints, percent-decoded
 * versions. Ordering rules need the scheme and are checked by `versToRange`.
 */
export function parseVers(input: string): Result<Vers> {
  const m = /^vers:([A-Za-z0-9.+-]+)\/(.*)$/s.exec(input);
  if (!m) return err(INVALID, 'a vers range is vers:<scheme>/<constraints>');
  const scheme = (m[1] ?? '').toLowerCase();
  const body = m[2] ?? '';
  if (/\s/.test(body)) return err(INVALID, 'whitespace is not permitted in a vers range');
  if (body === '*') return ok({ scheme, constraints: [], star: true });
  if (body === '') return err(INVALID, 'a vers range needs constraints');
  const constraints: VersConstraint[] = [];
  for (const raw of body.split('|')) {
    if (raw === '') return err(INVALID, 'empty constraint (leading, trailing or doubled |)');
    const found = COMPARATORS.find((c) => raw.startsWith(c));
    const comparator = found ?? '=';
    const rest = raw.slice(found?.length ?? 0);
    if (rest === '' || rest === '*') return err(INVALID, `constraint ${JSON.stringify(raw)} has no version`);
    const version = decodeVersion(rest);
    if (!version.ok) return version;
    constraints.push({ comparator, version: version.value });
  }
  return ok({ scheme, constraints, star: false });
}

/** Canonical `vers:` string: constraints in the order given, `=` omitted, `%`, `|`, `/` and space encoded. */
export function formatVers(v: Vers): string {
  if (v.star || v.constraints.length === 0) return `vers:${v.scheme}/*`;
  const enc = (s: string): string => s.replace(/[%|/\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `vers:${v.scheme}/${v.constraints.map((c) => `${c.comparator === '=' ? '' : c.comparator}${enc(c.version)}`).join('|')}`;
}

/** Sorts constraints by version (stable), as the canonical form requires. Unreadable versions fail. */
export function sortConstraints(constraints: VersConstraint[], scheme: VersionScheme): Result<VersConstraint[]> {
  const bad = constraints.find((c) => !scheme.check(c.version).ok);
  if (bad) return err(INVALID, `${JSON.stringify(bad.version)} is not a ${scheme.id} version`);
  return ok([...constraints].sort((a, b) => safeCompare(scheme, a.version, b.version) ?? 0));
}

/**
 * Checks the canonical form's ordering rule: constraints sorted by version. Versions the scheme
 * cannot read are left out of the check (their order is unknowable, not wrong).
 */
export function validateVers(input: string, scheme: VersionScheme): Result<Vers> {
  const v = parseVers(input);
  if (!v.ok) return v;
  const readable = v.value.constraints.filter((c) => scheme.check(c.version).ok);
  for (const [i, c] of readable.entries()) {
    const prev = readable[i - 1];
    if (prev && scheme.compare(prev.version, c.version) > 0) return err(INVALID, 'vers constraints are not sorted by version');
  }
  return v;
}

/**
 * Evaluates a parsed `vers` range into the internal form with the vers-spec algorithm:
 * constraints sorted by version, `=`/`!=` set aside, and the rest alternating lower and upper
 * bounds (an upper may open the list, a lower may close it).
 */
export function versToRange(input: Vers, scheme: VersionScheme): Result<VersionRange> {
  if (input.star) return ok({ intervals: [{}], exact: [], excluded: [] });
  const sorted = sortConstraints(input.constraints, scheme);
  if (!sorted.ok) return sorted;
  const v = { ...input, constraints: sorted.value };
  const exact = v.constraints.filter((c) => c.comparator === '=').map((c) => c.version);
  const excluded = v.constraints.filter((c) => c.comparator === '!=').map((c) => c.version);
  const bounds = v.constraints.filter((c) => c.comparator !== '=' && c.comparator !== '!=');
  const intervals: Interval[] = [];
  let open: Interval | undefined;
  for (const c of bounds) {
    const inclusive = c.comparator.endsWith('=');
    if (c.comparator.startsWith('>')) {
      if (open) return err(INVALID, `two lower bounds in a row at ${c.comparator}${c.version}`);
      open = { lower: { version: c.version, inclusive } };
    } else {
      if (!open && intervals.length > 0) return err(INVALID, `two upper bounds in a row at ${c.comparator}${c.version}`);
      intervals.push({ ...open, upper: { version: c.version, inclusive } });
      open = undefined;
    }
  }
  if (open) intervals.push(open);
  // Only `!=` constraints: every other version is in the range.
  if (intervals.length === 0 && exact.length === 0 && excluded.length > 0) intervals.push({});
  return ok({ intervals, exact, excluded });
}

/** Parses and evaluates a `vers:` string in one step. */
export function fromVers(input: string, scheme: VersionScheme): Result<VersionRange> {
  const v = parseVers(input);
  return v.ok ? versToRange(v.value, scheme) : v;
}
