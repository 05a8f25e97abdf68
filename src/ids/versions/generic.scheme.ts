import { compareNumber, compareStrings, isAlphaCode, isDigitCode, parsedScheme, stripZeros } from './scheme-kit.ts';

/**
 * A generic order for version strings with no ecosystem behind them, chiefly NVD CPE bounds
 * (`2.4.49`, `1.1.1k`, `9.0.0.M1`, `5.5.0-rc1`, `7 update 45`):
 *
 * 1. The string is cut into runs of digits and runs of ASCII letters; everything else
 *    (`.`, `-`, `_`, `+`, `:`, spaces …) only separates. Letters are compared case-insensitively.
 * 2. Zero numbers right before a word or the end are dropped, so `1.0` = `1.0.0` = `1` and
 *    `2.0-rc1` = `2-rc1`.
 * 3. Runs are compared left to right; a missing run counts as "end". Token ranks, low to high:
 *    pre-release words (`dev` < `alpha` < `beta` < `milestone` < `rc` = `cr` = `pre` = `preview`,
 *    plus `snapshot` just before `rc`) < end < other words (lexical, e.g. `k` in `1.1.1k`,
 *    `update`, `patch`, `sp`) < numbers (by value).
 *
 * So `2.0-rc1 < 2.0 < 2.0a < 2.0.1` and `1.1.1 < 1.1.1k < 1.1.2`. Single letters are never
 * pre-releases: OpenSSL-style letter releases outnumber `2.0b1`-style betas in CPE data.
 */
const PRE_RELEASE: ReadonlyMap<string, number> = new Map([
  ['dev', 0],
  ['alpha', 1],
  ['beta', 2],
  ['milestone', 3],
  ['snapshot', 4],
  ['rc', 5],
  ['cr', 5],
  ['pre', 5],
  ['preview', 5],
]);

const RANK_PRE = 0;
const RANK_END = 1;
const RANK_WORD = 2;
const RANK_NUMBER = 3;

export interface GenericVersion {
  ranks: number[];
  /** Digit strings for numbers, lower-case words, or the pre-release weight as a string. */
  values: string[];
}

function parseGeneric(version: string): GenericVersion | string {
  const s = version.toLowerCase();
  const ranks: number[] = [];
  const values: string[] = [];
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    let j = i + 1;
    if (isDigitCode(c)) {
      while (j < s.length && isDigitCode(s.charCodeAt(j))) j++;
      ranks.push(RANK_NUMBER);
      values.push(stripZeros(s.slice(i, j)));
    } else if (isAlphaCode(c)) {
      while (j < s.length && isAlphaCode(s.charCodeAt(j))) j++;
      const word = s.slice(i, j);
      const pre = PRE_RELEASE.get(word);
      ranks.push(pre === undefined ? RANK_WORD : RANK_PRE);
      values.push(pre === undefined ? word : String(pre));
    }
    i = j;
  }
  if (ranks.length === 0) return 'no digits or letters';
  let droppable = true;
  for (let k = ranks.length - 1; k >= 0; k--) {
    if (ranks[k] !== RANK_NUMBER) droppable = true;
    else if (droppable && values[k] === '0') {
      ranks.splice(k, 1);
      values.splice(k, 1);
    } else droppable = false;
  }
  return { ranks, values };
}

function compareGeneric(a: GenericVersion, b: GenericVersion): number {
  const len = Math.max(a.ranks.length, b.ranks.length);
  for (let k = 0; k < len; k++) {
    const ar = a.ranks[k] ?? RANK_END;
    const br = b.ranks[k] ?? RANK_END;
    if (ar !== br) return ar - br;
    const x = a.values[k] as string;
    const y = b.values[k] as string;
    if (x === y) continue;
    return ar === RANK_NUMBER ? compareNumber(x, y) : compareStrings(x, y);
  }
  return 0;
}

export const genericVersionScheme = parsedScheme({
  id: 'generic',
  parse: parseGeneric,
  compare: compareGeneric,
  canonical: () => true,
});
