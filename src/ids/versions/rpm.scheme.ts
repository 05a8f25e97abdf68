import { CANONICAL, compareDigitRuns, invalid, isAlphaCode, isAlnumCode, isDigitCode, scanningScheme } from './scheme-kit.ts';
import type { VersionCheck } from './version-scheme.ts';

/**
 * rpm orders nearly any string; refused are whitespace (it splits EVRs in rpm's own files) and
 * an empty version part (`1:`, `-1`), which rpm.labelCompare rejects.
 */
function checkRpm(v: string): VersionCheck {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) return invalid('contains whitespace');
  }
  const evr = splitEvr(v);
  return evr.ve > evr.vs ? CANONICAL : invalid('empty version');
}

const TILDE = 126;
const CARET = 94;
const isSeparator = (c: number): boolean => !isAlnumCode(c) && c !== TILDE && c !== CARET;

/** rpmvercmp (rpm ≥ 4.15: `~` sorts before anything, `^` after the end but before more text). */
function rpmvercmp(a: string, ai: number, ae: number, b: string, bi: number, be: number): number {
  while (ai < ae || bi < be) {
    while (ai < ae && isSeparator(a.charCodeAt(ai))) ai++;
    while (bi < be && isSeparator(b.charCodeAt(bi))) bi++;
    const ca = ai < ae ? a.charCodeAt(ai) : 0;
    const cb = bi < be ? b.charCodeAt(bi) : 0;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      ai++;
      bi++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ai >= ae) return -1;
      if (bi >= be) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      ai++;
      bi++;
      continue;
    }
    if (ai >= ae || bi >= be) break;
    const as = ai;
    const bs = bi;
    const numeric = isDigitCode(ca);
    const inSegment = numeric ? isDigitCode : isAlphaCode;
    while (ai < ae && inSegment(a.charCodeAt(ai))) ai++;
    while (bi < be && inSegment(b.charCodeAt(bi))) bi++;
    // Segments of different kinds: the numeric one is newer.
    if (bi === bs) return numeric ? 1 : -1;
    const c = numeric ? compareDigitRuns(a, as, ai, b, bs, bi) : compareRange(a, as, ai, b, bs, bi);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (ai >= ae && bi >= be) return 0;
  return ai < ae ? 1 : -1;
}

function compareRange(a: string, ai: number, ae: number, b: string, bi: number, be: number): number {
  for (; ai < ae && bi < be; ai++, bi++) {
    const d = a.charCodeAt(ai) - b.charCodeAt(bi);
    if (d !== 0) return d;
  }
  return ae - ai - (be - bi);
}

interface Evr {
  /** The epoch is [0, ee), absent when ee is 0; the version [vs, ve); the release from rs, absent when -1. */
  ee: number;
  vs: number;
  ve: number;
  rs: number;
}

/** rpm's parseEVR: an epoch is the leading digits before `:`; the release follows the last `-`. */
function splitEvr(v: string): Evr {
  let s = 0;
  while (s < v.length && isDigitCode(v.charCodeAt(s))) s++;
  const hasEpoch = v.charCodeAt(s) === 58;
  const dash = v.lastIndexOf('-');
  const release = dash >= s ? dash : -1;
  const vs = hasEpoch ? s + 1 : 0;
  return { ee: hasEpoch ? s : 0, vs, ve: release < 0 ? v.length : release, rs: release < 0 ? -1 : release + 1 };
}

const ZERO = '0';

/**
 * `rpm.labelCompare` on `[epoch:]version[-release]`: a missing epoch is 0, and a missing release
 * sorts before any release (`1.0 < 1.0-1`), as rpmdev-vercmp reports.
 */
function compareRpmValid(a: string, b: string): number {
  const x = splitEvr(a);
  const y = splitEvr(b);
  const c = rpmvercmp(x.ee === 0 ? ZERO : a, 0, x.ee || 1, y.ee === 0 ? ZERO : b, 0, y.ee || 1);
  if (c !== 0) return c;
  const v = rpmvercmp(a, x.vs, x.ve, b, y.vs, y.ve);
  if (v !== 0) return v;
  if (x.rs < 0 || y.rs < 0) return x.rs === y.rs ? 0 : x.rs < 0 ? -1 : 1;
  return rpmvercmp(a, x.rs, a.length, b, y.rs, b.length);
}

/** Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE, Mageia, openEuler and other rpm distributions. */
export const rpmScheme = scanningScheme('rpm', checkRpm, compareRpmValid);
