/**
 * A vulnerability the PSIRT enters by hand (reported to the vendor directly, or under embargo)
 * as a record of the `manual` source in the unified model: affected packages by purl with a
 * `vers:` range, as CSAF purl helpers give them, or CPE match expressions with the range's bounds,
 * so matching treats it exactly like a feed's advisory.
 */
import { z } from 'zod';
import { fromVers, parsePurl, purlToOsv, toCpe23, versionScheme, versToCpeBounds } from '../ids/index.ts';
import { cvssBaseScore, isVulnerabilityId, type Advisory, type Affected, type Severity } from '../vulns/index.ts';
import { coordinationInput } from './disclosure.ts';

const range = z.string().min(1).max(1000);

/** `POST /cases`: the vulnerability, what it affects, and how it is to be handled. */
export const manualCaseInput = z.strictObject({
  vulnerability: z.strictObject({
    id: z.string().min(3).max(100).refine(isVulnerabilityId, 'letters and digits joined by - _ : . # (CVE-2026-12345, ACME-2026-001)'),
    title: z.string().min(1).max(500),
    description: z.string().min(1).max(20_000).optional(),
    /** A CVSS v3.x or v4.0 vector. */
    cvss: z.string().max(300).optional(),
  }),
  affects: z
    .array(z.union([z.strictObject({ purl: z.string().min(5).max(1000), range }), z.strictObject({ cpe: z.string().min(5).max(1000), range })]))
    .min(1)
    .max(100),
  /** The product it was reported against: its case opens even when no SBOM of it ships the package. */
  product: z.string().min(1).max(200).optional(),
  embargoed: z.boolean(),
  coordination: coordinationInput.optional(),
});
export type ManualCaseInput = z.infer<typeof manualCaseInput>;

export interface FieldProblem {
  path: string;
  message: string;
}

function packageEntry(purl: string, vers: string, path: string): Affected | FieldProblem {
  const parsed = parsePurl(purl);
  if (!parsed.ok) return { path: `${path}.purl`, message: parsed.message };
  if (parsed.value.version !== undefined) return { path: `${path}.purl`, message: 'name the package without a version; the range says which versions' };
  const osv = purlToOsv(purl);
  const ecosystem = osv.ok ? osv.value.ecosystem : parsed.value.type;
  const scheme = versionScheme(ecosystem) ?? versionScheme(parsed.value.type);
  if (!scheme) return { path: `${path}.purl`, message: `no version order is known for ${parsed.value.type} packages` };
  const r = fromVers(vers, scheme);
  if (!r.ok) return { path: `${path}.range`, message: r.message };
  const { namespace, name } = parsed.value;
  return {
    kind: 'package',
    ecosystem,
    name: osv.ok ? osv.value.name : namespace ? `${namespace}/${name}` : name,
    purl,
    ranges: [],
    versions: [],
    vers,
    status: 'affected',
  };
}

function cpeEntry(cpe: string, vers: string, path: string): Affected | FieldProblem {
  const c = toCpe23(cpe);
  if (!c.ok) return { path: `${path}.cpe`, message: c.message };
  if (!/^cpe:2\.3:[^:]+:[^:]+:[^:]+:[*-]:/.test(c.value))
    return { path: `${path}.cpe`, message: 'name the product without a version; the range says which versions' };
  const bounds = versToCpeBounds(vers);
  if (!bounds) return { path: `${path}.range`, message: 'a vers range of >=, >, <, <= or single versions, e.g. vers:generic/>=1.0|<1.4' };
  return {
    kind: 'cpe',
    status: 'affected',
    configuration: {
      operator: 'OR',
      negate: false,
      nodes: [{ operator: 'OR', negate: false, cpeMatch: bounds.map((b) => ({ vulnerable: true, criteria: c.value, ...b })) }],
    },
  };
}

/** The request as an advisory of the `manual` source, or every field that cannot be one. */
export function manualAdvisory(input: ManualCaseInput, now: Date): { ok: true; advisory: Advisory } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const affected: Affected[] = [];
  input.affects.forEach((a, i) => {
    const entry = 'purl' in a ? packageEntry(a.purl, a.range.trim(), `affects.${i}`) : cpeEntry(a.cpe, a.range.trim(), `affects.${i}`);
    if ('path' in entry) problems.push(entry);
    else affected.push(entry);
  });
  const severities: Severity[] = [];
  const { cvss } = input.vulnerability;
  if (cvss !== undefined) {
    const base = cvssBaseScore(cvss);
    if (!base.ok) problems.push({ path: 'vulnerability.cvss', message: base.message });
    else
      severities.push({
        source: 'manual',
        type: base.value.version === '4.0' ? 'CVSS_V4' : base.value.version === '2.0' ? 'CVSS_V2' : 'CVSS_V3',
        version: base.value.version,
        vector: cvss.trim(),
        score: base.value.score,
        rating: base.value.rating,
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  const { id, title, description } = input.vulnerability;
  const isCve = /^CVE-\d{4}-\d{4,}$/.test(id);
  return {
    ok: true,
    advisory: {
      source: 'manual',
      sourceId: id,
      cves: isCve ? [id] : [],
      aliases: [],
      related: [],
      flags: [],
      published: now.toISOString(),
      modified: now.toISOString(),
      titles: [{ lang: 'en', text: title }],
      descriptions: description ? [{ lang: 'en', text: description }] : [],
      severities,
      cwes: [],
      references: [],
      affected,
      remediations: [],
    },
  };
}
