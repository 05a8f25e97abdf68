/** What the VEX and CSAF exports read: open findings with their components and the decisions hiding them, the product's case decisions, vulnerabilities. */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.ts';
import type { HeadlineCvss } from '../vulns/index.ts';
import type { CaseDecision, ExportFinding } from './vex-status.ts';
import type { CaseState } from './workflow.ts';

/** Open findings of one product version, or of one vulnerability across a product's versions. */
export async function exportFindings(db: Db, where: { productVersionId: string } | { productId: string; vulnerabilityId: string }): Promise<ExportFinding[]> {
  const cond: SQL =
    'productVersionId' in where
      ? sql`f.product_version_id = ${where.productVersionId}`
      : sql`pv.product_id = ${where.productId} and f.vulnerability_id = ${where.vulnerabilityId}`;
  const rows = await queryRows<{
    vulnerability_id: string;
    version: string;
    outcome: 'affected' | 'undecidable';
    name: string;
    cversion: string | null;
    purl: string | null;
    cpe: string | null;
    justification: string | null;
    impact: string | null;
    format: string | null;
  }>(
    db,
    sql`select f.vulnerability_id, pv.version, f.outcome, coalesce(c.name, pkv.component_name) as name, coalesce(c.version, pkv.version) as cversion,
        coalesce(c.purl, pkv.purl) as purl, coalesce(c.cpe, pkv.cpe) as cpe, d.justification, d.reason as impact, d.source as format
      from findings f join product_versions pv on pv.id = f.product_version_id join package_versions pkv on pkv.id = f.package_version_id
      left join components c on c.id = f.component_id
      left join decisions d on d.id = f.suppression_id and f.suppressed
      where f.state = 'open' and ${cond}
      order by f.vulnerability_id, pv.version, name`,
  );
  return rows.map((r) => ({
    vulnerabilityId: r.vulnerability_id,
    version: r.version,
    outcome: r.outcome,
    // A component is named in the documents by its purl (the same package shipped twice is one subject of a statement).
    component: { ref: r.purl ?? r.cpe ?? `${r.name}@${r.cversion ?? ''}`, name: r.name, version: r.cversion, purl: r.purl, cpe: r.cpe },
    suppression: r.format !== null ? { justification: r.justification, impact: r.impact, format: r.format } : null,
  }));
}

/** The decisions of the product's cases, by vulnerability. */
export async function caseDecisions(db: Db, productId: string): Promise<Map<string, CaseDecision>> {
  const rows = await queryRows<{
    vulnerability_id: string;
    state: CaseState;
    closed_as: string | null;
    justification: string | null;
    fix_version: string | null;
    until: Date | string | null;
  }>(db, sql`select vulnerability_id, state, closed_as, justification, fix_version, until from cases where product_id = ${productId}`);
  return new Map(
    rows.map((r) => [
      r.vulnerability_id,
      { state: r.state, closedAs: r.closed_as, justification: r.justification, fixVersion: r.fix_version, until: r.until === null ? null : new Date(r.until) },
    ]),
  );
}

export interface VulnerabilityRow {
  id: string;
  aliases: string[];
  sources: string[];
  title: string | null;
  severity: string | null;
  cvss: HeadlineCvss | null;
  cwes: string[];
}

/** The merged columns of vulnerabilities (no source records): what a product version's VEX says of each. */
export async function vulnerabilityRows(db: Db, ids: string[]): Promise<VulnerabilityRow[]> {
  if (ids.length === 0) return [];
  return queryRows<VulnerabilityRow>(
    db,
    sql`select id, aliases, sources, title, severity, cvss, cwes from vulnerabilities where id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
}
