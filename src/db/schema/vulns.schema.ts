import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * One merged vulnerability. The id is the CVE where one exists, else the id of the first source
 * record that named it (GHSA-…, JVNDB-…). The merged columns are recomputed from the linked
 * advisories whenever one of them changes, so reads never have to merge.
 */
export const vulnerabilities = pgTable(
  'vulnerabilities',
  {
    id: text('id').primaryKey(),
    aliases: text('aliases')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    sources: text('sources')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    title: text('title'),
    severity: text('severity'),
    /** The headline CVSS: `{version, score, vector, source}`. */
    cvss: jsonb('cvss'),
    cwes: text('cwes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    published: timestamp('published', { withTimezone: true }),
    modified: timestamp('modified', { withTimezone: true }),
    /** Every linked advisory is withdrawn, rejected or otherwise not to be matched. */
    withdrawn: boolean('withdrawn').notNull().default(false),
    /**
     * Under embargo: a vulnerability the PSIRT entered by hand before it is public. Only the PSIRT
     * and the teams owning one of its cases see it (src/access `embargo`); cleared when its cases' embargo lifts.
     */
    embargoed: boolean('embargoed').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Reads ask for the embargoed few on every page (src/access embargo-sql.ts): a small partial index.
  (t) => [
    index('vulnerabilities_embargoed_idx')
      .on(t.id)
      .where(sql`${t.embargoed}`),
  ],
);

/** Any id (CVE, GHSA, JVNDB, vendor id) to the vulnerabilities it names; a JVNDB entry covering several CVEs names each. */
export const vulnerabilityAliases = pgTable(
  'vulnerability_aliases',
  {
    alias: text('alias').notNull(),
    vulnerabilityId: text('vulnerability_id')
      .notNull()
      .references(() => vulnerabilities.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.alias, t.vulnerabilityId] }), index('vulnerability_aliases_vuln_idx').on(t.vulnerabilityId)],
);

/** One source record as normalised, with the raw record kept for audit. */
export const advisories = pgTable(
  'advisories',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    modified: timestamp('modified', { withTimezone: true }),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Flagged so that it must not be matched (withdrawn, rejected, unconfirmed, unsupported). */
    withdrawn: boolean('withdrawn').notNull().default(false),
    /**
     * JSON text of the normalised record and of the raw record. Text, not jsonb: both are
     * written and read whole, never queried into, and skipping Postgres' JSON parsing is most
     * of the cost of a bulk import.
     */
    normalized: text('normalized').notNull(),
    raw: text('raw'),
    location: text('location'),
    /** SHA-256 of the normalised record: an identical re-import is skipped. */
    contentHash: text('content_hash').notNull(),
    /** SHA-256 of affected entries and flags: only a change here triggers reverse matching. */
    affectedHash: text('affected_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('advisories_source_id_uq').on(t.source, t.sourceId)],
);

export const advisoryVulnerabilities = pgTable(
  'advisory_vulnerabilities',
  {
    advisoryId: bigint('advisory_id', { mode: 'number' })
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    vulnerabilityId: text('vulnerability_id')
      .notNull()
      .references(() => vulnerabilities.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.advisoryId, t.vulnerabilityId] }), index('advisory_vulnerabilities_vuln_idx').on(t.vulnerabilityId)],
);

/** Match index: advisories naming a package, by OSV ecosystem without `:suffix` and normalised name. */
export const affectedPackages = pgTable(
  'affected_packages',
  {
    ecosystem: text('ecosystem').notNull(),
    name: text('name').notNull(),
    advisoryId: bigint('advisory_id', { mode: 'number' })
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.ecosystem, t.name, t.advisoryId] }),
    index('affected_packages_advisory_idx').on(t.advisoryId),
    // The name-only heuristic asks by name in any ecosystem, lower-cased.
    index('affected_packages_name_idx').on(sql`lower(${t.name})`),
  ],
);

/** Match index: advisories naming a CPE, by lower-case CPE 2.3 vendor and product. */
export const affectedCpes = pgTable(
  'affected_cpes',
  {
    vendor: text('vendor').notNull(),
    product: text('product').notNull(),
    advisoryId: bigint('advisory_id', { mode: 'number' })
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.vendor, t.product, t.advisoryId] }), index('affected_cpes_advisory_idx').on(t.advisoryId)],
);

/** CISA KEV, keyed by CVE; kept apart from vulnerabilities because KEV may list a CVE before any advisory arrives. */
export const kevEntries = pgTable('kev_entries', {
  cve: text('cve').primaryKey(),
  dateAdded: date('date_added').notNull(),
  dueDate: date('due_date'),
  knownRansomwareCampaignUse: boolean('known_ransomware_campaign_use').notNull().default(false),
  entry: jsonb('entry').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const epssScores = pgTable('epss_scores', {
  cve: text('cve').primaryKey(),
  epss: doublePrecision('epss').notNull(),
  percentile: doublePrecision('percentile'),
  scoreDate: date('score_date').notNull(),
});

/** Per source: resume point, status for `kanshi feeds status`, and the single-flight lease. */
export const feedState = pgTable('feed_state', {
  source: text('source').primaryKey(),
  checkpoint: text('checkpoint'),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  lastError: text('last_error'),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
  recordsIngested: bigint('records_ingested', { mode: 'number' }).notNull().default(0),
  quarantined: bigint('quarantined', { mode: 'number' }).notNull().default(0),
  leaseHolder: text('lease_holder'),
  leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
});

/** Records that could not be read or normalised, kept so they can be found and reported. */
export const feedQuarantine = pgTable(
  'feed_quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    recordId: text('record_id'),
    location: text('location').notNull(),
    reason: text('reason').notNull(),
    excerpt: text('excerpt'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feed_quarantine_source_idx').on(t.source, t.at)],
);
