import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The outbox: one row per change, written in the same transaction as the change itself, so a
 * change that rolls back leaves no event and a committed one is never lost. `id` is the order
 * of insertion; `seq` the order of publication, given by the relay (one at a time) once the
 * row has committed, so readers paging by `seq` never skip an event that committed late.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }),
    /** Dotted: `finding.opened`, `sbom.processed`, `vulnerability.kev-added`, … */
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Scope for reads: the owning team and product; null for portfolio-wide events. */
    teamId: text('team_id'),
    productId: uuid('product_id'),
    productVersionId: uuid('product_version_id'),
    vulnerabilityId: text('vulnerability_id'),
    caseId: bigint('case_id', { mode: 'number' }),
    /** Ids only (finding, upload, package version, reason codes): never names, texts or SBOM content. */
    data: jsonb('data')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    uniqueIndex('events_seq_uq').on(t.seq),
    index('events_unpublished_idx')
      .on(t.id)
      .where(sql`${t.seq} is null`),
    index('events_team_seq_idx').on(t.teamId, t.seq),
  ],
);

/**
 * Work an event hands to an internal consumer (matching after an ingest or a feed batch). A
 * row is created when the event is published and marked done in the transaction of the work
 * itself; rows not done are handed out again at start, so no queued work is lost with the
 * in-process queue either.
 */
export const eventTasks = pgTable(
  'event_tasks',
  {
    consumer: text('consumer').notNull(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.consumer, t.eventId] }),
    index('event_tasks_pending_idx')
      .on(t.eventId)
      .where(sql`${t.doneAt} is null`),
  ],
);
