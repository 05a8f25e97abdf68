import type { Advisory, AdvisoryFlag, Affected, Lang, Severity, SeverityRating } from '../../src/vulns/index.ts';
import { toCpe23 } from '../../src/ids/index.ts';
import { parseVersionText } from '../version-text.parse.ts';

export const JVNDB_ID = /^JVNDB-\d{4}-\d{6}$/;
const CVE_IN_TEXT = /CVE-\d{4}-\d{4,}/g;
const CWE_ID = /^CWE-\d+$/;
const JVN_ALIAS = /^JVN(?:VU|TA)?#[0-9A-Z]+$/;

/** CVE ids found in a field meant to hold one; anything around them ("CVE-2021-1 ほか") is dropped. */
export const cvesIn = (text: string | undefined): string[] => (text ? (text.match(CVE_IN_TEXT) ?? []) : []);

export const isCwe = (id: string | undefined): id is string => id !== undefined && CWE_ID.test(id.trim());

export const isJvnAlias = (id: string | undefined): id is string => id !== undefined && JVN_ALIAS.test(id.trim());

export const langOf = (tag: string | undefined): Lang => (tag?.toLowerCase().startsWith('en') ? 'en' : 'ja');

export const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

// Markers IPA puts at the start of a title or summary, as go-cve-dictionary also reads them.
const FLAG_MARKERS: [RegExp, AdvisoryFlag][] = [
  [/(?:\*\*|【|\[)\s*削除\s*(?:\*\*|】|\])/, 'withdrawn'],
  [/(?:\*\*|【|\[)\s*未確定\s*(?:\*\*|】|\])/, 'unconfirmed'],
  [/(?:\*\*|【|\[)\s*サポート外\s*(?:\*\*|】|\])/, 'unsupported'],
  [/\*\*\s*REJECT(?:ED)?\s*\*\*/i, 'withdrawn'],
  [/\*\*\s*UNSUPPORTED WHEN ASSIGNED\s*\*\*/i, 'unsupported'],
  [/\*\*\s*DISPUTED\s*\*\*/i, 'disputed'],
];

function flagsIn(texts: (string | undefined)[]): AdvisoryFlag[] {
  const joined = texts.filter(Boolean).join('\n');
  return unique(FLAG_MARKERS.filter(([re]) => re.test(joined)).map(([, f]) => f));
}

const RATINGS: Record<string, SeverityRating> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  none: 'none',
  緊急: 'critical',
  重要: 'high',
  警告: 'medium',
  注意: 'low',
  なし: 'none',
};

export function cvssSeverity(
  version: string | undefined,
  score: string | undefined,
  vector: string | undefined,
  rating: string | undefined,
): Severity | undefined {
  const major = version?.trim().charAt(0);
  const type = major === '2' ? 'CVSS_V2' : major === '3' ? 'CVSS_V3' : major === '4' ? 'CVSS_V4' : undefined;
  if (!type) return undefined;
  const n = score === undefined || score.trim() === '' ? undefined : Number(score);
  const r = rating ? RATINGS[rating.trim().toLowerCase()] : undefined;
  return {
    source: 'jvn',
    type,
    version: version!.trim(),
    ...(vector?.trim() ? { vector: vector.trim() } : {}),
    ...(n !== undefined && Number.isFinite(n) ? { score: n } : {}),
    ...(r ? { rating: r } : {}),
  };
}

/** JVN's CPE 2.2 URIs as CPE 2.3 names; one with a space inside (a known IPA slip) is dropped. */
function cleanCpe(raw: string | undefined): string | undefined {
  const s = raw?.trim();
  if (!s || /\s/.test(s)) return undefined;
  const r = toCpe23(s);
  return r.ok ? r.value : undefined;
}

/**
 * One JVN product with its version lines: always an AffectedProduct for people, plus an
 * AffectedCpe when there is a usable CPE and the version text parsed, so CPE matching sees it.
 */
export function affectedFor(vendor: string, product: string, rawCpe: string | undefined, versionLines: string[]): Affected[] {
  const cpe = cleanCpe(rawCpe);
  const versionText = versionLines
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  const { parsed, bounds } = parseVersionText(versionText);
  const out: Affected[] = [{ kind: 'product', vendor, product, versionText, bounds, parsed, ...(cpe ? { cpe } : {}), status: 'affected' }];
  if (cpe && parsed) {
    out.push({
      kind: 'cpe',
      status: 'affected',
      configuration: {
        operator: 'OR',
        negate: false,
        nodes: [{ operator: 'OR', negate: false, cpeMatch: bounds.map((b) => ({ vulnerable: true, criteria: cpe, ...b })) }],
      },
    });
  }
  return out;
}

/** What both JVN record shapes have in common; `markedTexts` are searched for 削除 / 未確定 / サポート外. */
export function jvnAdvisoryHead(
  id: string,
  ids: { cves: string[]; aliases: string[] },
  dates: { published: string | undefined; modified: string },
  markedTexts: (string | undefined)[],
): Pick<Advisory, 'source' | 'sourceId' | 'cves' | 'aliases' | 'related' | 'flags' | 'published' | 'modified' | 'withdrawnAt'> {
  const flags = flagsIn(markedTexts);
  return {
    source: 'jvn',
    sourceId: id,
    cves: unique(ids.cves),
    aliases: unique(ids.aliases),
    related: [],
    flags,
    ...(dates.published ? { published: dates.published } : {}),
    modified: dates.modified,
    ...(flags.includes('withdrawn') ? { withdrawnAt: dates.modified } : {}),
  };
}
