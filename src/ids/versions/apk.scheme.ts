import { isDigitCode, parsedScheme } from './scheme-kit.ts';

/**
 * Token kinds of apk-tools' version.c, in its order: when two versions agree up to where one
 * has a token of a lower kind, that one is greater (`1 < 1.0`, `1 < 1-r0`), except that a
 * pre-release suffix (`_alpha`, `_beta`, `_pre`, `_rc`) makes its side smaller.
 */
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

/** Pre-release suffixes weigh below zero, post-release ones from zero up, as apk-tools does. */
const SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['alpha', -4],
  ['beta', -3],
  ['pre', -2],
  ['rc', -1],
  ['cvs', 0],
  ['svn', 1],
  ['git', 2],
  ['hg', 3],
  ['p', 4],
];

export interface ApkVersion {
  kinds: number[];
  values: number[];
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isHex = (c: number): boolean => isDigitCode(c) || (c >= 97 && c <= 102);

/**
 * Alpine's version grammar, `number{.number}…{letter}{_suffix{number}}…{~hash}{-r#}` (a letter
 * may be followed by more numbers, as apk-tools and real packages allow), read into
 * apk-tools' tokens. A number after `.` that starts with `0` becomes a "leading zeros" token
 * (minus their count) then the rest, so `1.05 < 1.1` as in apk. Strings outside the grammar
 * are refused, as osv.dev's validator does; the commit hash does not order.
 */
function parseApk(v: string): ApkVersion | string {
  const kinds: number[] = [];
  const values: number[] = [];
  const n = v.length;
  let i = 0;
  const digits = (): number => {
    const start = i;
    while (i < n && isDigitCode(v.charCodeAt(i))) i++;
    return i - start;
  };
  if (digits() === 0) return 'does not start with a number';
  kinds.push(DIGIT);
  values.push(Number(v.slice(0, i)));
  for (;;) {
    if (v.charCodeAt(i) === 46 /* . */) {
      const start = ++i;
      if (digits() === 0) {
        // `1.2.r0`: apk-tools reads an empty number, then the letter (osv.dev wants digits after it).
        if (!isLower(v.charCodeAt(i)) || !isDigitCode(v.charCodeAt(i + 1))) return `expected a number at offset ${start}`;
        kinds.push(DIGIT_OR_ZERO);
        values.push(0);
        continue;
      }
      let z = start;
      while (z < i && v.charCodeAt(z) === 48) z++;
      kinds.push(DIGIT_OR_ZERO);
      if (z === start) {
        values.push(Number(v.slice(start, i)));
        continue;
      }
      values.push(start - z);
      if (z < n) {
        kinds.push(DIGIT);
        values.push(z < i ? Number(v.slice(z, i)) : 0);
      }
    } else if (i < n && isLower(v.charCodeAt(i)) && kinds[kinds.length - 1] !== LETTER) {
      kinds.push(LETTER);
      values.push(v.charCodeAt(i++));
      // apk-tools reads digits after the letter as a further number (`1.8.1p1`).
      const start = i;
      if (digits() > 0) {
        kinds.push(DIGIT);
        values.push(Number(v.slice(start, i)));
      }
    } else break;
  }
  while (v.charCodeAt(i) === 95 /* _ */) {
    const suffix = SUFFIXES.find(([name]) => v.startsWith(name, i + 1));
    if (suffix === undefined) return `unknown suffix at offset ${i}`;
    i += 1 + suffix[0].length;
    kinds.push(SUFFIX);
    values.push(suffix[1]);
    const start = i;
    if (digits() > 0) {
      kinds.push(SUFFIX_NO);
      values.push(Number(v.slice(start, i)));
    }
  }
  if (v.charCodeAt(i) === 126 /* ~ */) {
    const start = ++i;
    while (i < n && isHex(v.charCodeAt(i))) i++;
    if (i === start) return `empty commit hash at offset ${start}`;
  }
  if (v.charCodeAt(i) === 45 /* - */ && v.charCodeAt(i + 1) === 114 /* r */) {
    i += 2;
    const start = i;
    if (digits() === 0) return `expected a revision number at offset ${start}`;
    kinds.push(REVISION_NO);
    values.push(Number(v.slice(start, i)));
  }
  if (i < n) return `unexpected ${JSON.stringify(v[i])} at offset ${i}`;
  return { kinds, values };
}

/** apk_version_compare on token lists. */
function compareApk(a: ApkVersion, b: ApkVersion): number {
  for (let k = 0; ; k++) {
    const ak = a.kinds[k] ?? END;
    const bk = b.kinds[k] ?? END;
    if (ak !== bk) {
      if (ak === SUFFIX && (a.values[k] as number) < 0) return -1;
      if (bk === SUFFIX && (b.values[k] as number) < 0) return 1;
      return ak > bk ? -1 : 1;
    }
    if (ak === END) return 0;
    const d = (a.values[k] as number) - (b.values[k] as number);
    if (d !== 0) return d;
  }
}

/** Alpine, Wolfi, Chainguard and the other apk distributions. */
export const apkScheme = parsedScheme({
  id: 'apk',
  parse: parseApk,
  compare: compareApk,
  canonical: () => true,
});
