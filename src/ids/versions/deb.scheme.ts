import { CANONICAL, LENIENT, compareDigitRuns, invalid, isAlnumCode, isAlphaCode, isDigitCode, scanningScheme } from './scheme-kit.ts';
import type { VersionCheck } from './version-scheme.ts';

const INT_MAX = 2147483647;

/**
 * dpkg's parseversion: its errors reject the version, its warnings (no leading digit, odd
 * characters) keep it, marked `canonical: false` — dpkg --compare-versions still orders those.
 */
function checkDeb(v: string): VersionCheck {
  if (v.length === 0) return invalid('version string is empty');
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) return invalid('version string has embedded spaces');
  }
  const colon = v.indexOf(':');
  if (colon >= 0) {
    if (colon === 0) return invalid('epoch in version is empty');
    for (let i = 0; i < colon; i++) if (!isDigitCode(v.charCodeAt(i))) return invalid('epoch in version is not number');
    if (Number(v.slice(0, colon)) > INT_MAX) return invalid('epoch in version is too big');
    if (colon === v.length - 1) return invalid('nothing after colon in version number');
  }
  const hyphen = v.lastIndexOf('-');
  const upstreamEnd = hyphen > colon ? hyphen : v.length;
  if (hyphen > colon && hyphen === v.length - 1) return invalid('revision number is empty');
  if (upstreamEnd === colon + 1) return invalid('version number is empty');
  if (!isDigitCode(v.charCodeAt(colon + 1))) return LENIENT;
  for (let i = colon + 1; i < upstreamEnd; i++) {
    const c = v.charCodeAt(i);
    if (!isAlnumCode(c) && c !== 46 && c !== 45 && c !== 43 && c !== 126 && c !== 58) return LENIENT;
  }
  for (let i = upstreamEnd + 1; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!isAlnumCode(c) && c !== 46 && c !== 43 && c !== 126) return LENIENT;
  }
  return CANONICAL;
}

/** dpkg's `order()`: `~` before the end, letters before other characters. 0 stands for the end. */
function order(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  const c = s.charCodeAt(i);
  if (isDigitCode(c)) return 0;
  if (isAlphaCode(c)) return c;
  if (c === 126) return -1;
  return c + 256;
}

/** dpkg's verrevcmp over `a[ai, ae)` and `b[bi, be)`. */
function verrevcmp(a: string, ai: number, ae: number, b: string, bi: number, be: number): number {
  while (ai < ae || bi < be) {
    while ((ai < ae && !isDigitCode(a.charCodeAt(ai))) || (bi < be && !isDigitCode(b.charCodeAt(bi)))) {
      const ac = order(a, ai, ae);
      const bc = order(b, bi, be);
      if (ac !== bc) return ac - bc;
      ai++;
      bi++;
    }
    const as = ai;
    while (ai < ae && isDigitCode(a.charCodeAt(ai))) ai++;
    const bs = bi;
    while (bi < be && isDigitCode(b.charCodeAt(bi))) bi++;
    const c = compareDigitRuns(a, as, ai, b, bs, bi);
    if (c !== 0) return c;
  }
  return 0;
}

function epochOf(v: string, colon: number): number {
  let e = 0;
  for (let i = 0; i < colon; i++) e = e * 10 + v.charCodeAt(i) - 48;
  return e;
}

/** dpkg_version_compare: epoch, then upstream version, then Debian revision (absent = "0"). */
function compareDebValid(a: string, b: string): number {
  const ac = a.indexOf(':');
  const bc = b.indexOf(':');
  const ea = ac < 0 ? 0 : epochOf(a, ac);
  const eb = bc < 0 ? 0 : epochOf(b, bc);
  if (ea !== eb) return ea - eb;
  let ah = a.lastIndexOf('-');
  let bh = b.lastIndexOf('-');
  if (ah < ac) ah = -1;
  if (bh < bc) bh = -1;
  const aue = ah < 0 ? a.length : ah;
  const bue = bh < 0 ? b.length : bh;
  const c = verrevcmp(a, ac + 1, aue, b, bc + 1, bue);
  if (c !== 0) return c;
  return verrevcmp(a, ah < 0 ? a.length : ah + 1, a.length, b, bh < 0 ? b.length : bh + 1, b.length);
}

/** Debian and Ubuntu (dpkg). */
export const debScheme = scanningScheme('deb', checkDeb, compareDebValid);
