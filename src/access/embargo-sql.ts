/**
 * The embargo condition of the access rule (`canSee` in access-rule.ts) as SQL, for queries
 * that list or page: filtering after the page is read would make totals and pages lie.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.ts';
import { seesAllTeams } from './access-rule.ts';
import type { Principal } from './principal.ts';

/** Columns of the row being filtered: a vulnerability id, and the product it is about when there is one. */
export interface EmbargoTarget {
  vulnerabilityId: SQL;
  productId?: SQL;
}

/**
 * A condition true for rows the caller may see under the embargo rule; add it to the WHERE of
 * any read that names vulnerabilities (cases, findings, events, exposure, metrics labels, exports).
 * Team scoping is not in it: apply `teamScope` as before. A row is hidden when
 * - its vulnerability is embargoed and the caller is neither staff nor a member (not an
 *   uploader token) of a team owning one of its cases;
 * - with `productId`: the case of (product, vulnerability) is embargoed and the caller is
 *   neither staff nor a member of the case's team.
 *
 * @example sql`... where ${teamCondition} and ${embargoVisibleSql(p, { vulnerabilityId: sql`f.vulnerability_id`, productId: sql`pv.product_id` })}`
 */
export function embargoVisibleSql(p: Principal, target: EmbargoTarget): SQL {
  if (seesAllTeams(p)) return sql`true`;
  const member = p.role !== 'uploader' && p.teamId !== null;
  const team = p.teamId ?? '';
  const vulnerability = member
    ? sql`not exists (select 1 from vulnerabilities ev where ev.id = ${target.vulnerabilityId} and ev.embargoed
        and not exists (select 1 from cases eo where eo.vulnerability_id = ev.id and eo.team_id = ${team}))`
    : sql`not exists (select 1 from vulnerabilities ev where ev.id = ${target.vulnerabilityId} and ev.embargoed)`;
  if (target.productId === undefined) return vulnerability;
  const exposure = sql`not exists (select 1 from cases ec where ec.vulnerability_id = ${target.vulnerabilityId}
    and ec.product_id = ${target.productId} and ec.embargoed ${member ? sql`and ec.team_id <> ${team}` : sql``})`;
  return sql`(${vulnerability} and ${exposure})`;
}

/**
 * The embargoed vulnerabilities the caller may not see: for payloads that name vulnerabilities
 * in free data (an event's `data.ids`), where no column can be filtered. Empty for staff.
 */
export async function hiddenVulnerabilityIds(db: Db, p: Principal): Promise<Set<string>> {
  if (seesAllTeams(p)) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select v.id from vulnerabilities v where v.embargoed and not ${embargoVisibleSql(p, { vulnerabilityId: sql`v.id` })}`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Whether the caller may see the vulnerability `id` (and its case on `productId`), for single reads. */
export async function embargoAllows(db: Db, p: Principal, id: string, productId?: string): Promise<boolean> {
  if (seesAllTeams(p)) return true;
  const [row] = await queryRows<{ visible: boolean }>(
    db,
    sql`select ${embargoVisibleSql(p, { vulnerabilityId: sql`${id}::text`, ...(productId ? { productId: sql`${productId}::uuid` } : {}) })} as visible`,
  );
  return Boolean(row?.visible);
}

/**
 * Which of `ids` the caller may not see in `productId` (its case there, or the vulnerability,
 * under an embargo the caller is not entitled to): for documents and answers built from a list of
 * vulnerabilities of one product (VEX, priorities). Empty for staff.
 */
export async function hiddenInProduct(db: Db, p: Principal, productId: string, ids: readonly string[]): Promise<Set<string>> {
  if (seesAllTeams(p) || ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from unnest(${sql.param([...ids])}::text[]) as t(id)
      where not ${embargoVisibleSql(p, { vulnerabilityId: sql`t.id`, productId: sql`${productId}::uuid` })}`,
  );
  return new Set(rows.map((r) => r.id));
}
