import { err, ok, type Result } from '../../src/core/result.ts';
import type { Advisory, AdvisoryFlag, AffectedCpe, CpeMatch, FeedRecord, Reference, Severity, SeverityRating } from '../../src/vulns/index.ts';
import type { RawRecord } from '../feed-adapter.ts';
import { parseWith } from '../json-input.ts';
import { nvdCveSchema, type NvdCve, type NvdMetric } from './nvd-cve.schema.ts';

const NVD_SOURCE = 'nvd@nist.gov';
const RATINGS: ReadonlySet<string> = new Set<SeverityRating>(['critical', 'high', 'medium', 'low', 'none']);

/**
 * NVD writes timestamps without a zone (`2023-11-10T08:41:24.983`); they are UTC. Returns the
 * instant as ISO-8601 with `Z`, or undefined when it is not a date at all.
 */
export function nvdTimestamp(text: string): string | undefined {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function rating(text: string | undefined): SeverityRating | undefined {
  const r = text?.toLowerCase();
  return r !== undefined && RATINGS.has(r) ? (r as SeverityRating) : undefined;
}

function severity(type: Severity['type'], m: NvdMetric): Severity {
  const s: Severity = {
    source: m.source === NVD_SOURCE ? 'nvd' : `cna:${m.source}`,
    type,
    version: m.cvssData.version,
    vector: m.cvssData.vectorString,
    score: m.cvssData.baseScore,
    role: m.type === 'Primary' ? 'primary' : 'secondary',
  };
  const r = rating(m.cvssData.baseSeverity ?? m.baseSeverity);
  if (r) s.rating = r;
  return s;
}

function severities(metrics: NvdCve['metrics']): Severity[] {
  return [
    ...metrics.cvssMetricV40.map((m) => severity('CVSS_V4', m)),
    ...metrics.cvssMetricV31.map((m) => severity('CVSS_V3', m)),
    ...metrics.cvssMetricV30.map((m) => severity('CVSS_V3', m)),
    ...metrics.cvssMetricV2.map((m) => severity('CVSS_V2', m)),
  ];
}

/** `NVD-CWE-Other` and `NVD-CWE-noinfo` say "no specific CWE": not kept. */
function cwes(weaknesses: NvdCve['weaknesses']): string[] {
  const ids = weaknesses.flatMap((w) => w.description.map((d) => d.value)).filter((v) => /^CWE-\d+$/.test(v));
  return [...new Set(ids)];
}

function references(refs: NvdCve['references']): Reference[] {
  const seen = new Set<string>();
  const out: Reference[] = [];
  for (const r of refs) {
    if (seen.has(r.url)) continue;
    seen.add(r.url);
    out.push(r.tags.length > 0 ? { url: r.url, type: r.tags.join(',') } : { url: r.url });
  }
  return out;
}

function affected(configurations: NvdCve['configurations']): AffectedCpe[] {
  return configurations.map((c) => ({
    kind: 'cpe',
    status: 'affected',
    configuration: {
      operator: c.operator,
      negate: c.negate,
      nodes: c.nodes.map((n) => ({
        operator: n.operator,
        negate: n.negate,
        // Drops `matchCriteriaId`: an NVD-internal key that matching does not need.
        cpeMatch: n.cpeMatch.map(({ vulnerable, criteria, ...bounds }): CpeMatch => ({ vulnerable, criteria, ...bounds })),
      })),
    },
  }));
}

function flags(cve: NvdCve): AdvisoryFlag[] {
  const out: AdvisoryFlag[] = [];
  if (cve.vulnStatus === 'Rejected') out.push('rejected');
  if (cve.cveTags.some((t) => t.tags.includes('disputed'))) out.push('disputed');
  return out;
}

/**
 * One NVD `cve` object to an advisory. Only English text is kept: the model's languages are
 * English and Japanese, and NVD's Spanish descriptions are machine translations of the English.
 */
export function normalizeNvdCve(raw: RawRecord): Result<FeedRecord[]> {
  const parsed = parseWith(nvdCveSchema, raw.data, 'NVD_INVALID_CVE');
  if (!parsed.ok) return parsed;
  const cve = parsed.value;
  const modified = nvdTimestamp(cve.lastModified);
  if (!modified) return err('NVD_INVALID_CVE', `lastModified is not a date: ${cve.lastModified}`, '/lastModified');
  const published = nvdTimestamp(cve.published);
  if (!published) return err('NVD_INVALID_CVE', `published is not a date: ${cve.published}`, '/published');
  const advisory: Advisory = {
    source: 'nvd',
    sourceId: cve.id,
    cves: [cve.id],
    aliases: [],
    related: [],
    flags: flags(cve),
    published,
    modified,
    titles: [],
    descriptions: cve.descriptions.filter((d) => d.lang === 'en').map((d) => ({ lang: 'en', text: d.value })),
    severities: severities(cve.metrics),
    cwes: cwes(cve.weaknesses),
    references: references(cve.references),
    affected: affected(cve.configurations),
    remediations: [],
  };
  return ok([{ kind: 'advisory', advisory }]);
}
