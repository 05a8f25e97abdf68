import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { productVersions } from './inventory.schema.ts';
import type { CpeConfiguration } from '../../ids/index.ts';

/**
 * A distinct package version of the portfolio: what matching evaluates, once, however many
 * components share it. `identity` joins the package (with its distribution release), the
 * version and the CPE.
 */
export const packageVersions = pgTable(
  'package_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    identity: text('identity').notNull(),
    /** OSV ecosystem without release and normalised name, as the advisory index keys them. */
    ecosystem: text('ecosystem'),
    name: text('name'),
    version: text('version'),
    /** The source package of an OS binary package (`glibc` for `libc6`), as distribution advisories name it. */
    sourceName: text('source_name'),
    /** A component representative of the identity, as matching reads it. */
    purl: text('purl'),
    /** purl without version and qualifiers, as `components.purl_base`: finds this package's components by index. */
    purlBase: text('purl_base'),
    cpe: text('cpe'),
    cpeVendor: text('cpe_vendor'),
    cpeProduct: text('cpe_product'),
    componentName: text('component_name').notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('package_versions_identity_uq').on(t.identity),
    index('package_versions_package_idx').on(t.ecosystem, t.name),
    index('package_versions_source_idx').on(t.ecosystem, t.sourceName),
    index('package_versions_cpe_idx').on(t.cpeVendor, t.cpeProduct),
  ],
);

/**
 * What a component's identifying columns (purl, CPE, version, name) hash to: queries tie
 * components to their package version by hashing those columns, with no per-component link row.
 */
export const packageVersionKeys = pgTable('package_version_keys', {
  key: text('key').primaryKey(),
  packageVersionId: bigint('package_version_id', { mode: 'number' })
    .notNull()
    .references(() => packageVersions.id, { onDelete: 'cascade' }),
});

export const FINDING_OUTCOMES = ['affected', 'undecidable'] as const;
export const FINDING_STATES = ['open', 'retracted'] as const;

/** What a verdict says, the same on a package version and on each finding it fans out to. */
const verdictColumns = () => ({
  vulnerabilityId: text('vulnerability_id').notNull(),
  outcome: text('outcome', { enum: FINDING_OUTCOMES }).notNull(),
  method: text('method').notNull(),
  confidence: text('confidence').notNull(),
  /** `<source>:<id>` of the strongest match. */
  source: text('source').notNull(),
  sources: text('sources').array().notNull(),
  searched: text('searched').notNull(),
  matchedRange: text('matched_range').notNull(),
  fixedIn: text('fixed_in').array().notNull(),
  smallestFix: text('smallest_fix'),
  marks: text('marks')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  reason: text('reason'),
});

/**
 * The verdict on one package version for one vulnerability, every source merged. Fanned out to
 * findings of every component that is this package version.
 */
export const packageFindings = pgTable(
  'package_findings',
  {
    packageVersionId: bigint('package_version_id', { mode: 'number' })
      .notNull()
      .references(() => packageVersions.id, { onDelete: 'cascade' }),
    ...verdictColumns(),
    /**
     * When every match waits on a running-on platform (`platform-unverified`): those NVD
     * configurations, settled per product version at fan-out against its own platforms.
     */
    platformConditions: jsonb('platform_conditions').$type<CpeConfiguration[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.packageVersionId, t.vulnerabilityId] }),
    index('package_findings_vuln_idx').on(t.vulnerabilityId),
    // Fan-outs ask whether any verdict in scope waits on a platform: usually none.
    index('package_findings_platform_idx')
      .on(t.packageVersionId)
      .where(sql`platform_conditions is not null`),
  ],
);

export const RETRACT_REASONS = ['advisory-withdrawn', 'range-changed', 'component-gone', 'version-archived', 'platform-absent'] as const;
export type RetractReason = (typeof RETRACT_REASONS)[number];

/**
 * One (product version, package version, vulnerability): the identity survives a re-upload of
 * the same SBOM or the replacement of a part, so `firstSeen` is kept and nothing is reported
 * as new. `componentId` points at one current component of that package in the version, for
 * display; it is refreshed by every fan-out and not a foreign key, since components are
 * replaced wholesale on every upload.
 */
export const findings = pgTable(
  'findings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productVersionId: uuid('product_version_id')
      .notNull()
      .references(() => productVersions.id, { onDelete: 'cascade' }),
    packageVersionId: bigint('package_version_id', { mode: 'number' })
      .notNull()
      .references(() => packageVersions.id),
    componentId: bigint('component_id', { mode: 'number' }),
    ...verdictColumns(),
    state: text('state', { enum: FINDING_STATES }).notNull().default('open'),
    /** Hidden by an active `not_affected` decision covering it. */
    suppressed: boolean('suppressed').notNull().default(false),
    /** That decision (`decisions.id`). */
    suppressionId: uuid('suppression_id'),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull(),
    retractedAt: timestamp('retracted_at', { withTimezone: true }),
    retractReason: text('retract_reason', { enum: RETRACT_REASONS }),
  },
  (t) => [
    uniqueIndex('findings_identity_uq').on(t.productVersionId, t.packageVersionId, t.vulnerabilityId),
    index('findings_version_idx').on(t.productVersionId, t.state),
    index('findings_vuln_idx').on(t.vulnerabilityId),
    index('findings_package_idx').on(t.packageVersionId),
  ],
);
