/**
 * Package versions and their verdicts: distinct package versions keyed by the components'
 * identifying columns, and the verdict of each on each vulnerability. Components are tied to
 * their package version by hashing those columns in the query itself rather than through a
 * million-row link table: hashing a component costs less than writing and indexing a link for it.
 */
import { and, inArray, sql } from 'drizzle-orm';
import { packageFindings, packageVersionKeys, packageVersions, type Db } from '../db/index.ts';
import { chunked } from '../core/chunked.ts';
import type { Finding } from './match.model.ts';
import { componentKeySql, currentComponentsFrom, inVersions, list, rowsOf, type ComponentColumns } from './sql-fragments.ts';

/** Distinct identifying columns of current components whose key is not known yet. */
export async function unkeyedComponents(db: Db, productVersionIds: string[] | 'all'): Promise<ComponentColumns[]> {
  const result = await db.execute(sql`
    select distinct c.name, c.version, c.purl, c.cpe from ${currentComponentsFrom}
    where ${inVersions(productVersionIds)} and not exists (select 1 from package_version_keys k where k.key = ${componentKeySql})`);
  return rowsOf<ComponentColumns>(result);
}

export async function insertPackageVersionKeys(db: Db, rows: { key: string; packageVersionId: number }[]): Promise<void> {
  for (const part of chunked(rows, 10_000)) await db.insert(packageVersionKeys).values(part).onConflictDoNothing();
}

/**
 * Refreshes planner statistics after a bulk load: without them Postgres takes a table filled a
 * moment ago for empty and joins it by scanning it once per outer row.
 */
export async function refreshStatistics(db: Db, tables: ('package_version_keys' | 'package_findings')[]): Promise<void> {
  for (const t of tables) await db.execute(sql`analyze ${sql.identifier(t)}`);
}

export interface PackageVersionInput {
  identity: string;
  ecosystem: string | null;
  name: string | null;
  /** The source package of an OS binary package, when it has one. */
  sourceName: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  cpeVendor: string | null;
  cpeProduct: string | null;
  componentName: string;
  /** purl without version and qualifiers: finds the components of this package version by index. */
  purlBase: string | null;
}

/** Ids of package versions by identity, creating the missing ones. */
export async function upsertPackageVersions(db: Db, rows: PackageVersionInput[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunked(rows)) {
    await db.insert(packageVersions).values(part).onConflictDoNothing();
    const found = await db
      .select({ id: packageVersions.id, identity: packageVersions.identity })
      .from(packageVersions)
      .where(
        inArray(
          packageVersions.identity,
          part.map((r) => r.identity),
        ),
      );
    for (const r of found) out.set(r.identity, r.id);
  }
  return out;
}

export type PackageVersionRow = typeof packageVersions.$inferSelect;

export async function packageVersionsByIds(db: Db, ids: number[]): Promise<PackageVersionRow[]> {
  const out: PackageVersionRow[] = [];
  for (const part of chunked(ids)) out.push(...(await db.select().from(packageVersions).where(inArray(packageVersions.id, part))));
  return out;
}

/** Package versions of the product versions' current components that were never evaluated. */
export async function unevaluatedPackageVersions(db: Db, productVersionIds: string[]): Promise<number[]> {
  const result = await db.execute(sql`
    select distinct p.id::bigint as id from ${currentComponentsFrom}
    join package_version_keys k on k.key = ${componentKeySql}
    join package_versions p on p.id = k.package_version_id
    where ${inVersions(productVersionIds)} and p.evaluated_at is null`);
  return rowsOf<{ id: string | number }>(result).map((r) => Number(r.id));
}

export async function allPackageVersionIds(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: packageVersions.id })
    .from(packageVersions)
    .where(sql`${packageVersions.id} > ${afterId}`)
    .orderBy(packageVersions.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Package versions an advisory change may concern: those named by the vulnerabilities' index
 * rows (as the package or as its source package), and those holding a verdict on them now (a
 * withdrawn or narrowed record retracts).
 */
export async function packageVersionsForVulnerabilities(db: Db, vulnerabilityIds: string[]): Promise<number[]> {
  const ids = list(vulnerabilityIds);
  const result = await db.execute(sql`
    with advisories_of as (
      select advisory_id from advisory_vulnerabilities where vulnerability_id in (${ids})
    ), pkg as (
      select distinct ap.ecosystem, ap.name from affected_packages ap join advisories_of a on a.advisory_id = ap.advisory_id
    ), cpe as (
      select distinct ac.vendor, ac.product from affected_cpes ac join advisories_of a on a.advisory_id = ac.advisory_id
    )
    select p.id::bigint as id from package_versions p join pkg on pkg.ecosystem = p.ecosystem and pkg.name = p.name
    union
    select p.id::bigint from package_versions p join pkg on pkg.ecosystem = p.ecosystem and pkg.name = p.source_name
    union
    select p.id::bigint from package_versions p join cpe on cpe.vendor = p.cpe_vendor and cpe.product = p.cpe_product
    union
    select package_version_id::bigint from package_findings where vulnerability_id in (${ids})`);
  return rowsOf<{ id: string | number }>(result).map((r) => Number(r.id));
}

/**
 * Locks package versions, in id order so that concurrent runs cannot deadlock: `update` by a run
 * that replaces their verdicts, `share` by a fan-out that reads them. A fan-out thus never
 * copies a verdict that a concurrent run is replacing, and never retracts past one it cannot see.
 * Neither mode blocks the key-share locks that inserting rows which refer to them takes.
 */
export async function lockPackageVersions(db: Db, ids: readonly number[], mode: 'update' | 'share'): Promise<void> {
  if (ids.length === 0) return;
  const lock = mode === 'update' ? sql`for no key update` : sql`for share`;
  await db.execute(sql`select id from package_versions where id in (${list([...ids])}) order by id ${lock}`);
}

/** Keeps every other run from locking package versions, so none replaces verdicts under a full fan-out. */
export async function lockAllPackageVersions(db: Db): Promise<void> {
  await db.execute(sql`lock table package_versions in exclusive mode`);
}

/** Locks (for share) every package version the current components of the product versions are. */
export async function lockPackageVersionsOf(db: Db, productVersionIds: string[]): Promise<void> {
  await db.execute(sql`select id from package_versions where id in (
      select k.package_version_id from ${currentComponentsFrom} join package_version_keys k on k.key = ${componentKeySql}
      where ${inVersions(productVersionIds)})
    order by id for share`);
}

/** Which of `ids` are still not evaluated (another run may have evaluated them meanwhile). */
export async function stillUnevaluated(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<{ id: string | number }>(await db.execute(sql`select id from package_versions where id in (${list([...ids])}) and evaluated_at is null`));
  return rows.map((r) => Number(r.id));
}

/**
 * Replaces the verdicts of `packageVersionIds` (only on `vulnerabilityIds` when given) and marks
 * them evaluated. Runs in the caller's transaction, after `lockPackageVersions(…, 'update')`.
 */
export async function replacePackageFindings(
  db: Db,
  packageVersionIds: number[],
  verdicts: { packageVersionId: number; finding: Finding }[],
  vulnerabilityIds: string[] | undefined,
  now: Date,
): Promise<void> {
  for (const part of chunked(packageVersionIds)) {
    const scope = inArray(packageFindings.packageVersionId, part);
    await db.delete(packageFindings).where(vulnerabilityIds ? and(scope, inArray(packageFindings.vulnerabilityId, vulnerabilityIds)) : scope);
    await db.update(packageVersions).set({ evaluatedAt: now }).where(inArray(packageVersions.id, part));
  }
  const rows = verdicts.map(({ packageVersionId, finding: f }) => ({
    packageVersionId,
    vulnerabilityId: f.vulnerabilityId,
    outcome: f.outcome,
    method: f.primary.method,
    confidence: f.primary.confidence,
    source: f.primary.source,
    sources: f.sources,
    searched: f.primary.searched,
    matchedRange: f.primary.range,
    fixedIn: f.fixedIn,
    smallestFix: f.smallestFix ?? null,
    marks: f.primary.marks,
    reason: f.primary.reason ?? null,
    platformConditions: f.platformConditions ?? null,
  }));
  for (const part of chunked(rows, 500)) await db.insert(packageFindings).values(part);
}
