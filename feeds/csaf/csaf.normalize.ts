import { err, ok, type Result } from '../../src/core/result.ts';
import type { Advisory, LocalizedText, ProductStatus, Reference, Remediation, Severity, SeverityRating } from '../../src/vulns/index.ts';
import { isVulnerabilityId } from '../../src/vulns/index.ts';
import { isoDate } from '../iso-date.ts';
import { affectedOf } from './affected.ts';
import { asArr, asObj, asStr, resolveProductTree, type ProductTree } from './product-tree.ts';

type Json = Record<string, unknown>;

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const CWE_ID = /^CWE-\d+$/;

const STATUS: Record<string, ProductStatus> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  first_fixed: 'fixed',
  fixed: 'fixed',
  recommended: 'fixed',
  known_not_affected: 'not_affected',
  under_investigation: 'under_investigation',
};

const DESCRIPTION_NOTES = new Set(['description', 'summary', 'details', 'general']);

const strings = (v: unknown): string[] => asArr(v).flatMap((x) => (typeof x === 'string' ? [x] : []));

function localized(text: string, lang: string | undefined): LocalizedText {
  const tag = lang?.toLowerCase();
  if (!tag || tag.startsWith('en')) return { lang: 'en', text };
  if (tag.startsWith('ja')) return { lang: 'ja', text };
  return { lang: 'en', text, originalLang: lang! };
}

/** Product ids an entry (flag, threat, remediation) names directly or through its groups. */
function productIds(entry: Json, tree: ProductTree): string[] {
  const ids = strings(entry.product_ids);
  for (const g of strings(entry.group_ids)) ids.push(...(tree.groups.get(g) ?? []));
  return [...new Set(ids)];
}

function rating(s: unknown): SeverityRating | undefined {
  const r = typeof s === 'string' ? s.toLowerCase() : undefined;
  return r === 'critical' || r === 'high' || r === 'medium' || r === 'low' || r === 'none' ? r : undefined;
}

function cvss(type: Severity['type'], c: Json | undefined, source: string): Severity | undefined {
  if (!c) return undefined;
  const vector = asStr(c.vectorString);
  const score = typeof c.baseScore === 'number' ? c.baseScore : undefined;
  if (!vector && score === undefined) return undefined;
  const r = rating(c.baseSeverity);
  const version = asStr(c.version);
  return {
    source,
    type,
    ...(version ? { version } : {}),
    ...(vector ? { vector } : {}),
    ...(score !== undefined ? { score } : {}),
    ...(r ? { rating: r } : {}),
  };
}

/** CSAF 2.0 `scores[]` and 2.1 `metrics[].content`, one Severity per distinct vector. */
function severities(vuln: Json, source: string): Severity[] {
  const contents = [...asArr(vuln.scores), ...asArr(vuln.metrics).map((m) => asObj(m)?.content)].map(asObj);
  const out = new Map<string, Severity>();
  for (const c of contents) {
    for (const s of [cvss('CVSS_V4', asObj(c?.cvss_v4), source), cvss('CVSS_V3', asObj(c?.cvss_v3), source), cvss('CVSS_V2', asObj(c?.cvss_v2), source)]) {
      if (s) out.set(`${s.type} ${s.vector ?? s.score}`, s);
    }
  }
  return [...out.values()];
}

function references(list: unknown): Reference[] {
  return asArr(list).flatMap((r) => {
    const o = asObj(r);
    const url = asStr(o?.url);
    const type = asStr(o?.category);
    return url ? [{ url, ...(type ? { type } : {}) }] : [];
  });
}

/** Why each not-affected product is not affected: a VEX flag label, else an impact statement. */
function justifications(vuln: Json, tree: ProductTree): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of asArr(vuln.threats).map(asObj)) {
    const details = asStr(t?.details);
    if (t && t.category === 'impact' && details) for (const id of productIds(t, tree)) out.set(id, details);
  }
  for (const f of asArr(vuln.flags).map(asObj)) {
    const label = asStr(f?.label);
    if (f && label) for (const id of productIds(f, tree)) out.set(id, label);
  }
  return out;
}

function vulnerabilityAdvisory(
  doc: Json,
  tree: ProductTree,
  vuln: Json,
  index: number,
  base: Omit<Advisory, 'sourceId' | 'cves' | 'aliases' | 'descriptions' | 'severities' | 'cwes' | 'references' | 'affected' | 'remediations' | 'titles'>,
  docRefs: Reference[],
): Advisory {
  const document = asObj(doc.document) ?? {};
  const lang = asStr(document.lang);
  const trackingId = asStr(asObj(document.tracking)?.id)!;
  const publisher = asStr(asObj(document.publisher)?.name) ?? 'unknown';
  const cve = asStr(vuln.cve);
  const ids = asArr(vuln.ids).flatMap((i) => {
    const text = asStr(asObj(i)?.text);
    return text ? [text] : [];
  });
  const key = cve ?? ids[0] ?? String(index);

  const vulnTitle = asStr(vuln.title);
  const docTitle = asStr(document.title);
  const titles = [...new Set([docTitle, vulnTitle !== cve ? vulnTitle : undefined].filter((t): t is string => !!t))].map((t) => localized(t, lang));

  const notes = asArr(vuln.notes).map(asObj);
  const descriptions = notes.flatMap((n) => {
    const text = asStr(n?.text);
    return text && DESCRIPTION_NOTES.has(asStr(n?.category) ?? '') ? [localized(text, lang)] : [];
  });

  const cwes = [asObj(vuln.cwe), ...asArr(vuln.cwes).map(asObj)].flatMap((c) => {
    const id = asStr(c?.id);
    return id && CWE_ID.test(id) ? [id] : [];
  });

  const why = justifications(vuln, tree);
  const statusOf = asObj(vuln.product_status) ?? {};
  const affected = Object.entries(STATUS).flatMap(([field, status]) =>
    strings(statusOf[field]).map((id) => affectedOf(tree.products.get(id) ?? { id, name: id }, status, status === 'not_affected' ? why.get(id) : undefined)),
  );

  const remediations: Remediation[] = asArr(vuln.remediations).flatMap((r) => {
    const o = asObj(r);
    const category = asStr(o?.category);
    if (!o || !category) return [];
    const url = asStr(o.url);
    return [{ category, details: asStr(o.details) ?? '', ...(url ? { url } : {}), appliesTo: productIds(o, tree) }];
  });

  return {
    ...base,
    sourceId: `${trackingId}#${key}`,
    cves: cve && CVE_ID.test(cve) ? [cve] : [],
    // `ids` are the vendor's names of the vulnerability; the document's own tracking id, bare
    // tracker numbers and URLs among them are references to sources, not aliases.
    aliases: ids.filter((i) => i !== cve && i !== trackingId && isVulnerabilityId(i)),
    related: [...new Set([...base.related, ...ids.filter((i) => i !== cve && (i === trackingId || !isVulnerabilityId(i)))])],
    titles,
    descriptions,
    severities: severities(vuln, `csaf:${publisher}`),
    cwes: [...new Set(cwes)],
    references: [...references(vuln.references), ...docRefs],
    affected,
    remediations,
  };
}

/**
 * A CSAF 2.0 document as one Advisory per `vulnerabilities[]` entry, each carrying the
 * document's products resolved through its product tree. `location` is used in errors.
 */
export function normalizeCsaf(data: unknown, location: string): Result<Advisory[]> {
  const doc = asObj(data);
  const document = asObj(doc?.document);
  if (!doc || !document) return err('CSAF_NOT_A_DOCUMENT', 'no `document` object', location);
  const tracking = asObj(document.tracking);
  const trackingId = asStr(tracking?.id);
  if (!trackingId) return err('CSAF_NO_TRACKING_ID', 'document.tracking.id is missing', `${location}#/document/tracking/id`);
  const modified = isoDate(asStr(tracking?.current_release_date));
  if (!modified)
    return err('CSAF_NO_DATE', 'document.tracking.current_release_date is missing or not a date', `${location}#/document/tracking/current_release_date`);
  const published = isoDate(asStr(tracking?.initial_release_date));

  const vulns = asArr(doc.vulnerabilities);
  const bad = vulns.findIndex((v) => !asObj(v));
  if (bad >= 0) return err('CSAF_BAD_VULNERABILITY', 'a vulnerabilities[] entry is not an object', `${location}#/vulnerabilities/${bad}`);

  const tree = resolveProductTree(doc.product_tree);
  const docRefs = references(document.references);
  const base = {
    source: 'csaf' as const,
    related: [trackingId],
    flags: [],
    ...(published ? { published } : {}),
    modified,
  };
  return ok(vulns.map((v, i) => vulnerabilityAdvisory(doc, tree, v as Json, i, base, docRefs)));
}
