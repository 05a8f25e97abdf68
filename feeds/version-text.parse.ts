import type { CpeMatch } from '../src/ids/index.ts';

/** One affected range in NVD cpeMatch terms; an empty object means every version. */
export type VersionBound = Omit<CpeMatch, 'vulnerable' | 'criteria'>;

export interface ParsedVersionText {
  /** False when any part of the text is not understood; `bounds` is then empty. */
  parsed: boolean;
  bounds: VersionBound[];
}

const NOT_PARSED: ParsedVersionText = { parsed: false, bounds: [] };

/**
 * A version as JVN writes it: starts with a digit (or `v`/`V` and a digit), no spaces. Anything
 * with words in it ("core 2.0", "v6 R4", "2.x") is left alone rather than guessed at.
 */
const VERSION = String.raw`[vV]?\d[0-9A-Za-z._+\-]*`;
const isVersion = (s: string): boolean => new RegExp(`^${VERSION}$`).test(s) && !/\.[xX*]$/.test(s);

type Rule = [RegExp, (m: RegExpExecArray) => VersionBound];

// Words that only restate "version" or "firmware" around the number.
const LEADING_NOISE = /^(?:ファームウェア\s*)?(?:バージョン|ver(?:sion)?\.?|versions?)\s*(?=[vV]?\d)/i;
const TRAILING_NOISE = /\s*(?:の(?:すべての|全ての|全)?(?:バージョン|版)|バージョン|版|versions?)$/i;

const V = `(${VERSION})`;
const S = String.raw`\s*`;

/** Each rule is tried on one list item, whole-string; order matters only where forms overlap. */
const RULES: Rule[] = [
  [new RegExp(`^${V}${S}以上${S}${V}${S}未満$`), (m) => ({ versionStartIncluding: m[1]!, versionEndExcluding: m[2]! })],
  [new RegExp(`^${V}${S}以上${S}${V}${S}(?:以下|以前)$`), (m) => ({ versionStartIncluding: m[1]!, versionEndIncluding: m[2]! })],
  [new RegExp(`^${V}${S}から${S}${V}${S}(?:まで|以下|以前)$`), (m) => ({ versionStartIncluding: m[1]!, versionEndIncluding: m[2]! })],
  [new RegExp(`^${V}${S}から${S}${V}${S}(?:より前|未満)$`), (m) => ({ versionStartIncluding: m[1]!, versionEndExcluding: m[2]! })],
  [new RegExp(`^${V}${S}(?:〜|～|~|\\s-\\s)${S}${V}$`), (m) => ({ versionStartIncluding: m[1]!, versionEndIncluding: m[2]! })],
  [
    new RegExp(`^(?:from\\s+)?${V}\\s+(?:through|thru|to)\\s+${V}(?:\\s+inclusive)?$`, 'i'),
    (m) => ({ versionStartIncluding: m[1]!, versionEndIncluding: m[2]! }),
  ],
  [
    new RegExp(`^(?:from\\s+)?${V}\\s+(?:before|prior\\s+to|up\\s+to\\s+but\\s+not\\s+including)\\s+${V}$`, 'i'),
    (m) => ({ versionStartIncluding: m[1]!, versionEndExcluding: m[2]! }),
  ],
  [new RegExp(`^${V}${S}(?:以上|以降|〜|～|~)$`), (m) => ({ versionStartIncluding: m[1]! })],
  [new RegExp(`^${V}${S}より(?:後|新しい)$`), (m) => ({ versionStartExcluding: m[1]! })],
  [new RegExp(`^${V}\\s+(?:and|or)\\s+(?:later|newer|above)$`, 'i'), (m) => ({ versionStartIncluding: m[1]! })],
  [new RegExp(`^${V}${S}(?:未満|より前)$`), (m) => ({ versionEndExcluding: m[1]! })],
  [new RegExp(`^${V}${S}(?:以下|以前|(?:および|及び)${S}それ以前|(?:および|及び)${S}それ以下)$`), (m) => ({ versionEndIncluding: m[1]! })],
  [new RegExp(`^(?:〜|～|~)${S}${V}$`), (m) => ({ versionEndIncluding: m[1]! })],
  [new RegExp(`^${V}\\s+(?:and|or)\\s+(?:earlier|prior|before|below|older)$`, 'i'), (m) => ({ versionEndIncluding: m[1]! })],
  [new RegExp(`^(?:through|thru|up\\s+to\\s+and\\s+including)\\s+${V}$`, 'i'), (m) => ({ versionEndIncluding: m[1]! })],
  [new RegExp(`^(?:prior\\s+to|before|earlier\\s+than|older\\s+than)\\s+${V}$`, 'i'), (m) => ({ versionEndExcluding: m[1]! })],
  [new RegExp(`^<${S}${V}$`), (m) => ({ versionEndExcluding: m[1]! })],
  [new RegExp(`^<=${S}${V}$`), (m) => ({ versionEndIncluding: m[1]! })],
  [new RegExp(`^>=${S}${V}$`), (m) => ({ versionStartIncluding: m[1]! })],
  [new RegExp(`^>${S}${V}$`), (m) => ({ versionStartExcluding: m[1]! })],
];

// "Ver.1.4.2より前（CVE-2025-0354、CVE-2025-0355）": which CVEs the line is about, not a version.
const CVE_NOTE = /\s*\(\s*CVE-\d{4}-\d{4,}(?:\s*[、,]\s*CVE-\d{4}-\d{4,})*\s*\)/g;

const ALL_VERSIONS = /^(?:すべて|全て|全)の?バージョン$|^all\s+versions?$|^\*$/i;

function parseItem(item: string): VersionBound | undefined {
  if (ALL_VERSIONS.test(item)) return {};
  const text = item.replace(TRAILING_NOISE, '').replace(LEADING_NOISE, '').trim();
  // "versions prior to 2.0" keeps its leading word after the noise strip above.
  const bare = text.replace(/^versions?\s+/i, '');
  for (const [re, build] of RULES) {
    const m = re.exec(bare);
    if (m) return build(m);
  }
  return isVersion(bare) ? { versionStartIncluding: bare, versionEndIncluding: bare } : undefined;
}

/**
 * JVN iPedia's free-text affected versions (`VersionNumber`, one line per range) as bounds.
 * Full-width digits and punctuation are folded first (NFKC). Any list item that matches none of
 * the known forms makes the whole text unparsed: partial bounds would under-report exposure.
 */
export function parseVersionText(text: string): ParsedVersionText {
  const folded = text.normalize('NFKC').replace(CVE_NOTE, '').trim();
  if (folded === '') return NOT_PARSED;
  const items = folded
    .split(/[\n\r、,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bounds: VersionBound[] = [];
  for (const item of items) {
    const bound = parseItem(item);
    if (!bound) return NOT_PARSED;
    bounds.push(bound);
  }
  return { parsed: true, bounds };
}
