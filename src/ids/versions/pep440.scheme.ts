import { compareNumber, compareStrings, isDigitCode, parsedScheme, stripZeros } from './scheme-kit.ts';

/** Pre-release rank: dev-only releases sort before all pre-releases, plain releases after. */
const PRE_DEV_ONLY = -1;
const PRE_NONE = 3;
const PRE_LABELS: ReadonlyArray<readonly [string, number]> = [
  ['alpha', 0],
  ['a', 0],
  ['beta', 1],
  ['b', 1],
  ['preview', 2],
  ['pre', 2],
  ['rc', 2],
  ['c', 2],
];
const POST_LABELS: ReadonlyArray<readonly [string, number]> = [
  ['post', 0],
  ['rev', 0],
  ['r', 0],
];
const DEV_LABELS: ReadonlyArray<readonly [string, number]> = [['dev', 0]];

export interface Pep440Version {
  legacy: false;
  epoch: string;
  /** Trailing zeros removed, as packaging's sort key does. */
  release: string[];
  preRank: number;
  preNum: string;
  /** null: no post-release (sorts first). */
  post: string | null;
  /** null: no dev-release (sorts last). */
  dev: string | null;
  /** null: no local label; numeric segments as digit strings, flagged in `localNumeric`. */
  local: string[] | null;
  localNumeric: boolean[];
}

/** A pre-PEP 440 version, keyed the way packaging's LegacyVersion (< 22) did; these sort first. */
export interface LegacyVersion {
  legacy: true;
  parts: string[];
}

export type PypiVersion = Pep440Version | LegacyVersion;

const isSep = (c: number): boolean => c === 45 || c === 95 || c === 46; // - _ .
const isLowerAlnum = (c: number): boolean => isDigitCode(c) || (c >= 97 && c <= 122);

function digitsEnd(s: string, i: number): number {
  while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
  return i;
}

/**
 * `[sep] label [sep] [number]` at `i`, as in packaging's VERSION_PATTERN. The separator is only
 * taken when a label follows it. Returns [end, rank, number] or null.
 */
function labelled(s: string, i: number, labels: ReadonlyArray<readonly [string, number]>): [end: number, rank: number, num: string] | null {
  let j = i < s.length && isSep(s.charCodeAt(i)) ? i + 1 : i;
  const hit = labels.find(([label]) => s.startsWith(label, j));
  if (hit === undefined) return null;
  j += hit[0].length;
  if (j < s.length && isSep(s.charCodeAt(j))) j++;
  const end = digitsEnd(s, j);
  return [end, hit[1], end > j ? stripZeros(s.slice(j, end)) : '0'];
}

function parsePep440(version: string): Pep440Version | null {
  const s = version.trim().toLowerCase();
  const n = s.length;
  let i = s.charCodeAt(0) === 118 /* v */ ? 1 : 0;
  let end = digitsEnd(s, i);
  if (end === i) return null;
  let epoch = '0';
  if (s.charCodeAt(end) === 33 /* ! */) {
    epoch = stripZeros(s.slice(i, end));
    i = end + 1;
    end = digitsEnd(s, i);
    if (end === i) return null;
  }
  const release: string[] = [stripZeros(s.slice(i, end))];
  i = end;
  while (s.charCodeAt(i) === 46 && isDigitCode(s.charCodeAt(i + 1))) {
    end = digitsEnd(s, i + 1);
    release.push(stripZeros(s.slice(i + 1, end)));
    i = end;
  }
  while (release[release.length - 1] === '0') release.pop();

  let preRank = PRE_NONE;
  let preNum = '0';
  const pre = labelled(s, i, PRE_LABELS);
  if (pre !== null) [i, preRank, preNum] = pre;

  let post: string | null = null;
  if (s.charCodeAt(i) === 45 && isDigitCode(s.charCodeAt(i + 1))) {
    end = digitsEnd(s, i + 1);
    post = stripZeros(s.slice(i + 1, end));
    i = end;
  } else {
    const p = labelled(s, i, POST_LABELS);
    if (p !== null) [i, , post] = p;
  }

  let dev: string | null = null;
  const d = labelled(s, i, DEV_LABELS);
  if (d !== null) [i, , dev] = d;
  if (preRank === PRE_NONE && post === null && dev !== null) preRank = PRE_DEV_ONLY;

  let local: string[] | null = null;
  const localNumeric: boolean[] = [];
  if (s.charCodeAt(i) === 43 /* + */) {
    local = [];
    do {
      const start = ++i;
      let digits = true;
      for (; i < n && isLowerAlnum(s.charCodeAt(i)); i++) if (!isDigitCode(s.charCodeAt(i))) digits = false;
      if (i === start) return null;
      const seg = s.slice(start, i);
      local.push(digits ? stripZeros(seg) : seg);
      localNumeric.push(digits);
    } while (i < n && isSep(s.charCodeAt(i)));
  }
  if (i !== n) return null;
  return { legacy: false, epoch, release, preRank, preNum, post, dev, local, localNumeric };
}

const LEGACY_REPLACEMENTS: Record<string, string> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

/** packaging's `_legacy_cmpkey`: digit runs zero-padded to 8, words prefixed with `*`. */
function parseLegacy(version: string): LegacyVersion {
  const s = version.toLowerCase();
  const parts: string[] = [];
  const push = (raw: string): void => {
    const part = LEGACY_REPLACEMENTS[raw] ?? raw;
    const key = isDigitCode(part.charCodeAt(0)) ? part.padStart(8, '0') : `*${part}`;
    if (key.startsWith('*')) {
      if (key < '*final') while (parts[parts.length - 1] === '*final-') parts.pop();
      while (parts[parts.length - 1] === '00000000') parts.pop();
    }
    parts.push(key);
  };
  // re.split(r"(\d+|[a-z]+|\.|-)") keeps the tokens and the text between them.
  let gap = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let j = i + 1;
    if (isDigitCode(c)) while (j < s.length && isDigitCode(s.charCodeAt(j))) j++;
    else if (c >= 97 && c <= 122) while (j < s.length && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) j++;
    else if (c !== 46 && c !== 45) {
      i++;
      continue;
    }
    if (i > gap) push(s.slice(gap, i));
    if (c !== 46) push(s.slice(i, j));
    gap = i = j;
  }
  if (s.length > gap) push(s.slice(gap));
  parts.push('*final');
  return { legacy: true, parts };
}

function parsePypi(version: string): PypiVersion | string {
  if (version.trim() === '') return 'empty string';
  return parsePep440(version) ?? parseLegacy(version);
}

const cmpOptional = (a: string | null, b: string | null, absentFirst: boolean): number =>
  a === b ? 0 : a === null ? (absentFirst ? -1 : 1) : b === null ? (absentFirst ? 1 : -1) : compareNumber(a, b);

function comparePep440(a: Pep440Version, b: Pep440Version): number {
  let c = compareNumber(a.epoch, b.epoch);
  if (c !== 0) return c;
  const len = Math.min(a.release.length, b.release.length);
  for (let k = 0; k < len; k++) {
    c = compareNumber(a.release[k] as string, b.release[k] as string);
    if (c !== 0) return c;
  }
  if (a.release.length !== b.release.length) return a.release.length - b.release.length;
  if (a.preRank !== b.preRank) return a.preRank - b.preRank;
  c = compareNumber(a.preNum, b.preNum);
  if (c !== 0) return c;
  c = cmpOptional(a.post, b.post, true);
  if (c !== 0) return c;
  c = cmpOptional(a.dev, b.dev, false);
  if (c !== 0) return c;
  return compareLocal(a, b);
}

/** Local labels: absent first; numeric segments after alphanumeric ones; a longer label wins ties. */
function compareLocal(a: Pep440Version, b: Pep440Version): number {
  if (a.local === null || b.local === null) return a.local === b.local ? 0 : a.local === null ? -1 : 1;
  const len = Math.min(a.local.length, b.local.length);
  for (let k = 0; k < len; k++) {
    const an = a.localNumeric[k] === true;
    const bn = b.localNumeric[k] === true;
    if (an !== bn) return an ? 1 : -1;
    const x = a.local[k] as string;
    const y = b.local[k] as string;
    const c = an ? compareNumber(x, y) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.local.length - b.local.length;
}

function compareLegacy(a: LegacyVersion, b: LegacyVersion): number {
  const len = Math.min(a.parts.length, b.parts.length);
  for (let k = 0; k < len; k++) {
    const c = compareStrings(a.parts[k] as string, b.parts[k] as string);
    if (c !== 0) return c;
  }
  return a.parts.length - b.parts.length;
}

/**
 * PyPI: PEP 440 as `packaging.version.Version` orders it. Strings PEP 440 rejects are still
 * ordered, the way packaging's LegacyVersion (and OSV) did: before every PEP 440 version,
 * among themselves by the legacy key; `check` marks them `canonical: false`.
 */
export const pep440Scheme = parsedScheme<PypiVersion>({
  id: 'pep440',
  parse: parsePypi,
  compare(a, b) {
    if (a.legacy || b.legacy) return a.legacy && b.legacy ? compareLegacy(a, b) : a.legacy ? -1 : 1;
    return comparePep440(a, b);
  },
  canonical: (p) => !p.legacy,
});
