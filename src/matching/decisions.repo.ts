/**
 * Decisions that carry over: stored per vulnerability with their scope (a product's versions, or
 * every product), applied to every finding they cover, versions uploaded later included. Active
 * `not_affected` decisions hide the findings they cover (`findings.suppressed`); the cases domain
 * reads the coverage of a product's findings to put its case in the decided state. Each change
 * writes its `decision.*` event in the same transaction.
 */
import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { decisions, products, type Db, type DecisionScope, type DecisionStatus } from '../db/index.ts';
import { appendEvents, type NewEvent } from '../events/index.ts';
import { decisionCovers, selectorCovers } from './decision-scope.ts';
import { rowsOf } from './sql-fragments.ts';

export type DecisionRow = typeof decisions.$inferSelect;
export type NewDecision = typeof decisions.$inferInsert;

const tx = <T>(db: Db, fn: (t: Db) => Promise<T>): Promise<T> => db.transaction((t) => fn(t as unknown as Db));

/** A decision is in force at `now` (SQL over `d`). */
const activeSql = (now: Date): SQL => sql`d.revoked_at is null and (d.expires_at is null or d.expires_at > ${now})`;

/**
 * Marks findings in scope hidden by an active `not_affected` decision covering them (product or
 * every product, version covered, component matching when the decision names one; the newest
 * wins) and unhides the rest.
 */
export async function applyDecisionFlags(db: Db, inScope: SQL, now: Date): Promise<void> {
  const covered = JSON.stringify(await rangeCoveredVersions(db, now));
  await db.execute(sql`
    update findings f set suppressed = (d.id is not null), suppression_id = d.id
    from findings f2
    join product_versions pv on pv.id = f2.product_version_id
    join package_versions pkv on pkv.id = f2.package_version_id
    left join lateral (
      select d.id from decisions d
      where (d.product_id = pv.product_id or d.scope = 'all-products') and d.status = 'not_affected' and ${activeSql(now)}
        and (d.vulnerability_id = f2.vulnerability_id
             or exists (select 1 from vulnerability_aliases va where va.vulnerability_id = f2.vulnerability_id and va.alias = d.vulnerability_id))
        and (d.versions = '*'
             or (d.versions not like 'vers:%' and pv.version = any(string_to_array(d.versions, '|')))
             or (d.versions like 'vers:%' and d.id::text || '/' || pv.id::text in (select jsonb_array_elements_text(${covered}::jsonb))))
        and (d.component_purl is null or d.component_purl = pkv.purl_base)
      order by d.created_at desc limit 1
    ) d on true
    where f.id = f2.id and ${inScope}
      and (f2.suppressed or exists (select 1 from decisions dx where dx.status = 'not_affected' and (dx.product_id = pv.product_id or dx.product_id is null)))
      and (f.suppressed is distinct from (d.id is not null) or f.suppression_id is distinct from d.id)`);
}

/**
 * `decision/product version` pairs of active `vers:` range decisions and the product versions
 * (current and archived alike, so later uploads are covered) their range contains.
 */
async function rangeCoveredVersions(db: Db, now: Date): Promise<string[]> {
  const rows = rowsOf<{ did: string; pvid: string; version: string; range: string }>(
    await db.execute(sql`select d.id::text as did, pv.id::text as pvid, pv.version, d.versions as range
      from decisions d join product_versions pv on pv.product_id = d.product_id
      where ${activeSql(now)} and d.versions like 'vers:%'`),
  );
  return rows.filter((r) => selectorCovers(r.range, r.version)).map((r) => `${r.did}/${r.pvid}`);
}

/** The findings a decision may touch: its vulnerability under any alias, in its product or every product. */
const findingsOfDecision = (d: Pick<DecisionRow, 'vulnerabilityId' | 'productId'>): SQL => sql`(f.vulnerability_id = ${d.vulnerabilityId}
    or f.vulnerability_id in (select vulnerability_id from vulnerability_aliases where alias = ${d.vulnerabilityId}))
  ${d.productId ? sql`and f.product_version_id in (select id from product_versions where product_id = ${d.productId})` : sql``}`;

/** The vulnerability ids a decision's id stands for: itself, or what it is an alias of. */
async function canonicalIds(db: Db, id: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select id from vulnerabilities where id = ${id} union select vulnerability_id from vulnerability_aliases where alias = ${id}`),
  );
  return rows.length > 0 ? rows.map((r) => r.id) : [id];
}

/** The events of a decision change: one per vulnerability id it stands for, scoped as its product. */
async function decisionEvents(db: Db, type: 'decision.made' | 'decision.revoked' | 'decision.expired', d: DecisionRow): Promise<NewEvent[]> {
  return (await canonicalIds(db, d.vulnerabilityId)).map((vulnerabilityId) => ({
    type,
    teamId: d.teamId,
    productId: d.productId,
    vulnerabilityId,
    caseId: d.caseId,
    data: { decisionId: d.id, status: d.status, scope: d.scope },
  }));
}

/** Records decisions, hides what they cover and reports them (`decision.made`), in one transaction. */
export async function recordDecisions(db: Db, rows: NewDecision[], now: Date): Promise<DecisionRow[]> {
  if (rows.length === 0) return [];
  return tx(db, async (t) => {
    const made = await t.insert(decisions).values(rows).returning();
    for (const d of made) {
      await applyDecisionFlags(t, findingsOfDecision(d), now);
      await appendEvents(t, now, await decisionEvents(t, 'decision.made', d));
    }
    return made;
  });
}

/** Revokes an active decision (of that product, when given), shows what it hid again and reports it; undefined when there is none. */
export async function revokeDecision(db: Db, id: string, by: string, now: Date, productId?: string): Promise<DecisionRow | undefined> {
  return tx(db, async (t) => {
    const [d] = await t
      .update(decisions)
      .set({ revokedAt: now, revokedBy: by })
      .where(and(eq(decisions.id, id), isNull(decisions.revokedAt), productId ? eq(decisions.productId, productId) : undefined))
      .returning();
    if (!d) return undefined;
    await applyDecisionFlags(t, findingsOfDecision(d), now);
    await appendEvents(t, now, await decisionEvents(t, 'decision.revoked', d));
    return d;
  });
}

/** Marks the decisions past their expiry as expired, shows what they hid again and reports each (`decision.expired`). */
export async function expireDecisions(db: Db, now: Date): Promise<DecisionRow[]> {
  return tx(db, async (t) => {
    const expired = await t
      .update(decisions)
      .set({ expiredAt: now })
      .where(and(isNull(decisions.revokedAt), isNull(decisions.expiredAt), sql`${decisions.expiresAt} <= ${now}`))
      .returning();
    for (const d of expired) {
      await applyDecisionFlags(t, findingsOfDecision(d), now);
      await appendEvents(t, now, await decisionEvents(t, 'decision.expired', d));
    }
    return expired;
  });
}

export async function decisionById(db: Db, id: string): Promise<DecisionRow | undefined> {
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
  return row;
}

export interface DecisionFilter {
  /** The caller's team scope: null sees every team; a team sees its products' decisions and those on every product. */
  teamScope: string | null;
  /** Product name. */
  product?: string | undefined;
  /** The id or any alias. */
  vulnerability?: string | undefined;
  status?: DecisionStatus | undefined;
  scope?: DecisionScope | undefined;
  /** In force (true), revoked or expired (false); both when undefined. */
  active?: boolean | undefined;
}

/** Decisions by the filter, newest first, paged; with the name of their product. */
export async function listDecisions(
  db: Db,
  f: DecisionFilter,
  now: Date,
  limit: number,
  offset: number,
): Promise<{ items: (DecisionRow & { product: string | null })[]; total: number }> {
  const where: SQL[] = [];
  if (f.teamScope !== null) where.push(or(isNull(decisions.teamId), eq(decisions.teamId, f.teamScope))!);
  if (f.product) where.push(eq(products.name, f.product));
  if (f.vulnerability)
    where.push(
      sql`(${decisions.vulnerabilityId} = ${f.vulnerability} or ${decisions.vulnerabilityId} in (select alias from vulnerability_aliases where vulnerability_id = ${f.vulnerability}))`,
    );
  if (f.status) where.push(eq(decisions.status, f.status));
  if (f.scope) where.push(eq(decisions.scope, f.scope));
  const active = sql`(${decisions.revokedAt} is null and (${decisions.expiresAt} is null or ${decisions.expiresAt} > ${now}))`;
  if (f.active !== undefined) where.push(f.active ? active : sql`not ${active}`);
  const cond = where.length > 0 ? and(...where) : undefined;
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(decisions)
    .leftJoin(products, eq(products.id, decisions.productId))
    .where(cond);
  const rows = await db
    .select({ d: decisions, product: products.name })
    .from(decisions)
    .leftJoin(products, eq(products.id, decisions.productId))
    .where(cond)
    .orderBy(desc(decisions.createdAt), desc(decisions.id))
    .limit(limit)
    .offset(offset);
  return { items: rows.map((r) => ({ ...r.d, product: r.product })), total: Number(count?.n ?? 0) };
}

/** Open findings of the product's versions hidden by a decision: what the VEX import reports. */
export async function countSuppressed(db: Db, productId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from findings f join product_versions pv on pv.id = f.product_version_id
      where pv.product_id = ${productId} and f.suppressed and f.state = 'open'`),
  );
  return row?.n ?? 0;
}

/** How a product's open findings on a vulnerability stand under the decisions in force. */
export interface DecisionCoverage {
  /** Open findings, hidden or not. */
  open: number;
  /**
   * The decision the case takes its state from when every open finding is covered: the newest
   * `not_affected` one when they all are `not_affected`, else the newest `risk_accepted` one.
   * Null when some open finding is not covered.
   */
  decision: DecisionRow | null;
}

/** Reads the open findings of (product, vulnerability) and the decisions that may cover them, and matches them with `decisionCovers`. */
export async function decisionCoverage(db: Db, productId: string, vulnerabilityId: string, now: Date): Promise<DecisionCoverage> {
  const found = rowsOf<{ version: string; purl_base: string | null; ids: string[] }>(
    await db.execute(sql`select pv.version, pkv.purl_base,
        array(select ${vulnerabilityId} union select alias from vulnerability_aliases where vulnerability_id = ${vulnerabilityId}) as ids
      from findings f join product_versions pv on pv.id = f.product_version_id join package_versions pkv on pkv.id = f.package_version_id
      where pv.product_id = ${productId} and f.vulnerability_id = ${vulnerabilityId} and f.state = 'open'`),
  );
  if (found.length === 0) return { open: 0, decision: null };
  const ids = found[0]!.ids;
  const candidates = await db
    .select()
    .from(decisions)
    .where(
      and(
        or(eq(decisions.productId, productId), eq(decisions.scope, 'all-products')),
        isNull(decisions.revokedAt),
        sql`${decisions.vulnerabilityId} in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(desc(decisions.createdAt));
  const covering = found.map((f) => {
    const target = { vulnerabilityIds: ids, productId, version: f.version, purlBase: f.purl_base };
    return candidates.filter((d) => decisionCovers(d, target, now));
  });
  if (covering.some((c) => c.length === 0)) return { open: found.length, decision: null };
  const allNotAffected = covering.every((c) => c.some((d) => d.status === 'not_affected'));
  const wanted = allNotAffected ? 'not_affected' : 'risk_accepted';
  const decision = candidates.find((d) => d.status === wanted && covering.some((c) => c.includes(d))) ?? null;
  return { open: found.length, decision };
}
