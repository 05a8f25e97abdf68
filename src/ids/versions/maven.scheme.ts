import { compareNumber, compareStrings, isDigitCode, parsedScheme, stripZeros } from './scheme-kit.ts';

/**
 * Maven's `ComparableVersion` as in Maven 3.9 (maven-artifact 3.9.x):
 *
 * - `ga`, `final` and `release` sort as no qualifier, `cr` as `rc`, `sp` after the release,
 *   unknown qualifiers after all known ones, lexically;
 * - `a`, `b`, `m` mean alpha/beta/milestone only when a digit follows (`1a1` = `1-alpha-1`);
 *   a bare `1-a` is the unknown qualifier "a";
 * - `.X` reads as `-X` for a qualifier X (`1.0.0.RC1 < 1.0.0-RC2 < 1.0.1`, MNG-7644), and a list
 *   compares with "nothing" item by item (MNG-6964).
 *
 * Debian's `maven` package (3.8.7) follows both as well on every pair the differential test
 * compares; test/differential/versions-maven.test.ts names each pair on which it disagrees
 * (none today). Maven 4's combination items (`X-1` = `X1`) are not followed.
 */

const NUM = 0;
const STR = 1;
const LIST = 2;

interface NumItem {
  t: typeof NUM;
  v: string;
}
interface StrItem {
  t: typeof STR;
  /** `comparableQualifier`: known qualifiers as their index, unknown ones after, lexically. */
  q: string;
}
interface ListItem {
  t: typeof LIST;
  items: Item[];
}
type Item = NumItem | StrItem | ListItem;

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE = String(QUALIFIERS.indexOf(''));
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const ZERO: NumItem = { t: NUM, v: '0' };

function strItem(value: string, followedByDigit: boolean): StrItem {
  if (followedByDigit && value.length === 1) {
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  value = ALIASES[value] ?? value;
  const i = QUALIFIERS.indexOf(value);
  return { t: STR, q: i === -1 ? `${QUALIFIERS.length}-${value}` : String(i) };
}

const parseItem = (isDigit: boolean, buf: string): Item => (isDigit ? { t: NUM, v: stripZeros(buf) } : strItem(buf, false));

const isNull = (item: Item): boolean => (item.t === NUM ? item.v === '0' : item.t === STR ? item.q === RELEASE : item.items.length === 0);

/** Drops trailing null items (0, release qualifiers, empty lists), looking through nested lists. */
function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as Item;
    if (isNull(item)) items.splice(i, 1);
    else if (item.t !== LIST) break;
  }
}

function parseMaven(version: string): ListItem | string {
  if (version.length === 0) return 'empty string';
  const v = version.toLowerCase();
  const root: ListItem = { t: LIST, items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const nest = (): void => {
    const sub: ListItem = { t: LIST, items: [] };
    list.items.push(sub);
    list = sub;
    stack.push(sub);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46 /* . */) {
      list.items.push(i === start ? ZERO : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === 45 /* - */) {
      list.items.push(i === start ? ZERO : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      nest();
    } else if (isDigitCode(c)) {
      if (!isDigit && i > start) {
        if (list.items.length > 0) nest();
        list.items.push(strItem(v.slice(start, i), true));
        start = i;
        nest();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, v.slice(start, i)));
        start = i;
        nest();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.items.length > 0) nest();
    list.items.push(parseItem(isDigit, v.slice(start)));
  }
  for (let k = stack.length - 1; k >= 0; k--) normalize(stack[k] as ListItem);
  return root;
}

/** `a.compareTo(b)` of the matching ComparableVersion item class; `b === null` is "nothing". */
function compareItem(a: Item, b: Item | null): number {
  switch (a.t) {
    case NUM:
      if (b === null) return a.v === '0' ? 0 : 1;
      return b.t === NUM ? compareNumber(a.v, b.v) : 1;
    case STR:
      if (b === null) return compareStrings(a.q, RELEASE);
      return b.t === STR ? compareStrings(a.q, b.q) : -1;
    case LIST:
      if (b === null || b.t === LIST) return compareLists(a.items, b === null ? [] : b.items);
      return b.t === NUM ? -1 : 1;
  }
}

function compareLists(left: Item[], right: Item[]): number {
  const len = Math.max(left.length, right.length);
  for (let i = 0; i < len; i++) {
    const l = left[i];
    const r = right[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItem(r, null)) : compareItem(l, r ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

export const mavenScheme = parsedScheme<ListItem>({
  id: 'maven',
  parse: parseMaven,
  compare: (a, b) => compareLists(a.items, b.items),
  canonical: () => true,
});
