import { and, asc, count, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { components, products, productVersions, queryRows, sbomUploads, type Db, type Lifecycle, type UploadStatus } from '../db/index.ts';
import { appendEvents, eventWorkState } from '../events/index.ts';
import type { ParsedComponent, ParsedSbom, SbomProblem, ValidationMode } from './sbom-model.ts';
import { purlBase } from './purl-base.ts';

/** Components per INSERT statement: bounds the size of one statement's parameters. */
const INSERT_CHUNK = 5000;

export interface UploadRow {
  id: string;
  productVersionId: string;
  part: string;
  status: UploadStatus;
  validation: ValidationMode;
  rawGzip: Buffer;
  supersededAt: Date | null;
}

export interface UploadView {
  id: string;
  status: UploadStatus;
  product: string;
  productId: string;
  teamId: string;
  version: string;
  part: string;
  sha256: string;
  format: string | null;
  specVersion: string | null;
  componentCount: number | null;
  warnings: SbomProblem[];
  error: { code: string; message: string } | null;
  createdAt: Date;
  processedAt: Date | null;
  /**
   * Forward matching of the processed upload: `done` once the work its `sbom.processed` event
   * handed out has committed, so the version's findings include it; null when it failed.
   */
  matching: 'pending' | 'done' | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The team, product and version an inventory event is about. */
async function scopeOf(db: Db, productVersionId: string): Promise<{ teamId: string; productId: string; productVersionId: string }> {
  const [row] = await db
    .select({ teamId: products.teamId, productId: products.id })
    .from(productVersions)
    .innerJoin(products, eq(products.id, productVersions.productId))
    .where(eq(productVersions.id, productVersionId));
  if (!row) throw new Error(`product version ${productVersionId} does not exist`);
  return { ...row, productVersionId };
}

export class InventoryRepo {
  constructor(private readonly db: Db) {}

  async findProduct(name: string): Promise<{ id: string; teamId: string } | undefined> {
    const [row] = await this.db.select({ id: products.id, teamId: products.teamId }).from(products).where(eq(products.name, name)).limit(1);
    return row;
  }

  /**
   * Creates the product owned by `teamId` unless one of that name exists, and returns the row that
   * exists afterwards, whoever created it: the caller decides on that row, never on an earlier read,
   * so two first uploads of one name by two teams cannot both pass an ownership check.
   */
  async claimProduct(name: string, teamId: string): Promise<{ id: string; teamId: string }> {
    const [inserted] = await this.db.insert(products).values({ name, teamId }).onConflictDoNothing().returning({ id: products.id, teamId: products.teamId });
    return inserted ?? (await this.findProduct(name))!;
  }

  /**
   * Product and version, created when missing, whoever owns the product: for callers that check
   * no ownership (benchmarks, tests). Uploads claim the product and decide on the row instead.
   */
  async ensureProductVersion(product: string, version: string, teamId: string): Promise<{ productId: string; productVersionId: string; teamId: string }> {
    const p = await this.claimProduct(product, teamId);
    return { productId: p.id, productVersionId: await this.ensureVersion(p.id, version), teamId: p.teamId };
  }

  /** The version's id, created on first upload; concurrent first uploads converge. */
  async ensureVersion(productId: string, version: string): Promise<string> {
    await this.db.insert(productVersions).values({ productId, version }).onConflictDoNothing();
    const [pv] = await this.db
      .select({ id: productVersions.id })
      .from(productVersions)
      .where(and(eq(productVersions.productId, productId), eq(productVersions.version, version)))
      .limit(1);
    return pv!.id;
  }

  /**
   * Records an accepted upload. The same bytes for the same version and part return the existing
   * row (`created: false`): re-uploading is idempotent and stores nothing twice.
   */
  async insertUpload(row: {
    productVersionId: string;
    part: string;
    sha256: string;
    sizeBytes: number;
    rawGzip: Buffer;
    validation: ValidationMode;
    uploadedBy: string;
  }): Promise<{ id: string; status: UploadStatus; created: boolean; supersededAt: Date | null }> {
    const [inserted] = await this.db.insert(sbomUploads).values(row).onConflictDoNothing().returning({ id: sbomUploads.id });
    if (inserted) return { id: inserted.id, status: 'queued', created: true, supersededAt: null };
    const [existing] = await this.db
      .select({ id: sbomUploads.id, status: sbomUploads.status, supersededAt: sbomUploads.supersededAt })
      .from(sbomUploads)
      .where(and(eq(sbomUploads.productVersionId, row.productVersionId), eq(sbomUploads.part, row.part), eq(sbomUploads.sha256, row.sha256)))
      .limit(1);
    return { ...existing!, created: false };
  }

  /** Queues an upload again as the part's latest: identical bytes sent anew make an old upload current again. */
  async requeueUpload(id: string): Promise<void> {
    await this.db
      .update(sbomUploads)
      .set({ status: 'queued', error: null, acceptedSeq: sql`nextval('sbom_upload_seq')` })
      .where(eq(sbomUploads.id, id));
  }

  async getUploadForProcessing(id: string): Promise<UploadRow | undefined> {
    const [row] = await this.db
      .select({
        id: sbomUploads.id,
        productVersionId: sbomUploads.productVersionId,
        part: sbomUploads.part,
        status: sbomUploads.status,
        validation: sbomUploads.validation,
        rawGzip: sbomUploads.rawGzip,
        supersededAt: sbomUploads.supersededAt,
      })
      .from(sbomUploads)
      .where(eq(sbomUploads.id, id))
      .limit(1);
    return row;
  }

  async markProcessing(id: string): Promise<void> {
    await this.db
      .update(sbomUploads)
      .set({ status: 'processing', attempts: sql`${sbomUploads.attempts} + 1` })
      .where(eq(sbomUploads.id, id));
  }

  /**
   * Replaces the inventory of the upload's part in one transaction: a worker killed half-way
   * leaves the previous state, and a re-run after a crash yields the same rows. Of two uploads
   * of one part, the one accepted last stays current whatever order they finish in: an older
   * upload finishing after a newer one is recorded as processed and superseded at once.
   * Writes the `sbom.processed` event in the same transaction.
   */
  async storeInventory(upload: { id: string; productVersionId: string; part: string }, sbom: ParsedSbom, at: Date): Promise<{ current: boolean }> {
    return this.db.transaction(async (tx) => {
      // One inventory change per product version at a time: two runs of the same job (a stalled
      // job picked up while its first worker still finishes) or two uploads of one part would
      // otherwise both see no rows to replace and both insert.
      await tx.execute(sql`select 1 from ${productVersions} where ${productVersions.id} = ${upload.productVersionId} for no key update`);
      const [newer] = await tx
        .select({ id: sbomUploads.id })
        .from(sbomUploads)
        .where(
          and(
            eq(sbomUploads.productVersionId, upload.productVersionId),
            eq(sbomUploads.part, upload.part),
            ne(sbomUploads.id, upload.id),
            eq(sbomUploads.status, 'processed'),
            isNull(sbomUploads.supersededAt),
            sql`${sbomUploads.acceptedSeq} > (select accepted_seq from sbom_uploads where id = ${upload.id})`,
          ),
        )
        .limit(1);
      const current = newer === undefined;
      if (current) {
        const older = tx
          .select({ id: sbomUploads.id })
          .from(sbomUploads)
          .where(and(eq(sbomUploads.productVersionId, upload.productVersionId), eq(sbomUploads.part, upload.part), ne(sbomUploads.id, upload.id)));
        await tx.delete(components).where(inArray(components.uploadId, older));
        await tx.delete(components).where(eq(components.uploadId, upload.id));
        await tx
          .update(sbomUploads)
          .set({ supersededAt: at })
          .where(
            and(
              eq(sbomUploads.productVersionId, upload.productVersionId),
              eq(sbomUploads.part, upload.part),
              ne(sbomUploads.id, upload.id),
              isNull(sbomUploads.supersededAt),
            ),
          );
        for (let i = 0; i < sbom.components.length; i += INSERT_CHUNK) {
          await tx.execute(insertComponents(upload, sbom.components.slice(i, i + INSERT_CHUNK)));
        }
        await tx.update(productVersions).set({ updatedAt: at }).where(eq(productVersions.id, upload.productVersionId));
      }
      const scope = await scopeOf(tx as unknown as Db, upload.productVersionId);
      const [eventId] = await appendEvents(tx as unknown as Db, at, [
        { type: 'sbom.processed', ...scope, data: { uploadId: upload.id, part: upload.part, components: sbom.components.length, current } },
      ]);
      await tx
        .update(sbomUploads)
        .set({
          status: 'processed',
          format: sbom.format,
          encoding: sbom.encoding,
          specVersion: sbom.specVersion,
          componentCount: sbom.components.length,
          warnings: sbom.warnings,
          error: null,
          supersededAt: current ? null : at,
          processedAt: at,
          processedEventId: eventId,
        })
        .where(eq(sbomUploads.id, upload.id));
      return { current };
    });
  }

  /** Marks an upload failed for good, with its `sbom.rejected` event, in one transaction. */
  async markFailed(id: string, error: { code: string; message: string }, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.update(sbomUploads).set({ status: 'failed', error }).where(eq(sbomUploads.id, id)).returning({ pv: sbomUploads.productVersionId });
      if (!row) return;
      const scope = await scopeOf(tx as unknown as Db, row.pv);
      await appendEvents(tx as unknown as Db, at, [{ type: 'sbom.rejected', ...scope, data: { uploadId: id, code: error.code } }]);
    });
  }

  /** Sets a version's lifecycle, with its event (matching retracts an archived version's findings), in one transaction. */
  async setLifecycle(productVersionId: string, lifecycle: Lifecycle, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(productVersions)
        .set({ lifecycle, updatedAt: at })
        .where(and(eq(productVersions.id, productVersionId), ne(productVersions.lifecycle, lifecycle)))
        .returning({ id: productVersions.id });
      if (!row) return;
      const scope = await scopeOf(tx as unknown as Db, productVersionId);
      await appendEvents(tx as unknown as Db, at, [{ type: 'product-version.lifecycle-changed', ...scope, data: { lifecycle } }]);
    });
  }

  /** Uploads accepted but not yet processed: re-enqueued at startup so none is lost. */
  async pendingUploadIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: sbomUploads.id })
      .from(sbomUploads)
      .where(inArray(sbomUploads.status, ['queued', 'processing']))
      .orderBy(asc(sbomUploads.createdAt));
    return rows.map((r) => r.id);
  }

  async getUpload(id: string): Promise<UploadView | undefined> {
    const [row] = await this.db
      .select({
        id: sbomUploads.id,
        status: sbomUploads.status,
        product: products.name,
        productId: products.id,
        teamId: products.teamId,
        version: productVersions.version,
        part: sbomUploads.part,
        sha256: sbomUploads.sha256,
        format: sbomUploads.format,
        specVersion: sbomUploads.specVersion,
        componentCount: sbomUploads.componentCount,
        warnings: sbomUploads.warnings,
        error: sbomUploads.error,
        createdAt: sbomUploads.createdAt,
        processedAt: sbomUploads.processedAt,
        processedEventId: sbomUploads.processedEventId,
      })
      .from(sbomUploads)
      .innerJoin(productVersions, eq(productVersions.id, sbomUploads.productVersionId))
      .innerJoin(products, eq(products.id, productVersions.productId))
      .where(eq(sbomUploads.id, id))
      .limit(1);
    if (!row) return undefined;
    const { processedEventId, ...upload } = row;
    // Processed without an event id: nothing was handed out that could still be running.
    const matching =
      upload.status === 'failed'
        ? null
        : upload.status !== 'processed'
          ? 'pending'
          : processedEventId === null
            ? 'done'
            : await eventWorkState(this.db, processedEventId);
    return { ...upload, warnings: row.warnings as SbomProblem[], error: row.error as UploadView['error'], matching };
  }

  async listProducts(
    teamId: string | null,
    limit: number,
    offset: number,
  ): Promise<Page<{ id: string; name: string; teamId: string; versions: number; createdAt: Date }>> {
    const where = teamId === null ? undefined : eq(products.teamId, teamId);
    const items = await this.db
      .select({
        id: products.id,
        name: products.name,
        teamId: products.teamId,
        // Qualified by hand: drizzle leaves column names bare in a single-table select.
        versions: sql<number>`(select count(*)::int from product_versions pv where pv.product_id = products.id)`,
        createdAt: products.createdAt,
      })
      .from(products)
      .where(where)
      .orderBy(asc(products.name))
      .limit(limit)
      .offset(offset);
    const [total] = await this.db.select({ n: count() }).from(products).where(where);
    return { items, total: Number(total?.n ?? 0), limit, offset };
  }

  async listVersions(
    productId: string,
  ): Promise<{ id: string; version: string; lifecycle: Lifecycle; components: number; createdAt: Date; updatedAt: Date }[]> {
    return this.db
      .select({
        id: productVersions.id,
        version: productVersions.version,
        lifecycle: productVersions.lifecycle,
        components: sql<number>`(select count(*)::int from components c where c.product_version_id = product_versions.id)`,
        createdAt: productVersions.createdAt,
        updatedAt: productVersions.updatedAt,
      })
      .from(productVersions)
      .where(eq(productVersions.productId, productId))
      .orderBy(asc(productVersions.createdAt));
  }

  async findVersion(productId: string, version: string): Promise<{ id: string; lifecycle: Lifecycle } | undefined> {
    const [row] = await this.db
      .select({ id: productVersions.id, lifecycle: productVersions.lifecycle })
      .from(productVersions)
      .where(and(eq(productVersions.productId, productId), eq(productVersions.version, version)))
      .limit(1);
    return row;
  }

  async listParts(
    productVersionId: string,
  ): Promise<{ part: string; uploadId: string; format: string | null; specVersion: string | null; componentCount: number | null; processedAt: Date | null }[]> {
    return this.db
      .select({
        part: sbomUploads.part,
        uploadId: sbomUploads.id,
        format: sbomUploads.format,
        specVersion: sbomUploads.specVersion,
        componentCount: sbomUploads.componentCount,
        processedAt: sbomUploads.processedAt,
      })
      .from(sbomUploads)
      .where(and(eq(sbomUploads.productVersionId, productVersionId), eq(sbomUploads.status, 'processed'), isNull(sbomUploads.supersededAt)))
      .orderBy(asc(sbomUploads.part));
  }

  async listComponents(
    productVersionId: string,
    filter: { q?: string | undefined; purlType?: string | undefined; direct?: boolean | undefined; undecided?: boolean | undefined },
    limit: number,
    offset: number,
  ): Promise<Page<typeof components.$inferSelect>> {
    const conds: SQL[] = [eq(components.productVersionId, productVersionId)];
    if (filter.undecided !== undefined) conds.push(filter.undecided ? isNotNull(components.unreadableIdentifier) : isNull(components.unreadableIdentifier));
    if (filter.q) conds.push(sql`(lower(${components.name}) like ${`%${filter.q.toLowerCase()}%`} or ${components.purl} like ${`%${filter.q}%`})`);
    if (filter.purlType) conds.push(sql`${components.purl} like ${`pkg:${filter.purlType}/%`}`);
    if (filter.direct !== undefined) conds.push(eq(components.direct, filter.direct));
    const where = and(...conds);
    const items = await this.db.select().from(components).where(where).orderBy(asc(components.name), asc(components.id)).limit(limit).offset(offset);
    const [total] = await this.db.select({ n: count() }).from(components).where(where);
    return { items, total: Number(total?.n ?? 0), limit, offset };
  }

  /**
   * Supported versions older than `before`, except each product's `keepLatest` newest ones:
   * what the retention setting archives.
   */
  async versionsPastRetention(before: Date, keepLatest: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      sql`
      select id from (
        select ${productVersions.id} as id, ${productVersions.lifecycle} as lifecycle, ${productVersions.updatedAt} as updated_at,
               row_number() over (partition by ${productVersions.productId} order by ${productVersions.createdAt} desc) as rank
        from ${productVersions}
      ) v
      where v.lifecycle <> 'archived' and v.updated_at < ${before.toISOString()} and v.rank > ${keepLatest}`,
    );
    return rows.map((r) => r.id);
  }
}

/**
 * One INSERT … SELECT FROM unnest(…) per chunk: fourteen array parameters instead of fourteen
 * per row, which keeps a 10,000-component SBOM to a handful of statements on either driver.
 */
function insertComponents(upload: { id: string; productVersionId: string }, list: ParsedComponent[]): SQL {
  // sql.param keeps an array one parameter; a bare array would be spread into a list.
  const col = <T>(f: (c: ParsedComponent) => T) => sql.param(list.map(f));
  return sql`
    insert into ${components} (upload_id, product_version_id, bom_ref, type, "group", name, version, purl, purl_base, cpe, unreadable_identifier,
      hashes, licenses, supplier, scope, direct, parent_ref)
    select ${upload.id}::uuid, ${upload.productVersionId}::uuid, t.bom_ref, t.type, t.grp, t.name, t.version, t.purl, t.purl_base, t.cpe, t.unreadable,
      t.hashes::jsonb, t.licenses::jsonb, t.supplier, t.scope, t.direct, t.parent_ref
    from unnest(
      ${col((c) => c.bomRef)}::text[], ${col((c) => c.type)}::text[], ${col((c) => c.group)}::text[], ${col((c) => c.name)}::text[],
      ${col((c) => c.version)}::text[], ${col((c) => c.purl)}::text[], ${col((c) => (c.purl ? purlBase(c.purl) : null))}::text[], ${col((c) => c.cpe)}::text[],
      ${col((c) => (c.unreadable?.length ? c.unreadable.join('; ') : null))}::text[],
      ${col((c) => JSON.stringify(c.hashes))}::text[], ${col((c) => JSON.stringify(c.licenses))}::text[], ${col((c) => c.supplier)}::text[],
      ${col((c) => c.scope)}::text[], ${col((c) => c.direct)}::bool[], ${col((c) => c.parentRef)}::text[]
    ) as t(bom_ref, type, grp, name, version, purl, purl_base, cpe, unreadable, hashes, licenses, supplier, scope, direct, parent_ref)`;
}
