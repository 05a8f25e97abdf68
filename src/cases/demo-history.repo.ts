/**
 * What `kanshi start --demo` needs beyond the API to show a few weeks of history: cases opened
 * in the past. Nothing else writes these.
 */
import { and, eq, sql } from 'drizzle-orm';
import { caseAudit, cases, products, type Db } from '../db/index.ts';

/**
 * Moves a freshly opened case (and its audit trail so far) back to `openedAt`, and the findings
 * that opened it with it: a case's findings were there when it opened.
 */
export async function backdateCase(db: Db, caseId: number, openedAt: Date): Promise<void> {
  await db.update(cases).set({ openedAt, updatedAt: openedAt }).where(eq(cases.id, caseId));
  await db.update(caseAudit).set({ at: openedAt }).where(eq(caseAudit.caseId, caseId));
  await db.execute(sql`
    update findings f set first_seen = least(f.first_seen, ${openedAt.toISOString()}::timestamptz)
    from cases c join product_versions pv on pv.product_id = c.product_id
    where c.id = ${caseId} and f.product_version_id = pv.id and f.vulnerability_id = c.vulnerability_id`);
}

/** The case of a product (by name) and vulnerability, if one is open or was. */
export async function caseIdOf(db: Db, product: string, vulnerabilityId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .innerJoin(products, eq(products.id, cases.productId))
    .where(and(eq(products.name, product), eq(cases.vulnerabilityId, vulnerabilityId)));
  return row?.id;
}
