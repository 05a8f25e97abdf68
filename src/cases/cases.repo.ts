/** Case rows, their audit trail and the product facts a case needs. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { embargoVisibleSql, type Principal } from '../access/index.ts';
import { caseAudit, cases, manualVulnerabilities, products, queryRows, vulnerabilities, vulnerabilityAliases, type Db } from '../db/index.ts';
import { openFindingCounts } from '../matching/index.ts';
import { knownExploitedSql, vulnerabilityFacts } from '../vulns/index.ts';

export type CaseRow = typeof cases.$inferSelect;
export type NewCase = typeof cases.$inferInsert;

export async function caseForUpdate(db: Db, vulnerabilityId: string, productId: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.vulnerabilityId, vulnerabilityId), eq(cases.productId, productId)))
    .for('update');
  return row;
}

export async function caseByIdForUpdate(db: Db, id: number): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).for('update');
  return row;
}

export async function insertCase(db: Db, row: NewCase): Promise<CaseRow> {
  const [created] = await db.insert(cases).values(row).returning();
  return created!;
}

/** Writes a change and bumps the revision. */
export async function updateCase(db: Db, id: number, patch: Partial<NewCase>): Promise<CaseRow> {
  const [row] = await db
    .update(cases)
    .set({ ...patch, revision: sql`${cases.revision} + 1` })
    .where(eq(cases.id, id))
    .returning();
  return row!;
}

export async function appendAudit(db: Db, caseId: number, at: Date, actor: string, action: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.insert(caseAudit).values({ caseId, at, actor, action, details });
}

export async function auditOf(db: Db, caseId: number): Promise<(typeof caseAudit.$inferSelect)[]> {
  return db.select().from(caseAudit).where(eq(caseAudit.caseId, caseId)).orderBy(asc(caseAudit.id));
}

export async function productById(db: Db, id: string): Promise<{ id: string; name: string; teamId: string } | undefined> {
  const [row] = await db.select({ id: products.id, name: products.name, teamId: products.teamId }).from(products).where(eq(products.id, id));
  return row;
}

export async function productByName(db: Db, name: string): Promise<{ id: string; name: string; teamId: string } | undefined> {
  const [row] = await db.select({ id: products.id, name: products.name, teamId: products.teamId }).from(products).where(eq(products.name, name));
  return row;
}

/** Cases whose state keeps SLA clocks or decisions running, for the sweep and re-prioritising. */
export async function activeCases(db: Db, vulnerabilityIds?: string[]): Promise<CaseRow[]> {
  const where: SQL[] = [inArray(cases.state, ['new', 'triage', 'affected', 'fix_planned', 'risk_accepted'])];
  if (vulnerabilityIds) where.push(inArray(cases.vulnerabilityId, vulnerabilityIds.length > 0 ? vulnerabilityIds : ['']));
  return db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(asc(cases.id));
}

/** The cases of a vulnerability, in one product or in every product (null). */
export async function casesOf(db: Db, vulnerabilityId: string, productId: string | null): Promise<CaseRow[]> {
  return db
    .select()
    .from(cases)
    .where(and(eq(cases.vulnerabilityId, vulnerabilityId), productId ? eq(cases.productId, productId) : undefined))
    .orderBy(asc(cases.id));
}

/** Moves the cases of an absorbed vulnerability to its new id; where the product has a case under both, the older one stays. */
export async function rekeyCases(db: Db, from: string, into: string): Promise<number[]> {
  const moved = await queryRows<{ id: string | number }>(
    db,
    sql`update cases c set vulnerability_id = ${into}, revision = revision + 1
      where c.vulnerability_id = ${from} and not exists (select 1 from cases d where d.vulnerability_id = ${into} and d.product_id = c.product_id)
      returning c.id`,
  );
  return moved.map((r) => Number(r.id));
}

export interface CaseFilter {
  teamId?: string | null;
  /** The caller's team scope: null sees every team. */
  scope: string | null;
  /** The caller, for the embargo rule. */
  viewer: Principal;
  product?: string;
  priority?: string;
  state?: string;
  sla?: string;
  embargoed?: boolean;
  kev?: boolean;
  /** Open states only (new, triage, affected, fix_planned) unless a state is given. */
  openOnly?: boolean;
}

export interface CaseListRow extends CaseRow {
  product: string;
  aliases: string[];
  severity: string | null;
  kev: boolean;
  findings: number;
  /** The case's vulnerability is under embargo (entered by hand before it is public). */
  vulnerabilityEmbargoed: boolean;
}

/** Cases by the filter, the most urgent due date first, paged. */
export async function listCases(db: Db, f: CaseFilter, limit: number, offset: number): Promise<{ items: CaseListRow[]; total: number }> {
  const where: SQL[] = [embargoVisibleSql(f.viewer, { vulnerabilityId: sql`c.vulnerability_id`, productId: sql`c.product_id` })];
  if (f.scope !== null) where.push(sql`c.team_id = ${f.scope}`);
  if (f.teamId) where.push(sql`c.team_id = ${f.teamId}`);
  if (f.product) where.push(sql`p.name = ${f.product}`);
  if (f.priority) where.push(sql`c.priority = ${f.priority}`);
  if (f.state) where.push(sql`c.state = ${f.state}`);
  else if (f.openOnly) where.push(sql`c.state in ('new', 'triage', 'affected', 'fix_planned')`);
  if (f.sla) where.push(sql`c.sla_status = ${f.sla}`);
  if (f.embargoed !== undefined) where.push(sql`c.embargoed = ${f.embargoed}`);
  if (f.kev !== undefined) where.push(f.kev ? knownExploitedSql(sql`c.vulnerability_id`) : sql`not ${knownExploitedSql(sql`c.vulnerability_id`)}`);
  const cond = sql.join(where, sql` and `);
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from cases c join products p on p.id = c.product_id where ${cond}`);
  const ids = await queryRows<{ id: string | number }>(
    db,
    sql`select c.id from cases c join products p on p.id = c.product_id where ${cond}
      order by c.next_due_at asc nulls last, c.id limit ${limit} offset ${offset}`,
  );
  const items = await casesWithContext(
    db,
    ids.map((r) => Number(r.id)),
  );
  return { items, total: count?.n ?? 0 };
}

/** Cases with the product name, vulnerability headline and open findings count, in the order of `ids`. */
export async function casesWithContext(db: Db, ids: number[]): Promise<CaseListRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      c: cases,
      product: products.name,
      vulnerabilityEmbargoed: sql<boolean>`exists (select 1 from vulnerabilities v where v.id = ${cases.vulnerabilityId} and v.embargoed)`,
    })
    .from(cases)
    .innerJoin(products, eq(products.id, cases.productId))
    .where(inArray(cases.id, ids));
  const facts = await vulnerabilityFacts(db, [...new Set(rows.map((r) => r.c.vulnerabilityId))]);
  const counts = await openFindingCounts(
    db,
    rows.map((r) => ({ productId: r.c.productId, vulnerabilityId: r.c.vulnerabilityId })),
  );
  const byId = new Map(
    rows.map((r) => {
      const v = facts.get(r.c.vulnerabilityId);
      const row: CaseListRow = {
        ...r.c,
        product: r.product,
        aliases: v?.aliases ?? [],
        severity: v?.severity ?? null,
        kev: v?.kev ?? false,
        findings: counts.get(`${r.c.productId}/${r.c.vulnerabilityId}`) ?? 0,
        vulnerabilityEmbargoed: Boolean(r.vulnerabilityEmbargoed),
      };
      return [r.c.id, row];
    }),
  );
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Whether any record of the store already names `id` (as its id or an alias). */
export async function vulnerabilityKnown(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: vulnerabilityAliases.vulnerabilityId }).from(vulnerabilityAliases).where(eq(vulnerabilityAliases.alias, id)).limit(1);
  return row !== undefined;
}

export type ManualRow = typeof manualVulnerabilities.$inferSelect;

export async function manualOf(db: Db, vulnerabilityId: string): Promise<ManualRow | undefined> {
  const [row] = await db.select().from(manualVulnerabilities).where(eq(manualVulnerabilities.vulnerabilityId, vulnerabilityId));
  return row;
}

export async function insertManual(db: Db, row: ManualRow): Promise<void> {
  await db.insert(manualVulnerabilities).values(row);
}

/** A manual vulnerability absorbed into another id (its CVE arrived from a feed) keeps its settings under the new id. */
export async function rekeyManual(db: Db, from: string, into: string): Promise<void> {
  await db.execute(sql`update manual_vulnerabilities set vulnerability_id = ${into}
    where vulnerability_id = ${from} and not exists (select 1 from manual_vulnerabilities m where m.vulnerability_id = ${into})`);
}

export async function embargoVulnerability(db: Db, id: string): Promise<void> {
  await db.update(vulnerabilities).set({ embargoed: true }).where(eq(vulnerabilities.id, id));
}

/**
 * Ends the embargo of a vulnerability once none of its cases is embargoed any more, and of its
 * manual record so cases opened later are ordinary. Returns whether it ended.
 */
export async function liftVulnerabilityEmbargo(db: Db, id: string): Promise<boolean> {
  const lifted = await queryRows<{ id: string }>(
    db,
    sql`update vulnerabilities v set embargoed = false where v.id = ${id} and v.embargoed
      and not exists (select 1 from cases c where c.vulnerability_id = v.id and c.embargoed) returning v.id`,
  );
  await db.execute(sql`update manual_vulnerabilities m set embargoed = false where m.vulnerability_id = ${id} and m.embargoed
    and not exists (select 1 from cases c where c.vulnerability_id = m.vulnerability_id and c.embargoed)`);
  return lifted.length > 0;
}

/** Manual vulnerabilities under embargo whose disclosure date is reached and that no embargoed case holds. */
export async function manualEmbargoesDue(db: Db, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select m.vulnerability_id as id from manual_vulnerabilities m
      where m.embargoed and (m.coordination->>'disclosureAt')::timestamptz <= ${now}
        and not exists (select 1 from cases c where c.vulnerability_id = m.vulnerability_id and c.embargoed)`,
  );
  return rows.map((r) => r.id);
}

/** Cases the disclosure sweep looks at: under embargo, or coordinated and not yet warned about their disclosure date. */
export async function casesUnderCoordination(db: Db): Promise<CaseRow[]> {
  return db
    .select()
    .from(cases)
    .where(
      sql`${cases.embargoed} or (${cases.coordination} is not null and ${cases.disclosureWarnedAt} is null
        and ${cases.state} not in ('fixed', 'not_affected', 'closed'))`,
    )
    .orderBy(asc(cases.id));
}
