import { and, desc, eq, sql } from 'drizzle-orm';
import { feedQuarantine, feedState, type Db } from '../../src/db/index.ts';

export interface QuarantineEntry {
  source: string;
  recordId: string | null;
  location: string;
  reason: string;
  excerpt: string | null;
}

/**
 * Takes the source's lease when it is free, expired or already ours. Expiry is judged by the
 * database clock so workers on different hosts agree.
 */
export async function acquireLease(db: Db, source: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db
    .insert(feedState)
    .values({ source, leaseHolder: holder, leaseExpiresAt: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .onConflictDoUpdate({
      target: feedState.source,
      set: { leaseHolder: holder, leaseExpiresAt: sql`now() + ${ttlMs} * interval '1 millisecond'` },
      setWhere: sql`${feedState.leaseHolder} is null or ${feedState.leaseExpiresAt} < now() or ${feedState.leaseHolder} = ${holder}`,
    })
    .returning({ source: feedState.source });
  return rows.length > 0;
}

/** Extends the lease; false when it was lost (expired and taken by another worker). */
export async function renewLease(db: Db, source: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db
    .update(feedState)
    .set({ leaseExpiresAt: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .where(and(eq(feedState.source, source), eq(feedState.leaseHolder, holder)))
    .returning({ source: feedState.source });
  return rows.length > 0;
}

export async function releaseLease(db: Db, source: string, holder: string): Promise<void> {
  await db
    .update(feedState)
    .set({ leaseHolder: null, leaseExpiresAt: null })
    .where(and(eq(feedState.source, source), eq(feedState.leaseHolder, holder)));
}

export async function readCheckpoint(db: Db, source: string): Promise<string | null> {
  const [row] = await db.select({ checkpoint: feedState.checkpoint }).from(feedState).where(eq(feedState.source, source));
  return row?.checkpoint ?? null;
}

/**
 * Records a stored batch: its counts and, for network syncs, its checkpoint. Runs in the
 * batch's transaction and only for the lease holder, so a worker that lost its lease cannot
 * move the checkpoint of the one that took over.
 */
export async function recordBatch(
  db: Db,
  source: string,
  holder: string,
  counts: { stored: number; quarantined: number },
  checkpoint: string | undefined,
): Promise<void> {
  const rows = await db
    .update(feedState)
    .set({
      recordsIngested: sql`${feedState.recordsIngested} + ${counts.stored}`,
      quarantined: sql`${feedState.quarantined} + ${counts.quarantined}`,
      ...(checkpoint === undefined ? {} : { checkpoint }),
    })
    .where(and(eq(feedState.source, source), eq(feedState.leaseHolder, holder)))
    .returning({ source: feedState.source });
  if (rows.length === 0) throw new Error(`lease on feed ${source} lost; batch not committed`);
}

export async function quarantine(db: Db, entries: QuarantineEntry[], at: Date): Promise<void> {
  if (entries.length > 0) await db.insert(feedQuarantine).values(entries.map((e) => ({ ...e, at })));
}

/** The last error stays after a later success, with its time, so status shows what went wrong and whether it recovered. */
export async function recordOutcome(db: Db, source: string, at: Date, error: string | null): Promise<void> {
  const outcome = error === null ? { lastAttemptAt: at, lastSuccessAt: at } : { lastAttemptAt: at, lastError: error, lastErrorAt: at };
  await db
    .insert(feedState)
    .values({ source, ...outcome })
    .onConflictDoUpdate({ target: feedState.source, set: outcome });
}

export type FeedStateRow = typeof feedState.$inferSelect;

export async function allFeedStates(db: Db): Promise<FeedStateRow[]> {
  return db.select().from(feedState);
}

/** Which quarantined records to list. */
export interface QuarantineFilter {
  source?: string | undefined;
  /** At most this many, newest first. */
  limit: number;
}

export interface QuarantinedRecord extends QuarantineEntry {
  at: string;
}

export async function listQuarantine(db: Db, filter: QuarantineFilter): Promise<QuarantinedRecord[]> {
  const rows = await db
    .select({
      source: feedQuarantine.source,
      recordId: feedQuarantine.recordId,
      location: feedQuarantine.location,
      reason: feedQuarantine.reason,
      excerpt: feedQuarantine.excerpt,
      at: feedQuarantine.at,
    })
    .from(feedQuarantine)
    .where(filter.source === undefined ? undefined : eq(feedQuarantine.source, filter.source))
    .orderBy(desc(feedQuarantine.at), desc(feedQuarantine.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
