import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { events } from './events.schema.ts';
import { teams } from './teams.schema.ts';

/**
 * Who hears about which events, and how: a team's subscription (its own events only) or the
 * PSIRT's (`team_id` null: every team, and operational events). From the policy file (`policy_name`
 * set, managed by the file) or from the API.
 */
export const alertSubscriptions = pgTable(
  'alert_subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    teamId: text('team_id').references(() => teams.id),
    /** The subscription's name in the policy file; null for one made through the API. */
    policyName: text('policy_name'),
    channel: text('channel').notNull(),
    /** An e-mail address or a URL. Slack and Teams URLs are secrets in themselves and never shown whole. */
    target: text('target').notNull(),
    /** Standard Webhooks signing secret: stored for signing, never returned nor logged. */
    secret: text('secret'),
    events: jsonb('events').$type<string[]>().notNull(),
    minPriority: text('min_priority'),
    /** Product name patterns (`*` wildcard); null for every product. */
    products: jsonb('products').$type<string[] | null>(),
    digest: text('digest').notNull().default('none'),
    locale: text('locale').notNull().default('en'),
    timeZone: text('time_zone').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alert_subscriptions_policy_uq').on(t.policyName), index('alert_subscriptions_team_idx').on(t.teamId)],
);

/**
 * One row per (event, subscription), written by the planner in the transaction that moves its
 * cursor, so every published event is planned exactly once and a rolled-back change has no row.
 * Rows sharing a `batch_key` (a digest window, a burst) are sent as one message.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: bigint('subscription_id', { mode: 'number' })
      .notNull()
      .references(() => alertSubscriptions.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The event's published position: the order of a case's deliveries. */
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    caseId: bigint('case_id', { mode: 'number' }),
    channel: text('channel').notNull(),
    batchKey: text('batch_key'),
    /** `pending` (due at `due_at`), `sent`, `dead`; `pending` with attempts > 0 is a retry. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Dead letter once `attempts` reaches this; a re-drive raises it by another round of attempts. */
    deadAfter: integer('dead_after').notNull(),
    lastError: text('last_error'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alert_deliveries_event_sub_uq').on(t.eventId, t.subscriptionId),
    index('alert_deliveries_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'pending'`),
    index('alert_deliveries_case_idx').on(t.subscriptionId, t.caseId, t.eventSeq),
    index('alert_deliveries_batch_idx').on(t.batchKey),
  ],
);

/** A feed's failure episode already reported, so `feed.failing` is raised once per episode. */
export const alertFeedFailures = pgTable(
  'alert_feed_failures',
  {
    source: text('source').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('alert_feed_failures_uq').on(t.source, t.since)],
);
