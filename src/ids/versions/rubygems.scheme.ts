import { compareNumber, compareStrings, isAlnumCode, isAlphaCode, isDigitCode, parsedScheme, stripZeros } from './scheme-kit.ts';

export interface GemVersion {
  /** `canonical_segments`: numbers as digit strings, flagged in `numeric`. */
  segments: string[];
  numeric: boolean[];
  /** Matches Gem::Version's ANCHORED_VERSION_PATTERN. */
  strict: boolean;
}

/** Gem::Version::VERSION_PATTERN without a regex: `N(.X)*(-Y(.Y)*)?`, X alnum, Y alnum or `-`. */
function gemPattern(s: string): boolean {
  let i = 0;
  while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
  if (i === 0) return false;
  while (s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < s.length && isAlnumCode(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  if (i === s.length) return true;
  if (s.charCodeAt(i) !== 45) return false;
  for (;;) {
    const start = ++i;
    while (i < s.length && (isAlnumCode(s.charCodeAt(i)) || s.charCodeAt(i) === 45)) i++;
    if (i === start) return false;
    if (i === s.length) return true;
    if (s.charCodeAt(i) !== 46) return false;
  }
}

/**
 * Gem::Version segments: `-` means `.pre.`, then runs of digits or letters. Strings Gem::Version
 * rejects but real gems carry (`1beta`, `1.0_rc`) are read the same way, leniently, as OSV does;
 * they must still start with a digit and use only ASCII letters, digits, `.`, `-` and `_`.
 */
function parseGem(version: string): GemVersion | string {
  const s = version.trim();
  if (s === '') return 'empty string';
  if (!isDigitCode(s.charCodeAt(0))) return 'does not start with a number';
  const raw: string[] = [];
  const rawNumeric: boolean[] = [];
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    let j = i + 1;
    if (isDigitCode(c)) {
      while (j < s.length && isDigitCode(s.charCodeAt(j))) j++;
      raw.push(stripZeros(s.slice(i, j)));
      rawNumeric.push(true);
    } else if (isAlphaCode(c)) {
      while (j < s.length && isAlphaCode(s.charCodeAt(j))) j++;
      raw.push(s.slice(i, j));
      rawNumeric.push(false);
    } else if (c === 45) {
      raw.push('pre');
      rawNumeric.push(false);
    } else if (c !== 46 && c !== 95) return `unexpected ${JSON.stringify(s[i])} at offset ${i}`;
    i = j;
  }
  // canonical_segments: trailing zeros dropped from the numeric run and from the string run.
  let firstString = rawNumeric.indexOf(false);
  if (firstString === -1) firstString = raw.length;
  const segments: string[] = [];
  const numeric: boolean[] = [];
  const append = (from: number, to: number): void => {
    while (to > from && raw[to - 1] === '0' && rawNumeric[to - 1] === true) to--;
    for (let k = from; k < to; k++) {
      segments.push(raw[k] as string);
      numeric.push(rawNumeric[k] === true);
    }
  };
  append(0, firstString);
  append(firstString, raw.length);
  return { segments, numeric, strict: gemPattern(s) };
}

/** Gem::Version#<=>: missing segments are 0, strings sort before numbers and among themselves bytewise. */
function compareGems(a: GemVersion, b: GemVersion): number {
  const len = Math.max(a.segments.length, b.segments.length);
  for (let k = 0; k < len; k++) {
    const x = a.segments[k] ?? '0';
    const y = b.segments[k] ?? '0';
    const xn = a.numeric[k] ?? true;
    const yn = b.numeric[k] ?? true;
    if (xn !== yn) return xn ? 1 : -1;
    if (x === y) continue;
    return xn ? compareNumber(x, y) : compareStrings(x, y);
  }
  return 0;
}

export const rubygemsScheme = parsedScheme({
  id: 'rubygems',
  parse: parseGem,
  compare: compareGems,
  canonical: (p) => p.strict,
});
