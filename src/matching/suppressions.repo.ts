/**
 * VEX statements as suppressions: stored per product, applied to the findings of the product
 * versions they cover (by version, `vers:` range or every version), revoked without deleting.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { suppressions, type Db } from '../db/index.ts';
import { rowsOf } from './sql-fragments.ts';
import { selectorCovers } from './vex-versions.ts';

/**
 * Marks findings in scope hidden by an active `not_affected` statement of their product (version
 * covered, component matching when the statement names one) and unhides the rest.
 */
export async function applySuppressions(db: Db, inScope: SQL): Promise<void> {
  const covered = JSON.stringify(await rangeCoveredVersions(db));
  await db.execute(sql`
    update findings f set suppressed = (s.id is not null), suppression_id = s.id
    from findings f2
    join product_versions pv on pv.id = f2.product_version_id
    join package_versions pkv on pkv.id = f2.package_version_id
    left join lateral (
      select s.id from suppressions s
      where s.product_id = pv.product_id and s.revoked_at is null
        and (s.vulnerability_id = f2.vulnerability_id
             or exists (select 1 from vulnerability_aliases va where va.vulnerability_id = f2.vulnerability_id and va.alias = s.vulnerability_id))
        and (s.version_range = '*'
             or (s.version_range not like 'vers:%' and pv.version = any(string_to_array(s.version_range, '|')))
             or (s.version_range like 'vers:%' and s.id::text || '/' || pv.id::text in (select jsonb_array_elements_text(${covered}::jsonb))))
        and (s.component_purl is null or s.component_purl = pkv.purl_base)
      order by s.created_at desc limit 1
    ) s on true
    where f.id = f2.id and ${inScope}
      and (f2.suppressed or exists (select 1 from suppressions sx where sx.product_id = pv.product_id))
      and (f.suppressed is distinct from (s.id is not null) or f.suppression_id is distinct from s.id)`);
}

/**
 * `suppression/product version` pairs of active `vers:` range suppressions and the product
 * versions (current and archived alike, so later uploads are covered) their range contains.
 */
async function rangeCoveredVersions(db: Db): Promise<string[]> {
  const rows = rowsOf<{ sid: string; pvid: string; version: string; range: string }>(
    await db.execute(sql`select s.id::text as sid, pv.id::text as pvid, pv.version, s.version_range as range
      from suppressions s join product_versions pv on pv.product_id = s.product_id
      where s.revoked_at is null and s.version_range like 'vers:%'`),
  );
  return rows.filter((r) => selectorCovers(r.range, r.version)).map((r) => `${r.sid}/${r.pvid}`);
}

/** Re-applies suppressions to the findings of a product's versions, after its statements changed. */
export async function applyProductSuppressions(db: Db, productId: string): Promise<void> {
  await applySuppressions(db, sql`f.product_version_id in (select id from product_versions where product_id = ${productId})`);
}

export type SuppressionInput = typeof suppressions.$inferInsert;

export async function insertSuppressions(db: Db, rows: SuppressionInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  return (await db.insert(suppressions).values(rows).returning({ id: suppressions.id })).map((r) => r.id);
}

/** Revokes a suppression of the product; false when there is no such active suppression. */
export async function revokeSuppression(db: Db, productId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(suppressions)
    .set({ revokedAt: now })
    .where(and(eq(suppressions.id, id), eq(suppressions.productId, productId), isNull(suppressions.revokedAt)))
    .returning({ id: suppressions.id });
  return rows.length > 0;
}

/** Open findings of the product's versions hidden by a suppression: what the VEX import reports. */
export async function countSuppressed(db: Db, productId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from findings f join product_versions pv on pv.id = f.product_version_id
      where pv.product_id = ${productId} and f.suppressed and f.state = 'open'`),
  );
  return row?.n ?? 0;
}
