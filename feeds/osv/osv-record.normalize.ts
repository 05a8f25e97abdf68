import { err, ok, type Result } from '../../src/core/result.ts';
import type { Advisory, AffectedPackage, FeedRecord, Severity, SeverityRating } from '../../src/vulns/index.ts';
import type { RawRecord } from '../feed-adapter.ts';
import { isoDate } from '../iso-date.ts';
import { parseWith } from '../json-input.ts';
import { cvssBaseScore } from '../../src/vulns/index.ts';
import { osvRecordSchema, type OsvAffected, type OsvRecord, type OsvSeverity } from './osv-record.schema.ts';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
/** Go's vulndb git files carry this instead of real dates. */
const PLACEHOLDER_DATE = /^0001-01-01T/;

/** GitHub's advisory levels, and Ubuntu's priorities (OSV severity type `Ubuntu`). */
const QUALITATIVE: Record<string, SeverityRating> = {
  critical: 'critical',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
};

/** Who scored the record: `ghsa` for GitHub, else `osv:` and the id's database prefix (`osv:GO`, `osv:PYSEC`). */
function scorer(id: string): string {
  const prefix = id.split('-')[0] ?? id;
  return prefix === 'GHSA' ? 'ghsa' : `osv:${prefix}`;
}

/**
 * CVSS vectors (v2, v3.x, v4.0) get their base score computed; a vector that does not parse is
 * kept without a score rather than failing the record.
 */
function severity(source: string, s: OsvSeverity): Severity | undefined {
  switch (s.type) {
    case 'CVSS_V2':
    case 'CVSS_V3':
    case 'CVSS_V4': {
      const base = cvssBaseScore(s.score);
      return base.ok
        ? { source, type: s.type, version: base.value.version, vector: s.score, score: base.value.score, rating: base.value.rating }
        : { source, type: s.type, vector: s.score };
    }
    case 'Ubuntu': {
      const rating = QUALITATIVE[s.score.toLowerCase()];
      return rating ? { source, type: 'qualitative', rating } : undefined;
    }
    default:
      return undefined;
  }
}

function severities(rec: OsvRecord): Severity[] {
  const source = scorer(rec.id);
  const all = [...rec.severity, ...rec.affected.flatMap((a) => a.severity)];
  const seen = new Set<string>();
  const out: Severity[] = [];
  for (const s of all) {
    const key = `${s.type}|${s.score}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sev = severity(source, s);
    if (sev) out.push(sev);
  }
  const rating = QUALITATIVE[rec.database_specific.severity?.toLowerCase() ?? ''];
  if (rating) out.push({ source, type: 'qualitative', rating });
  return out;
}

/**
 * One entry per package; an entry with only GIT ranges (no package) becomes one entry per
 * repository under the ecosystem `GIT`, named by the repository URL.
 */
function affected(entries: OsvAffected[]): AffectedPackage[] {
  const out: AffectedPackage[] = [];
  for (const a of entries) {
    if (a.package) {
      const { ecosystem, name, purl } = a.package;
      const pkg: AffectedPackage = { kind: 'package', ecosystem, name, ranges: a.ranges, versions: a.versions, status: 'affected' };
      if (purl) pkg.purl = purl;
      out.push(pkg);
      continue;
    }
    const repos = new Set(a.ranges.flatMap((r) => (r.type === 'GIT' && r.repo ? [r.repo] : [])));
    for (const repo of repos) {
      const ranges = a.ranges.filter((r) => r.repo === repo);
      out.push({ kind: 'package', ecosystem: 'GIT', name: repo, ranges, versions: a.versions, status: 'affected' });
    }
  }
  return out;
}

function cwes(rec: OsvRecord): string[] {
  const ids = [...rec.database_specific.cwe_ids, ...(rec.database_specific.CWE ? [rec.database_specific.CWE.id] : [])];
  return [...new Set(ids.filter((c) => /^CWE-\d+$/.test(c)))];
}

export function normalizeOsvRecord(raw: RawRecord): Result<FeedRecord[]> {
  const parsed = parseWith(osvRecordSchema, raw.data, 'OSV_INVALID_RECORD');
  if (!parsed.ok) return parsed;
  const rec = parsed.value;
  const modified = isoDate(rec.modified);
  if (!modified) return err('OSV_INVALID_RECORD', `modified is not a date: ${rec.modified}`, '/modified');
  const dates: Pick<Advisory, 'published' | 'withdrawnAt'> = {};
  if (rec.published !== undefined && !PLACEHOLDER_DATE.test(rec.published)) {
    const published = isoDate(rec.published);
    if (!published) return err('OSV_INVALID_RECORD', `published is not a date: ${rec.published}`, '/published');
    dates.published = published;
  }
  if (rec.withdrawn !== undefined) {
    const withdrawnAt = isoDate(rec.withdrawn);
    if (!withdrawnAt) return err('OSV_INVALID_RECORD', `withdrawn is not a date: ${rec.withdrawn}`, '/withdrawn');
    dates.withdrawnAt = withdrawnAt;
  }
  const cves = [rec.id, ...rec.aliases].filter((a) => CVE_ID.test(a));
  const advisory: Advisory = {
    source: 'osv',
    sourceId: rec.id,
    cves: [...new Set(cves)],
    aliases: rec.aliases.filter((a) => !CVE_ID.test(a) && a !== rec.id),
    related: [...new Set([...rec.related, ...rec.upstream])],
    flags: rec.withdrawn !== undefined ? ['withdrawn'] : [],
    modified,
    ...dates,
    titles: rec.summary ? [{ lang: 'en', text: rec.summary }] : [],
    descriptions: rec.details ? [{ lang: 'en', text: rec.details }] : [],
    severities: severities(rec),
    cwes: cwes(rec),
    references: rec.references.map((r) => (r.type ? { url: r.url, type: r.type } : { url: r.url })),
    affected: affected(rec.affected),
    remediations: [],
  };
  return ok([{ kind: 'advisory', advisory }]);
}
