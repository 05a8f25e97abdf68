import { InvalidVersionError, type VersionCheck, type VersionScheme } from './version-scheme.ts';

/**
 * Parsed forms are kept per scheme so the millions of comparisons a matching run makes parse
 * each distinct string once. The cache is emptied when full: cheaper than LRU bookkeeping on
 * every hit, and advisory bounds (the strings that repeat) come straight back.
 */
const CACHE_LIMIT = 16_384;

/** A parser returns the parsed form, or a string saying why the version is rejected. */
export type Parse<P> = (version: string) => P | string;

export interface ParsedSchemeSpec<P extends object> {
  id: string;
  parse: Parse<P>;
  compare(a: P, b: P): number;
  canonical(parsed: P): boolean;
}

export interface ParsedScheme<P extends object> extends VersionScheme {
  /** The cached parsed form; throws `InvalidVersionError` like `compare`. */
  parsed(version: string): P;
}

/** A scheme that orders parsed forms, with a bounded per-scheme parse cache. */
export function parsedScheme<P extends object>(spec: ParsedSchemeSpec<P>): ParsedScheme<P> {
  const { id, parse, compare: compareParsed, canonical } = spec;
  const cache = new Map<string, P | string>();

  const lookup = (version: string): P | string => {
    let hit = cache.get(version);
    if (hit === undefined) {
      hit = parse(version);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(version, hit);
    }
    return hit;
  };
  const parsed = (version: string): P => {
    const p = lookup(version);
    if (typeof p === 'string') throw new InvalidVersionError(id, version, p);
    return p;
  };

  return {
    id,
    parsed,
    check(version: string): VersionCheck {
      const p = lookup(version);
      return typeof p === 'string' ? invalid(p) : { ok: true, canonical: canonical(p) };
    },
    compare(a: string, b: string): number {
      return compareParsed(parsed(a), parsed(b));
    },
  };
}

export function invalid(message: string): VersionCheck {
  return { ok: false, code: 'INVALID_VERSION', message };
}

export const CANONICAL: VersionCheck = Object.freeze({ ok: true, canonical: true });
export const LENIENT: VersionCheck = Object.freeze({ ok: true, canonical: false });

/** A scheme that compares raw strings (dpkg, rpm): validity comes from `check`. */
export function scanningScheme(id: string, check: (version: string) => VersionCheck, compareValid: (a: string, b: string) => number): VersionScheme {
  const ensure = (version: string): void => {
    const c = check(version);
    if (!c.ok) throw new InvalidVersionError(id, version, c.message);
  };
  return {
    id,
    check,
    compare(a: string, b: string): number {
      ensure(a);
      ensure(b);
      return compareValid(a, b);
    },
  };
}

export const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
export const isAlphaCode = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isAlnumCode = (c: number): boolean => isDigitCode(c) || isAlphaCode(c);

/** Drops leading zeros from a digit string ("" and "000" become "0"). */
export function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** Orders digit strings without leading zeros by value, at any length. */
export function compareNumber(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two digit runs `s[from, to)` by value, ignoring leading zeros, without allocating. */
export function compareDigitRuns(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  while (aFrom < aTo && a.charCodeAt(aFrom) === 48) aFrom++;
  while (bFrom < bTo && b.charCodeAt(bFrom) === 48) bFrom++;
  const lengths = aTo - aFrom - (bTo - bFrom);
  if (lengths !== 0) return lengths;
  for (; aFrom < aTo; aFrom++, bFrom++) {
    const d = a.charCodeAt(aFrom) - b.charCodeAt(bFrom);
    if (d !== 0) return d;
  }
  return 0;
}

/** Plain code-unit order, as C `strcmp` and Go `strings.Compare` give on ASCII. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
