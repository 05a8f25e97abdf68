import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { products } from './inventory.schema.ts';
import { teams } from './teams.schema.ts';

/**
 * A case: one vulnerability in one product, across its versions and components; the work item a
 * team triages, with its priority, SLA clocks and coordination state.
 */
export const cases = pgTable(
  'cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vulnerabilityId: text('vulnerability_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id),
    priority: text('priority').notNull(),
    /** The policy rule that gave the priority, for the audit and the reader. */
    priorityRule: text('priority_rule'),
    state: text('state').notNull().default('new'),
    /** What a closed case was closed as, for the JVN vendor status. */
    closedAs: text('closed_as'),
    assignee: text('assignee'),
    justification: text('justification'),
    fixVersion: text('fix_version'),
    /** Target date of a planned fix, or expiry of a risk acceptance. */
    until: timestamp('until', { withTimezone: true }),
    /** The decision (`decisions.id`) whose state the case inherited; null when people decided it on the case alone. */
    decisionId: uuid('decision_id'),
    embargoed: boolean('embargoed').notNull().default(false),
    /** `{coordinator, caseId, notifiedAt, disclosureAt}` (JPCERT/CC guideline 4–6). */
    coordination: jsonb('coordination'),
    /** When the sweep first found the fix not ready three days before the disclosure date (reported once). */
    disclosureWarnedAt: timestamp('disclosure_warned_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** SLA stages completed: `{acknowledge, triage, plan, fix}` → ISO time. */
    slaDone: jsonb('sla_done')
      .notNull()
      .default(sql`'{}'::jsonb`),
    slaPausedMs: bigint('sla_paused_ms', { mode: 'number' }).notNull().default(0),
    slaPausedSince: timestamp('sla_paused_since', { withTimezone: true }),
    /** Kept current by every change and by the SLA sweep, so lists filter and sort in the index. */
    slaStatus: text('sla_status').notNull().default('on-track'),
    /** The earliest due date of a stage not done; null when none is pending. */
    nextDueAt: timestamp('next_due_at', { withTimezone: true }),
    /** Bumped by every change: `ifMatch` on an update refuses a stale one. */
    revision: integer('revision').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cases_vuln_product_uq').on(t.vulnerabilityId, t.productId),
    index('cases_team_due_idx').on(t.teamId, t.state, t.nextDueAt),
    index('cases_product_idx').on(t.productId),
    // The embargo checks of every read ask for the embargoed cases of a vulnerability.
    index('cases_embargoed_idx')
      .on(t.vulnerabilityId)
      .where(sql`${t.embargoed}`),
  ],
);

/** Append-only: every change of a case, who made it, when and why. */
export const caseAudit = pgTable(
  'case_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** A token id, or `system`. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('case_audit_case_idx').on(t.caseId, t.id)],
);

/** Where a consumer of the published outbox stands, moved in the transaction of its work. */
export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
});

/** Every policy that was in force: who set it, when, the text and the difference from the one before. */
export const policyVersions = pgTable('policy_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** A token id, or where it was read from (`file:<path>`, `default`). */
  actor: text('actor').notNull(),
  text: text('text').notNull(),
  /** Unified diff from the version before; the whole text for the first. */
  diff: text('diff').notNull(),
});
