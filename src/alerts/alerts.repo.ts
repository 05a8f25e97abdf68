/** SQL of alerts: subscriptions, the delivery log and what a message needs to be rendered. */
import { and, asc, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alertDeliveries, alertFeedFailures, alertSubscriptions, cases, feedState, products, queryRows, type Db } from '../db/index.ts';

export type SubscriptionRow = typeof alertSubscriptions.$inferSelect;
export type NewSubscription = typeof alertSubscriptions.$inferInsert;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;
export type NewDelivery = typeof alertDeliveries.$inferInsert;

/** `scope` null: every subscription; a team: that team's own. */
export async function listSubscriptions(db: Db, scope: string | null): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(alertSubscriptions)
    .where(scope === null ? undefined : eq(alertSubscriptions.teamId, scope))
    .orderBy(asc(alertSubscriptions.id));
}

export async function subscriptionById(db: Db, id: number): Promise<SubscriptionRow | undefined> {
  return (await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, id)))[0];
}

export async function insertSubscription(db: Db, row: NewSubscription): Promise<SubscriptionRow> {
  return (await db.insert(alertSubscriptions).values(row).returning())[0]!;
}

export async function updateSubscription(db: Db, id: number, patch: Partial<NewSubscription>): Promise<SubscriptionRow> {
  return (await db.update(alertSubscriptions).set(patch).where(eq(alertSubscriptions.id, id)).returning())[0]!;
}

export async function deleteSubscription(db: Db, id: number): Promise<void> {
  await db.delete(alertSubscriptions).where(eq(alertSubscriptions.id, id));
}

/**
 * Makes the policy file's subscriptions those in force: each kept by name (its delivery log
 * with it), new ones added, removed ones disabled (their log stays readable).
 */
export async function syncPolicySubscriptions(db: Db, rows: readonly (NewSubscription & { policyName: string })[]): Promise<void> {
  for (const row of rows) {
    await db
      .insert(alertSubscriptions)
      .values(row)
      .onConflictDoUpdate({ target: alertSubscriptions.policyName, set: { ...row, enabled: true } });
  }
  const names = rows.map((r) => r.policyName);
  await db
    .update(alertSubscriptions)
    .set({ enabled: false })
    .where(
      and(
        sql`${alertSubscriptions.policyName} is not null`,
        names.length > 0
          ? sql`${alertSubscriptions.policyName} not in (${sql.join(
              names.map((n) => sql`${n}`),
              sql`, `,
            )})`
          : undefined,
      ),
    );
}

/** Cases an event batch names, with what the planner filters on. */
export async function casesForPlanning(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { teamId: string; priority: string; product: string; vulnerabilityId: string; embargoed: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: cases.id,
      teamId: cases.teamId,
      priority: cases.priority,
      product: products.name,
      vulnerabilityId: cases.vulnerabilityId,
      embargoed: cases.embargoed,
    })
    .from(cases)
    .innerJoin(products, eq(products.id, cases.productId))
    .where(inArray(cases.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The open cases of a vulnerability newly in KEV: who is exposed to it. */
export async function exposedCases(
  db: Db,
  vulnerabilityIds: readonly string[],
): Promise<{ vulnerabilityId: string; teamId: string; priority: string; product: string }[]> {
  if (vulnerabilityIds.length === 0) return [];
  return db
    .select({ vulnerabilityId: cases.vulnerabilityId, teamId: cases.teamId, priority: cases.priority, product: products.name })
    .from(cases)
    .innerJoin(products, eq(products.id, cases.productId))
    .where(and(inArray(cases.vulnerabilityId, [...vulnerabilityIds]), sql`${cases.state} not in ('closed', 'fixed')`));
}

export async function productNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: products.id, name: products.name })
    .from(products)
    .where(inArray(products.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Inserts planned deliveries; a (event, subscription) pair already planned is skipped. Returns the new rows. */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[]): Promise<{ id: number; batchKey: string | null; dueAt: Date }[]> {
  if (rows.length === 0) return [];
  const out: { id: number; batchKey: string | null; dueAt: Date }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      ...(await db
        .insert(alertDeliveries)
        .values(rows.slice(i, i + 500) as NewDelivery[])
        .onConflictDoNothing()
        .returning({ id: alertDeliveries.id, batchKey: alertDeliveries.batchKey, dueAt: alertDeliveries.dueAt })),
    );
  }
  return out;
}

/**
 * Claims the message a delivery belongs to (the row, or every pending row of its batch) that is
 * due, by moving its due time to `leaseUntil`: a second job for the same message claims nothing,
 * and a worker that dies mid-send leaves it due again once the lease runs out.
 */
export async function claimMessage(db: Db, deliveryId: number, now: Date, leaseUntil: Date): Promise<DeliveryRow[]> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t.select({ batchKey: alertDeliveries.batchKey }).from(alertDeliveries).where(eq(alertDeliveries.id, deliveryId));
    if (!row) return [];
    const which = row.batchKey === null ? eq(alertDeliveries.id, deliveryId) : eq(alertDeliveries.batchKey, row.batchKey);
    const ids = await queryRows<{ id: string | number }>(
      t,
      sql`select id from alert_deliveries where ${which} and status = 'pending' and due_at <= ${now} order by event_seq for update skip locked`,
    );
    if (ids.length === 0) return [];
    return t
      .update(alertDeliveries)
      .set({ dueAt: leaseUntil })
      .where(
        inArray(
          alertDeliveries.id,
          ids.map((r) => Number(r.id)),
        ),
      )
      .returning();
  });
}

/** Rows of the message with an earlier event of the same case still undelivered for the subscription, outside the message. */
export async function blockedByEarlier(db: Db, rows: readonly DeliveryRow[]): Promise<boolean> {
  const withCase = rows.filter((r) => r.caseId !== null);
  if (withCase.length === 0) return false;
  const ids = rows.map((r) => r.id);
  const conditions = withCase.map((r) => sql`(d.case_id = ${r.caseId} and d.event_seq < ${r.eventSeq})`);
  const [hit] = await queryRows<{ id: string | number }>(
    db,
    sql`select d.id from alert_deliveries d where d.subscription_id = ${withCase[0]!.subscriptionId} and d.status = 'pending'
      and d.id not in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )}) and (${sql.join(conditions, sql` or `)}) limit 1`,
  );
  return hit !== undefined;
}

/** Gives claimed rows back, due at `at` (blocked behind an earlier event of their case). */
export async function release(db: Db, ids: readonly number[], at: Date): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({ dueAt: at })
    .where(inArray(alertDeliveries.id, [...ids]));
}

export async function recordSent(db: Db, ids: readonly number[], at: Date): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({ status: 'sent', sentAt: at, updatedAt: at, lastError: null, attempts: sql`${alertDeliveries.attempts} + 1` })
    .where(inArray(alertDeliveries.id, [...ids]));
}

/** Counts a failed attempt: due again at `retryAt`, or dead once the attempts are used up. Returns whether they died. */
export async function recordFailure(db: Db, ids: readonly number[], at: Date, retryAt: Date, error: string): Promise<boolean> {
  const rows = await db
    .update(alertDeliveries)
    .set({
      attempts: sql`${alertDeliveries.attempts} + 1`,
      status: sql`case when ${alertDeliveries.attempts} + 1 >= ${alertDeliveries.deadAfter} then 'dead' else 'pending' end`,
      dueAt: retryAt,
      lastError: error,
      updatedAt: at,
    })
    .where(inArray(alertDeliveries.id, [...ids]))
    .returning({ status: alertDeliveries.status });
  return rows.some((r) => r.status === 'dead');
}

/** Marks rows dead at once (a target refused for good, a subscription gone). */
export async function recordDead(db: Db, ids: readonly number[], at: Date, error: string): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({ status: 'dead', attempts: sql`${alertDeliveries.attempts} + 1`, lastError: error, updatedAt: at })
    .where(inArray(alertDeliveries.id, [...ids]));
}

/** The next undelivered row of each of these cases for the subscription: sent next, in case order. */
export async function nextOfCases(db: Db, subscriptionId: number, caseIds: readonly number[]): Promise<number[]> {
  if (caseIds.length === 0) return [];
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`select distinct on (case_id) id from alert_deliveries
      where subscription_id = ${subscriptionId} and status = 'pending' and case_id in (${sql.join(
        caseIds.map((c) => sql`${c}`),
        sql`, `,
      )}) order by case_id, event_seq`,
  );
  return rows.map((r) => Number(r.id));
}

/** One delivery per message due now (retries, closed digest windows, anything a crash left). */
export async function dueMessages(db: Db, now: Date, limit: number): Promise<{ id: number; key: string }[]> {
  const rows = await queryRows<{ id: string | number; key: string }>(
    db,
    sql`select min(id) as id, coalesce(batch_key, id::text) as key from alert_deliveries
      where status = 'pending' and due_at <= ${now} group by coalesce(batch_key, id::text) order by min(id) limit ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), key: r.key }));
}

export interface MessageRow {
  deliveryId: number;
  eventId: number;
  seq: number;
  type: string;
  at: Date;
  data: Record<string, unknown>;
  caseId: number | null;
  embargoed: boolean;
  priority: string | null;
  team: string | null;
  product: string | null;
  vulnerabilityId: string | null;
  title: string | null;
  severity: string | null;
}

/** What the rows of a message need to be rendered, read now: a case embargoed since it was planned is shown as embargoed. */
export async function messageRows(db: Db, ids: readonly number[]): Promise<MessageRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select d.id as delivery_id, e.id as event_id, e.seq, e.type, e.at, e.data, e.case_id, coalesce(c.embargoed, false) as embargoed,
        c.priority, coalesce(c.team_id, e.team_id) as team, p.name as product, coalesce(c.vulnerability_id, e.vulnerability_id) as vulnerability_id,
        v.title, v.severity
      from alert_deliveries d join events e on e.id = d.event_id
      left join cases c on c.id = e.case_id
      left join products p on p.id = coalesce(c.product_id, e.product_id)
      left join vulnerabilities v on v.id = coalesce(c.vulnerability_id, e.vulnerability_id)
      where d.id in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )}) order by e.seq`,
  );
  return rows.map((r) => ({
    deliveryId: Number(r.delivery_id),
    eventId: Number(r.event_id),
    seq: Number(r.seq),
    type: String(r.type),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    data: r.data as Record<string, unknown>,
    caseId: r.case_id === null ? null : Number(r.case_id),
    embargoed: Boolean(r.embargoed),
    priority: (r.priority as string | null) ?? null,
    team: (r.team as string | null) ?? null,
    product: (r.product as string | null) ?? null,
    vulnerabilityId: (r.vulnerability_id as string | null) ?? null,
    title: (r.title as string | null) ?? null,
    severity: (r.severity as string | null) ?? null,
  }));
}

export interface DeliveryFilter {
  scope: string | null;
  status?: string | undefined;
  event?: string | undefined;
  subscriptionId?: number | undefined;
}

/** The delivery log, newest first, joined with the subscription for its team and channel. */
export async function listDeliveries(
  db: Db,
  f: DeliveryFilter,
  limit: number,
  offset: number,
): Promise<{ items: (DeliveryRow & { teamId: string | null })[]; total: number }> {
  const where: SQL[] = [];
  if (f.scope !== null) where.push(eq(alertSubscriptions.teamId, f.scope));
  if (f.status === 'failed') where.push(and(eq(alertDeliveries.status, 'pending'), sql`${alertDeliveries.attempts} > 0`)!);
  else if (f.status) where.push(eq(alertDeliveries.status, f.status));
  if (f.event) where.push(eq(alertDeliveries.eventType, f.event));
  if (f.subscriptionId !== undefined) where.push(eq(alertDeliveries.subscriptionId, f.subscriptionId));
  const condition = where.length > 0 ? and(...where) : undefined;
  const items = await db
    .select({ d: alertDeliveries, teamId: alertSubscriptions.teamId })
    .from(alertDeliveries)
    .innerJoin(alertSubscriptions, eq(alertSubscriptions.id, alertDeliveries.subscriptionId))
    .where(condition)
    .orderBy(desc(alertDeliveries.id))
    .limit(limit)
    .offset(offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alertDeliveries)
    .innerJoin(alertSubscriptions, eq(alertSubscriptions.id, alertDeliveries.subscriptionId))
    .where(condition);
  return { items: items.map((r) => ({ ...r.d, teamId: r.teamId })), total: Number(count?.n ?? 0) };
}

export async function deliveryById(db: Db, id: number): Promise<(DeliveryRow & { teamId: string | null }) | undefined> {
  const [row] = await db
    .select({ d: alertDeliveries, teamId: alertSubscriptions.teamId })
    .from(alertDeliveries)
    .innerJoin(alertSubscriptions, eq(alertSubscriptions.id, alertDeliveries.subscriptionId))
    .where(eq(alertDeliveries.id, id));
  return row ? { ...row.d, teamId: row.teamId } : undefined;
}

/** Re-drives a dead (or failing) delivery and the rest of its message: due now, with another round of attempts. */
export async function redrive(db: Db, row: DeliveryRow, now: Date, attempts: number): Promise<void> {
  await db
    .update(alertDeliveries)
    .set({ status: 'pending', dueAt: now, updatedAt: now, deadAfter: sql`${alertDeliveries.attempts} + ${attempts}` })
    .where(and(row.batchKey === null ? eq(alertDeliveries.id, row.id) : eq(alertDeliveries.batchKey, row.batchKey), sql`${alertDeliveries.status} <> 'sent'`));
}

/**
 * For the Prometheus counters: per channel, deliveries sent and dead-lettered, and failed
 * attempts (every attempt but a delivery's one success).
 */
export async function deliveryCounts(db: Db): Promise<{ channel: string; sent: number; failed: number; dead: number; pending: number }[]> {
  const rows = await queryRows<{ channel: string; sent: number; failed: number; dead: number; pending: number }>(
    db,
    sql`select channel,
        count(*) filter (where status = 'sent')::int as sent,
        (coalesce(sum(attempts), 0) - count(*) filter (where status = 'sent'))::int as failed,
        count(*) filter (where status = 'dead')::int as dead,
        count(*) filter (where status = 'pending')::int as pending
      from alert_deliveries group by channel order by channel`,
  );
  return rows.map((r) => ({ channel: r.channel, sent: Number(r.sent), failed: Number(r.failed), dead: Number(r.dead), pending: Number(r.pending) }));
}

/** Feed sources whose last success is older than `before` and that failed since. */
export async function failingFeeds(db: Db, before: Date): Promise<{ source: string; since: Date }[]> {
  const rows = await db
    .select({ source: feedState.source, since: feedState.lastSuccessAt })
    .from(feedState)
    .where(and(lte(feedState.lastSuccessAt, before), sql`${feedState.lastErrorAt} > ${feedState.lastSuccessAt}`));
  return rows.map((r) => ({ source: r.source, since: r.since! }));
}

/** Records a failure episode; true when it was not reported yet. */
export async function markFeedFailureReported(db: Db, source: string, since: Date, at: Date): Promise<boolean> {
  const rows = await db
    .insert(alertFeedFailures)
    .values({ source, since, reportedAt: at })
    .onConflictDoNothing()
    .returning({ source: alertFeedFailures.source });
  return rows.length > 0;
}
