/**
 * npm-style ranges (node-semver syntax), as CycloneDX `affects.versions.range` and GHSA write
 * them: `||` unions of space-separated comparator sets, with `^`, `~`, x-ranges and hyphens.
 * Each comparator set becomes one interval; prerelease versions are ordered like any other
 * version (the way advisories mean their bounds), not hidden as npm install does.
 */
import { err, ok, type Result } from '../../core/result.ts';
import type { VersionScheme } from '../versions/version-scheme.ts';
import { safeCompare, type Bound, type Interval, type VersionRange } from './range.ts';
import { sortConstraints, type Vers, type VersConstraint } from './vers.ts';

const INVALID = 'INVALID_RANGE';
const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  pre?: string;
}

function parsePartial(s: string): Result<Partial> {
  const m = PARTIAL.exec(s);
  if (!m) return err(INVALID, `not a version: ${JSON.stringify(s)}`);
  const num = (x: string | undefined): number | undefined => (x === undefined || /^[xX*]$/.test(x) ? undefined : Number(x));
  const p: Partial = {};
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  if (major !== undefined) p.major = major;
  if (minor !== undefined) p.minor = minor;
  if (patch !== undefined) p.patch = patch;
  if (patch !== undefined && m[4] !== undefined) p.pre = m[4];
  return ok(p);
}

const full = (p: Partial): string => `${p.major ?? 0}.${p.minor ?? 0}.${p.patch ?? 0}${p.pre ? `-${p.pre}` : ''}`;

/** The first version past a partial: `1` → `2.0.0`, `1.2` → `1.3.0`. */
function nextAfter(p: Partial): string | undefined {
  if (p.major === undefined) return undefined;
  if (p.minor === undefined) return `${p.major + 1}.0.0`;
  if (p.patch === undefined) return `${p.major}.${p.minor + 1}.0`;
  return undefined;
}

const c = (comparator: VersConstraint['comparator'], version: string): VersConstraint => ({ comparator, version });

function desugar(op: string, p: Partial): VersConstraint[] {
  const exact = p.patch !== undefined;
  const next = nextAfter(p);
  switch (op) {
    case '^': {
      if (p.major === undefined) return [];
      const upper =
        p.major > 0 || p.minor === undefined ? `${p.major + 1}.0.0` : p.minor > 0 || p.patch === undefined ? `0.${p.minor + 1}.0` : `0.0.${p.patch + 1}`;
      return [c('>=', full(p)), c('<', upper)];
    }
    case '~': {
      if (p.major === undefined) return [];
      const upper = p.minor === undefined ? `${p.major + 1}.0.0` : `${p.major}.${p.minor + 1}.0`;
      return [c('>=', full(p)), c('<', upper)];
    }
    case '>':
      if (p.major === undefined) return [c('<', '0.0.0')];
      return exact || !next ? [c('>', full(p))] : [c('>=', next)];
    case '>=':
      return p.major === undefined ? [] : [c('>=', full(p))];
    case '<':
      return p.major === undefined ? [c('<', '0.0.0')] : [c('<', full(p))];
    case '<=':
      if (p.major === undefined) return [];
      return exact || !next ? [c('<=', full(p))] : [c('<', next)];
    default:
      if (p.major === undefined) return [];
      return exact || !next ? [c('=', full(p))] : [c('>=', full(p)), c('<', next)];
  }
}

/**
 * Parses an npm range into comparator sets (each an intersection; the sets are a union), with
 * every sugar expanded to plain `>=`, `>`, `<`, `<=`, `=` constraints. An empty set means every version.
 */
function parseNpmRange(input: string): Result<VersConstraint[][]> {
  const sets: VersConstraint[][] = [];
  for (const rawSet of input.split('||')) {
    // `>= 1.2` and `< 2` are written with a space after the operator in real advisories.
    const set = rawSet.trim().replace(/(>=|<=|>|<|=|\^|~>?)\s+/g, '$1');
    const out: VersConstraint[] = [];
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
    if (hyphen) {
      const lo = parsePartial(hyphen[1] ?? '');
      const hi = parsePartial(hyphen[2] ?? '');
      if (!lo.ok) return lo;
      if (!hi.ok) return hi;
      out.push(...desugar('>=', lo.value), ...desugar('<=', hi.value));
      sets.push(out);
      continue;
    }
    for (const token of set === '' ? [] : set.split(/\s+/)) {
      const m = /^(>=|<=|>|<|=|\^|~>?)?(.*)$/.exec(token);
      const op = (m?.[1] ?? '').replace('~>', '~');
      const p = parsePartial(m?.[2] ?? '');
      if (!p.ok) return err(INVALID, `invalid npm range ${JSON.stringify(input)}: ${p.message}`);
      out.push(...desugar(op, p.value));
    }
    sets.push(out);
  }
  return ok(sets);
}

/** The `vers:npm/…` form of an npm range: every constraint of every set, sorted by version. */
export function npmRangeToVers(input: string, scheme: VersionScheme): Result<Vers> {
  const sets = parseNpmRange(input);
  if (!sets.ok) return sets;
  if (sets.value.some((s) => s.length === 0)) return ok({ scheme: 'npm', constraints: [], star: true });
  const sorted = sortConstraints(sets.value.flat(), scheme);
  return sorted.ok ? ok({ scheme: 'npm', constraints: sorted.value, star: false }) : sorted;
}

/** Tighter of two bounds on the same side (`max` for lower, `min` for upper); undefined if unreadable. */
function tighter(a: Bound | undefined, b: Bound, side: 1 | -1, scheme: VersionScheme): Bound | undefined {
  if (!a) return b;
  const cmp = safeCompare(scheme, a.version, b.version);
  if (cmp === undefined) return undefined;
  if (cmp === 0) return a.inclusive ? b : a;
  return cmp * side > 0 ? a : b;
}

/** Converts an npm range to the internal form; comparator sets are intersected with `scheme`. */
export function fromNpmRange(input: string, scheme: VersionScheme): Result<VersionRange> {
  const sets = parseNpmRange(input);
  if (!sets.ok) return sets;
  const range: VersionRange = { intervals: [], exact: [], excluded: [] };
  for (const set of sets.value) {
    const equal = set.filter((k) => k.comparator === '=');
    const iv: Interval = {};
    for (const k of set) {
      if (k.comparator === '=' || k.comparator === '!=') continue;
      const bound: Bound = { version: k.version, inclusive: k.comparator.endsWith('=') };
      const side = k.comparator.startsWith('>') ? 1 : -1;
      const t = tighter(side === 1 ? iv.lower : iv.upper, bound, side, scheme);
      if (!t) return err(INVALID, `${JSON.stringify(k.version)} is not a ${scheme.id} version`);
      if (side === 1) iv.lower = t;
      else iv.upper = t;
    }
    if (equal.length === 0) range.intervals.push(iv);
    // A set with `=` names one version; advisories never combine it with bounds.
    else range.exact.push(...equal.map((k) => k.version));
  }
  return ok(range);
}
