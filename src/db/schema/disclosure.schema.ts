import { boolean, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { products } from './inventory.schema.ts';

/**
 * A vulnerability the PSIRT entered by hand (`POST /cases`): what its cases open with when
 * matching finds it in a product. Its record is an advisory of the `manual` source; this row
 * keeps what the advisory model has no place for.
 */
export const manualVulnerabilities = pgTable('manual_vulnerabilities', {
  vulnerabilityId: text('vulnerability_id').primaryKey(),
  /** The product it was reported against directly, opened even when nothing matches. */
  productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
  embargoed: boolean('embargoed').notNull(),
  /** `{coordinator, caseId, notifiedAt, disclosureAt}` given with it, copied to each case it opens. */
  coordination: jsonb('coordination'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
