/**
 * VEX of a product version (CycloneDX, OpenVEX, CSAF VEX) and the CSAF advisory draft of a case,
 * from the findings, the case decisions and the imported VEX statements. CSAF documents are
 * checked against the CSAF 2.0 schema and mandatory tests before they are served: one that fails
 * is a bug in Kanshi, answered as a 500 naming the failed tests rather than handed out.
 */
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { Db } from '../db/index.ts';
import { hiddenInProduct, type Principal } from '../access/index.ts';
import { cvssBaseScore, readVulnerability, type VulnerabilityRecord } from '../vulns/index.ts';
import {
  csafAdvisory,
  csafProblems,
  csafVex,
  cycloneDxVex,
  openVex,
  subjectPurl,
  type Coordination,
  type CsafContext,
  type CsafEntry,
  type CsafPublisher,
  type VexScore,
  type VexSeverity,
  type VexStatement,
  type VexVulnerability,
} from '../vex/index.ts';
import type { CaseRow } from './cases.repo.ts';
import { auditOf } from './cases.repo.ts';
import { caseDecisions, exportFindings, vulnerabilityRows, type VulnerabilityRow } from './exports.repo.ts';
import { versionStatements, type CaseDecision } from './vex-status.ts';
import type { CaseState } from './workflow.ts';

export const VEX_FORMATS = ['cyclonedx', 'openvex', 'csaf'] as const;
export type VexFormat = (typeof VEX_FORMATS)[number];

export interface ExportsDeps {
  db: Db;
  clock: Clock;
  publisher: CsafPublisher;
  /** Kanshi's version, named as the generator of every document. */
  version: string;
}

const SEVERITIES: readonly string[] = ['critical', 'high', 'medium', 'low', 'none'];

/** A CVSS vector scored by the calculator; records whose score disagrees with their vector are not repeated. */
function scored(vector: string): VexScore | null {
  const s = cvssBaseScore(vector);
  return s.ok ? { version: s.value.version, vector, score: s.value.score } : null;
}

function vulnerabilityOfRow(r: VulnerabilityRow): VexVulnerability {
  const headline = r.cvss ? scored(r.cvss.vector) : null;
  return {
    id: r.id,
    aliases: r.aliases.filter((a) => a !== r.id),
    sources: r.sources,
    title: r.title,
    description: null,
    severity: (SEVERITIES.includes(r.severity ?? '') ? r.severity : 'unknown') as VexSeverity,
    scores: headline ? [headline] : [],
    cwes: r.cwes,
    references: [],
  };
}

/** Everything the advisory says of the vulnerability: the headline score first, then one score per other CVSS version (v3 from NVD first). */
function vulnerabilityOfRecord(v: VulnerabilityRecord): VexVulnerability {
  const vectors = [
    ...(v.cvss ? [v.cvss.vector] : []),
    ...v.severities
      .filter((s) => s.vector && (s.type === 'CVSS_V3' || s.type === 'CVSS_V4'))
      .sort((a, b) => Number(b.source === 'nvd') - Number(a.source === 'nvd'))
      .map((s) => s.vector!),
  ];
  const scores = new Map<string, VexScore>();
  for (const vector of vectors) {
    const s = scored(vector);
    if (s && !scores.has(s.version)) scores.set(s.version, s);
  }
  const description = v.descriptions.find((d) => d.lang === 'en') ?? v.descriptions[0];
  return {
    id: v.id,
    aliases: v.aliases.filter((a) => a !== v.id),
    sources: v.sources,
    title: v.title,
    description: description?.text ?? null,
    severity: (v.severity ?? 'unknown') as VexSeverity,
    scores: [...scores.values()],
    cwes: v.cwes,
    references: v.references.map((r) => r.url),
  };
}

/** A vulnerability the store does not hold (a case opened by hand before any feed has it). */
const bare = (id: string): VexVulnerability => ({
  id,
  aliases: [],
  sources: [],
  title: null,
  description: null,
  severity: 'unknown',
  scores: [],
  cwes: [],
  references: [],
});

const VENDOR_STATUS: Record<CaseState, 'open' | 'in_progress' | 'completed'> = {
  new: 'open',
  triage: 'in_progress',
  affected: 'in_progress',
  fix_planned: 'in_progress',
  not_affected: 'completed',
  fixed: 'completed',
  risk_accepted: 'completed',
  closed: 'completed',
};

const date = (v: unknown): Date | null => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function coordinationOf(raw: unknown): Coordination | null {
  if (raw === null || typeof raw !== 'object') return null;
  const c = raw as Record<string, unknown>;
  return { coordinator: text(c.coordinator), caseId: text(c.caseId), notifiedAt: date(c.notifiedAt), disclosureAt: date(c.disclosureAt) };
}

/** The revision history of the advisory: the case's opening and every state change, in order. */
function revisionsOf(audit: Awaited<ReturnType<typeof auditOf>>, openedAt: Date): { date: Date; summary: string }[] {
  const revisions = audit.flatMap((a) => {
    const d = a.details as Record<string, unknown>;
    if (a.action === 'opened') return [{ date: a.at, summary: 'Case opened.' }];
    if (a.action === 'transition') return [{ date: a.at, summary: `State ${String(d.from)} → ${String(d.to)}.` }];
    return [];
  });
  return revisions.length > 0 ? revisions : [{ date: openedAt, summary: 'Case opened.' }];
}

const noStatements = (what: string): AppError =>
  new AppError('NO_STATEMENTS', `${what}: no open finding and no fix decision to state (CSAF and OpenVEX documents need at least one statement)`, 404);

export class ExportsService {
  constructor(private readonly deps: ExportsDeps) {}

  private context(): CsafContext {
    return { publisher: this.deps.publisher, generator: this.deps.version, now: this.deps.clock.now() };
  }

  /**
   * The statements about one product version: its open findings under their case decisions and
   * imported VEX statements, leaving out what an embargo hides from `viewer`.
   */
  async versionStatements(product: { id: string; name: string }, version: { id: string; version: string }, viewer: Principal): Promise<VexStatement[]> {
    const all = await exportFindings(this.deps.db, { productVersionId: version.id });
    const decided = await caseDecisions(this.deps.db, product.id);
    const hidden = await hiddenInProduct(this.deps.db, viewer, product.id, [...new Set([...all.map((f) => f.vulnerabilityId), ...decided.keys()])]);
    const findings = all.filter((f) => !hidden.has(f.vulnerabilityId));
    const decisions = new Map([...decided].filter(([id]) => !hidden.has(id)));
    const ids = [...new Set([...findings.map((f) => f.vulnerabilityId), ...decisions.keys()])];
    const vulnerabilities = new Map((await vulnerabilityRows(this.deps.db, ids)).map((r) => [r.id, vulnerabilityOfRow(r)]));
    return versionStatements(product.name, version.version, findings, decisions, vulnerabilities);
  }

  /** The VEX of a product version in `format`. */
  async versionVex(
    product: { id: string; name: string },
    version: { id: string; version: string },
    format: VexFormat,
    viewer: Principal,
  ): Promise<Record<string, unknown>> {
    const statements = await this.versionStatements(product, version, viewer);
    const ctx = this.context();
    const subject = { name: product.name, version: version.version, purl: null };
    if (format === 'cyclonedx') {
      const bom = cycloneDxVex({
        subject: { ...subject, purl: subjectPurl(subject) },
        author: ctx.publisher.name,
        timestamp: ctx.now,
        statements,
        components: 'embedded',
      });
      return JSON.parse(bom) as Record<string, unknown>;
    }
    if (statements.length === 0) throw noStatements(`${product.name} ${version.version}`);
    if (format === 'openvex') {
      return openVex({ subject, author: ctx.publisher.name, timestamp: ctx.now, statements, components: 'embedded' }, `Kanshi ${this.deps.version}`);
    }
    return checked(csafVex(ctx, subject, statements), `the CSAF VEX of ${product.name} ${version.version}`);
  }

  /** The CSAF 2.0 security advisory draft of a case. */
  async caseAdvisory(c: CaseRow, product: string): Promise<Record<string, unknown>> {
    const record = await readVulnerability(this.deps.db, c.vulnerabilityId);
    const vulnerability = record ? vulnerabilityOfRecord(record) : bare(c.vulnerabilityId);
    const decision: CaseDecision = {
      state: c.state as CaseState,
      closedAs: c.closedAs,
      justification: c.justification,
      fixVersion: c.fixVersion,
      until: c.until,
    };
    const findings = await exportFindings(this.deps.db, { productId: c.productId, vulnerabilityId: c.vulnerabilityId });
    const versions = [...new Set([...findings.map((f) => f.version), ...(c.fixVersion ? [c.fixVersion] : [])])];
    const entries: CsafEntry[] = versions.flatMap((version) =>
      versionStatements(
        product,
        version,
        findings.filter((f) => f.version === version),
        new Map([[c.vulnerabilityId, decision]]),
        new Map([[c.vulnerabilityId, vulnerability]]),
      ).map((statement) => ({ version, purl: null, statement })),
    );
    if (entries.length === 0) throw noStatements(`case ${c.id}`);
    const ctx = this.context();
    const doc = csafAdvisory(ctx, {
      trackingId: `KANSHI-CASE-${c.id}`,
      product,
      vulnerability,
      entries,
      fixVersion: c.fixVersion,
      revisions: revisionsOf(await auditOf(this.deps.db, c.id), c.openedAt),
      coordination: coordinationOf(c.coordination),
      vendorStatus: VENDOR_STATUS[c.state as CaseState],
      embargoed: c.embargoed,
      references: vulnerability.references,
    });
    return checked(doc, `the CSAF advisory of case ${c.id}`);
  }
}

/** The document when it passes the CSAF 2.0 schema and mandatory tests; a 500 naming what failed otherwise. */
async function checked<T>(doc: T, what: string): Promise<T> {
  const problems = await csafProblems(doc);
  if (problems.length === 0) return doc;
  throw new AppError(
    'INVALID_CSAF',
    `${what} fails ${[...new Set(problems.map((p) => p.test))].join(', ')}`,
    500,
    problems.slice(0, 20).map((p) => ({ path: p.path, message: `${p.test}: ${p.message}` })),
  );
}
