import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.schema.ts';
import { products } from './inventory.schema.ts';
import { apiTokens, teams } from './teams.schema.ts';

/** How far a decision reaches: one product version (or a few), a range of them, the whole product, every product. */
export const DECISION_SCOPES = ['version', 'range', 'product', 'all-products'] as const;
export type DecisionScope = (typeof DECISION_SCOPES)[number];
/** What a decision says about the vulnerability where it applies. */
export const DECISION_STATUSES = ['not_affected', 'risk_accepted'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
/** Where a decision came from: made on a case, or an imported VEX statement. */
export const DECISION_SOURCES = ['case', 'cyclonedx', 'openvex', 'csaf'] as const;

/**
 * Triage decisions that carry over: what a team or the PSIRT decided about a vulnerability,
 * applied to every finding in its scope, versions uploaded later included. `not_affected`
 * hides the findings it covers (`findings.suppressed`); both statuses put the cases they cover
 * in their state. Revoking or expiring keeps the row.
 */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vulnerabilityId: text('vulnerability_id').notNull(),
    scope: text('scope', { enum: DECISION_SCOPES }).notNull(),
    /** Null for `all-products`. */
    productId: uuid('product_id').references(() => products.id, { onDelete: 'cascade' }),
    /** The team that may see and revoke it (its case's team, or the product's); null for `all-products`, which the PSIRT keeps. */
    teamId: text('team_id').references(() => teams.id),
    /** Product versions covered: `*`, a `vers:` range, or exact versions joined by `|`. */
    versions: text('versions').notNull().default('*'),
    /** purl without version of the component it is about; null: any component. */
    componentPurl: text('component_purl'),
    status: text('status', { enum: DECISION_STATUSES }).notNull(),
    /** VEX justification of `not_affected`. */
    justification: text('justification'),
    /** Why: the reason of a risk acceptance, the impact statement of a VEX statement. */
    reason: text('reason'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    source: text('source', { enum: DECISION_SOURCES }).notNull(),
    /** The VEX statement's own reference, when it has one. */
    reference: text('reference'),
    /** The case it was made on. */
    caseId: bigint('case_id', { mode: 'number' }).references(() => cases.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => apiTokens.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => apiTokens.id),
    /** Set by the sweep that found it past `expiresAt`, so its expiry is reported once. */
    expiredAt: timestamp('expired_at', { withTimezone: true }),
  },
  (t) => [index('decisions_product_idx').on(t.productId, t.vulnerabilityId), index('decisions_vuln_idx').on(t.vulnerabilityId)],
);
