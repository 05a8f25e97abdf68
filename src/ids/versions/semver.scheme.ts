import { compareNumber, compareStrings, isAlnumCode, isDigitCode, parsedScheme, stripZeros } from './scheme-kit.ts';

/** Numbers as digit strings without leading zeros, so values past 2^53 still order correctly. */
export interface SemverParts {
  core: string[];
  pre: string[];
  preNumeric: boolean[];
  build: string[];
  buildNumeric: boolean[];
  /** Accepted by node-semver's strict parser (`v` prefix allowed, as there). */
  strict: boolean;
}

const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/**
 * SemVer 2.0 with the leniency real advisory data needs (as OSV): `v`/`=` prefix, fewer or more
 * than three numbers (missing ones are zero, extra ones order like the first three), numbers of
 * any size, leading zeros, and a pre-release glued on without `-` (`1.2.3beta1`, node-semver loose).
 */
export function parseSemver(v: string): SemverParts | string {
  const n = v.length;
  if (n === 0) return 'empty string';
  let strict = true;
  let i = 0;
  const first = v.charCodeAt(0);
  if (first === 118 /* v */) i = 1;
  else if (first === 86 /* V */ || first === 61 /* = */) {
    i = 1;
    strict = false;
  }
  const core: string[] = [];
  for (;;) {
    const start = i;
    while (i < n && isDigitCode(v.charCodeAt(i))) i++;
    if (i === start) return core.length === 0 ? 'does not start with a number' : 'empty numeric component';
    const num = stripZeros(v.slice(start, i));
    if (i - start !== num.length || (num.length >= MAX_SAFE.length && compareNumber(num, MAX_SAFE) > 0)) strict = false;
    core.push(num);
    if (i < n && v.charCodeAt(i) === 46 /* . */) i++;
    else break;
  }
  if (core.length !== 3) strict = false;

  const pre: string[] = [];
  const preNumeric: boolean[] = [];
  if (i < n && (v.charCodeAt(i) === 45 /* - */ || isAlnumCode(v.charCodeAt(i)))) {
    if (v.charCodeAt(i) === 45) i++;
    else strict = false;
    i = identifiers(v, i, pre, preNumeric);
    if (i < 0) return 'empty pre-release identifier';
    for (let k = 0; k < pre.length; k++) {
      const id = pre[k] as string;
      if (preNumeric[k] === true && id.length > 1 && id.charCodeAt(0) === 48) {
        strict = false;
        pre[k] = stripZeros(id);
      }
    }
  }
  const build: string[] = [];
  const buildNumeric: boolean[] = [];
  if (i < n && v.charCodeAt(i) === 43 /* + */) {
    i = identifiers(v, i + 1, build, buildNumeric);
    if (i < 0) return 'empty build identifier';
  }
  if (i < n) return `unexpected ${JSON.stringify(v[i])} at offset ${i}`;
  return { core, pre, preNumeric, build, buildNumeric, strict };
}

/** Reads dot-separated `[0-9A-Za-z-]+` identifiers from `i`; returns the end offset or -1. */
function identifiers(v: string, i: number, out: string[], numeric: boolean[]): number {
  const n = v.length;
  for (;;) {
    const start = i;
    let digits = true;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      if (isDigitCode(c)) continue;
      if (isAlnumCode(c) || c === 45) digits = false;
      else break;
    }
    if (i === start) return -1;
    out.push(v.slice(start, i));
    numeric.push(digits);
    if (i < n && v.charCodeAt(i) === 46) i++;
    else return i;
  }
}

/** SemVer identifier order: numbers by value, numbers before words, words by code unit, longer list last. */
export function compareIdentifiers(a: string[], an: boolean[], b: string[], bn: boolean[]): number {
  const len = Math.min(a.length, b.length);
  for (let k = 0; k < len; k++) {
    const x = a[k] as string;
    const y = b[k] as string;
    if (x === y) continue;
    const xn = an[k] === true;
    const yn = bn[k] === true;
    if (xn && yn) return compareNumber(x, y);
    if (xn !== yn) return xn ? -1 : 1;
    return compareStrings(x, y);
  }
  return a.length - b.length;
}

/** Core numbers, then pre-release (a release sorts after its pre-releases); build ignored. */
export function compareSemverParts(a: SemverParts, b: SemverParts): number {
  const ac = a.core;
  const bc = b.core;
  const len = Math.max(ac.length, bc.length);
  for (let k = 0; k < len; k++) {
    const x = ac[k] ?? '0';
    const y = bc[k] ?? '0';
    if (x !== y) return compareNumber(x, y);
  }
  const ap = a.pre.length;
  const bp = b.pre.length;
  if (ap === 0 || bp === 0) return ap === bp ? 0 : ap === 0 ? 1 : -1;
  return compareIdentifiers(a.pre, a.preNumeric, b.pre, b.preNumeric);
}

/** npm, crates.io, Hex, SwiftURL and the other plain SemVer ecosystems. */
export const semverScheme = parsedScheme({
  id: 'semver',
  parse: parseSemver,
  compare: compareSemverParts,
  canonical: (p) => p.strict,
});
