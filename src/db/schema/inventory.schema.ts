import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { apiTokens, teams } from './teams.schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('products_name_uq').on(t.name), index('products_team_idx').on(t.teamId)],
);

export const LIFECYCLES = ['supported', 'end-of-life', 'archived'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const productVersions = pgTable(
  'product_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    /** Archived versions are kept for the record but no longer matched. */
    lifecycle: text('lifecycle', { enum: LIFECYCLES }).notNull().default('supported'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('product_versions_uq').on(t.productId, t.version), index('product_versions_lifecycle_idx').on(t.lifecycle)],
);

export const UPLOAD_STATUSES = ['queued', 'processing', 'processed', 'failed'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** Orders accepted uploads: of two uploads of one part, the one accepted last stays current. */
export const uploadSequence = pgSequence('sbom_upload_seq');

/**
 * One accepted SBOM document. The raw bytes are kept (gzip) for audit and re-processing.
 * A product version's inventory is the union of its parts' current uploads; a newer upload of
 * a part supersedes the older one.
 */
export const sbomUploads = pgTable(
  'sbom_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productVersionId: uuid('product_version_id')
      .notNull()
      .references(() => productVersions.id, { onDelete: 'cascade' }),
    part: text('part').notNull().default('main'),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    rawGzip: bytea('raw_gzip').notNull(),
    validation: text('validation', { enum: ['strict', 'warn'] }).notNull(),
    status: text('status', { enum: UPLOAD_STATUSES }).notNull().default('queued'),
    format: text('format'),
    encoding: text('encoding'),
    specVersion: text('spec_version'),
    componentCount: integer('component_count'),
    error: jsonb('error'),
    warnings: jsonb('warnings')
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The part's current upload has this null; set when a newer upload of the part is processed. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    uploadedBy: uuid('uploaded_by').references(() => apiTokens.id),
    attempts: integer('attempts').notNull().default(0),
    /** When it was accepted, as an order: set again when identical bytes make an old upload current again. */
    acceptedSeq: bigint('accepted_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('sbom_upload_seq')`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** The `sbom.processed` event of the last processing: its tasks (forward matching) tell when the findings are up to date. */
    processedEventId: bigint('processed_event_id', { mode: 'number' }),
  },
  (t) => [uniqueIndex('sbom_uploads_identity_uq').on(t.productVersionId, t.part, t.sha256), index('sbom_uploads_status_idx').on(t.status)],
);

export const components = pgTable(
  'components',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uploadId: uuid('upload_id')
      .notNull()
      .references(() => sbomUploads.id, { onDelete: 'cascade' }),
    productVersionId: uuid('product_version_id')
      .notNull()
      .references(() => productVersions.id, { onDelete: 'cascade' }),
    bomRef: text('bom_ref').notNull(),
    type: text('type').notNull(),
    group: text('group'),
    name: text('name').notNull(),
    version: text('version'),
    purl: text('purl'),
    /** The purl without version, qualifiers and subpath: what "where is X used?" looks up. */
    purlBase: text('purl_base'),
    cpe: text('cpe'),
    /**
     * The purl or CPE the document gives that could not be read, with the reason (the text of
     * its upload warning); null when every identifier was read. Such a component is undecided.
     */
    unreadableIdentifier: text('unreadable_identifier'),
    hashes: jsonb('hashes')
      .notNull()
      .default(sql`'[]'::jsonb`),
    licenses: jsonb('licenses')
      .notNull()
      .default(sql`'[]'::jsonb`),
    supplier: text('supplier'),
    scope: text('scope'),
    direct: boolean('direct'),
    parentRef: text('parent_ref'),
  },
  (t) => [
    index('components_upload_idx').on(t.uploadId),
    index('components_version_idx').on(t.productVersionId),
    index('components_purl_base_idx').on(t.purlBase),
    index('components_name_idx').on(sql`lower(${t.name})`),
    index('components_cpe_idx').on(sql`split_part(${t.cpe}, ':', 4)`, sql`split_part(${t.cpe}, ':', 5)`),
  ],
);
