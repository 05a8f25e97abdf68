import { isDigitCode, parsedScheme } from './scheme-kit.ts';

/**
 * Alpine's version order as apk-tools 2.14 (`src/version.c`, Alpine 3.22 and every release
 * branch before it) defines it, strings outside the grammar included: apk reads a version as
 * a stream of tokens, each kind allowed only after certain others, and orders two versions by
 * the first token where they differ. A string that leaves the grammar ends in an invalid token
 * where it does, and `apk version -t` still orders it (`1.2 > 1.2_blah`, `.1 < 1`); such
 * versions are ordered the same way and marked non-canonical.
 *
 * apk-tools 3 (Alpine 3.23 on) calls a letter followed by digits invalid (`6.6.2p1`, which
 * advisories for older branches carry) and compares the invalid rest as equal; the README and
 * the conformance exceptions name each line where the two differ. One addition from apk-tools
 * 3: a `~<hex>` commit hash before the revision is read and does not order.
 */
const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

/** The tokens apk's get_token yields: the value of each, and the kind of token that follows it. */
export interface ApkVersion {
  values: number[];
  next: number[];
  /**
   * Inside Alpine's grammar as osv.dev's validator reads it: apk-tools accepts it, it starts
   * with a number, and every `.` is followed by a number or by a letter and a number (apk reads
   * an empty number in `1.18.-r2` and before `a`).
   */
  canonical: boolean;
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isHex = (c: number): boolean => isDigitCode(c) || (c >= 97 && c <= 102);

/** A reader over one version string, as apk's blob with the current token kind. */
class Reader {
  kind = DIGIT;
  pos = 0;
  constructor(private readonly v: string) {}

  private at(i: number): number {
    return this.v.charCodeAt(this.pos + i);
  }

  private get left(): number {
    return this.v.length - this.pos;
  }

  /** next_token: the kind the next character starts, or invalid when it may not follow the current one. */
  private nextKind(): void {
    let n = INVALID;
    const c = this.at(0);
    if (this.left === 0) n = END;
    else if ((this.kind === DIGIT || this.kind === DIGIT_OR_ZERO) && isLower(c)) n = LETTER;
    else if (this.kind === LETTER && isDigitCode(c)) n = DIGIT;
    else if (this.kind === SUFFIX && isDigitCode(c)) n = SUFFIX_NO;
    else {
      if (c === 46 /* . */) n = DIGIT_OR_ZERO;
      else if (c === 95 /* _ */) n = SUFFIX;
      else if (c === 126 /* ~ */ && this.kind < REVISION_NO) {
        // apk-tools 3's commit hash: skipped, then whatever follows it.
        let i = 1;
        while (i < this.left && isHex(this.at(i))) i++;
        if (i > 1) {
          this.pos += i;
          this.kind = this.left === 0 ? END : this.at(0) === 45 && this.at(1) === 114 ? REVISION_NO : INVALID;
          if (this.kind === REVISION_NO) this.pos += 2;
          return;
        }
      } else if (c === 45 /* - */ && this.left > 1 && this.at(1) === 114 /* r */) {
        n = REVISION_NO;
        this.pos++;
      }
      this.pos++;
    }
    if (n < this.kind && !((n === DIGIT_OR_ZERO && this.kind === DIGIT) || (n === SUFFIX && this.kind === SUFFIX_NO) || (n === DIGIT && this.kind === LETTER)))
      n = INVALID;
    this.kind = n;
  }

  /** get_token: the value of the token of the current kind; moves to the next kind. */
  token(): number {
    if (this.left <= 0) {
      this.kind = END;
      return 0;
    }
    let i = 0;
    let value: number;
    let followedBy = INVALID;
    switch (this.kind) {
      case DIGIT_OR_ZERO:
        if (this.at(0) !== 48) return this.number();
        // Leading zeros after a dot count against the number: 1.05 < 1.1.
        while (i + 1 < this.left && this.at(i + 1) === 48) i++;
        followedBy = DIGIT;
        value = -i;
        break;
      case DIGIT:
      case SUFFIX_NO:
      case REVISION_NO:
        return this.number();
      case LETTER:
        value = this.at(i++);
        break;
      case SUFFIX: {
        const rest = this.v.slice(this.pos);
        const pre = PRE_SUFFIXES.findIndex((s) => rest.startsWith(s));
        const post = pre < 0 ? POST_SUFFIXES.findIndex((s) => rest.startsWith(s)) : -1;
        if (pre >= 0) {
          value = pre - PRE_SUFFIXES.length;
          i = (PRE_SUFFIXES[pre] as string).length;
        } else if (post >= 0) {
          value = post;
          i = (POST_SUFFIXES[post] as string).length;
        } else return this.invalid();
        break;
      }
      default:
        return this.invalid();
    }
    return this.advance(i, value, followedBy);
  }

  /** A number token: at most 17 digits, as apk's int64 arithmetic allows. */
  private number(): number {
    let i = 0;
    let value = 0;
    while (i < this.left && isDigitCode(this.at(i))) value = value * 10 + (this.at(i++) - 48);
    return i >= 18 ? this.invalid() : this.advance(i, value, INVALID);
  }

  private advance(length: number, value: number, followedBy: number): number {
    this.pos += length;
    if (this.left === 0) this.kind = END;
    else if (followedBy !== INVALID) this.kind = followedBy;
    else this.nextKind();
    return value;
  }

  private invalid(): number {
    this.kind = INVALID;
    return -1;
  }
}

/** Every token of a version, up to the end or the first invalid one; only the empty string is refused. */
export function parseApk(v: string): ApkVersion | string {
  if (v === '') return 'empty string';
  const r = new Reader(v);
  const values: number[] = [];
  const next: number[] = [];
  do {
    values.push(r.token());
    next.push(r.kind);
  } while (r.kind !== END && r.kind !== INVALID);
  return { values, next, canonical: r.kind === END && isDigitCode(v.charCodeAt(0)) && !/\.(?![0-9]|[a-z][0-9])/.test(v) };
}

/** apk_version_compare_blob. */
export function compareApk(a: ApkVersion, b: ApkVersion): number {
  let at = DIGIT;
  let bt = DIGIT;
  let av = 0;
  let bv = 0;
  let k = 0;
  while (at === bt && at !== END && at !== INVALID && av === bv) {
    av = a.values[k] as number;
    at = a.next[k] as number;
    bv = b.values[k] as number;
    bt = b.next[k] as number;
    k++;
  }
  if (av !== bv) return av < bv ? -1 : 1;
  if (at === bt) return 0;
  // The side that goes on is greater, unless it goes on with a pre-release suffix.
  if (at === SUFFIX && (a.values[k] as number) < 0) return -1;
  if (bt === SUFFIX && (b.values[k] as number) < 0) return 1;
  return at > bt ? -1 : 1;
}

/** Alpine, Wolfi, Chainguard and the other apk distributions. */
export const apkScheme = parsedScheme({
  id: 'apk',
  parse: parseApk,
  compare: compareApk,
  canonical: (p) => p.canonical,
});
