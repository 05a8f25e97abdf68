import { compareNumber, isAlnumCode, isDigitCode, parsedScheme } from './scheme-kit.ts';

/** Weight PHP gives a number when it meets a word (`#` in php_version_compare's table). */
const NUMBER_WEIGHT = 4;
/** Prefix table of php_version_compare, case-sensitive, first match wins; other words weigh -1. */
const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['pl', 5],
  ['p', 5],
];
const UNKNOWN_WEIGHT = -1;

export interface ComposerVersion {
  /** Digit runs (leading zeros stripped) or null for words. */
  numbers: (string | null)[];
  /** Word weights; NUMBER_WEIGHT for numbers. */
  weights: number[];
}

/**
 * Packagist: PHP's `version_compare`, which Composer uses, after stripping a `v`/`V` prefix as OSV
 * does. PHP splits at `-`, `_`, `+`, any other non-alphanumeric and every digit/letter boundary,
 * orders words `dev < alpha = a < beta = b < RC = rc < number < pl = p`, unknown words first, and
 * sorts the longer version later when the extra part is a number (`1.0 < 1.0.0`, unlike Composer's
 * normaliser). Canonical: no unknown words.
 */
function parseComposer(version: string): ComposerVersion | string {
  const s = version.charCodeAt(0) === 118 || version.charCodeAt(0) === 86 ? version.slice(1) : version;
  if (s === '') return 'empty string';
  if (!isAlnumCode(s.charCodeAt(0))) return 'does not start with a letter or digit';
  const numbers: (string | null)[] = [];
  const weights: number[] = [];
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (!isAlnumCode(c)) {
      i++;
      continue;
    }
    const digit = isDigitCode(c);
    let j = i + 1;
    while (j < s.length && isAlnumCode(s.charCodeAt(j)) && isDigitCode(s.charCodeAt(j)) === digit) j++;
    if (digit) {
      let z = i;
      while (z < j - 1 && s.charCodeAt(z) === 48) z++;
      numbers.push(s.slice(z, j));
      weights.push(NUMBER_WEIGHT);
    } else {
      const form = SPECIAL_FORMS.find(([name]) => s.startsWith(name, i));
      numbers.push(null);
      weights.push(form === undefined ? UNKNOWN_WEIGHT : form[1]);
    }
    i = j;
  }
  return { numbers, weights };
}

function compareComposer(a: ComposerVersion, b: ComposerVersion): number {
  const common = Math.min(a.weights.length, b.weights.length);
  for (let k = 0; k < common; k++) {
    const x = a.numbers[k];
    const y = b.numbers[k];
    const c = x != null && y != null ? compareNumber(x, y) : (a.weights[k] as number) - (b.weights[k] as number);
    if (c !== 0) return c;
  }
  // A leftover number makes its side greater; a leftover word is weighed against a number.
  const longer = a.weights.length > b.weights.length ? a : b;
  const side = longer === a ? 1 : -1;
  for (let k = common; k < longer.weights.length; k++) {
    if (longer.numbers[k] != null) return side;
    const c = (longer.weights[k] as number) - NUMBER_WEIGHT;
    if (c !== 0) return c * side;
  }
  return 0;
}

export const composerScheme = parsedScheme({
  id: 'composer',
  parse: parseComposer,
  compare: compareComposer,
  canonical: (p) => !p.weights.includes(UNKNOWN_WEIGHT),
});
