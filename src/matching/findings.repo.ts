/**
 * Findings storage: distinct package versions keyed by the components' identifying columns,
 * per-package verdicts, and the fan-out of verdicts to findings of current, non-archived
 * components, all set-based. Components are tied to their package version by hashing those
 * columns in the query itself rather than through a million-row link table: hashing a component
 * costs less than writing and indexing a link for it.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { packageFindings, packageVersionKeys, packageVersions, suppressions, type Db } from '../db/index.ts';
import { chunked } from '../vulns/vulnerability.repo.ts';
import type { Finding } from './match.model.ts';
import { selectorCovers } from './vex-versions.ts';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A parenthesised-list body; `null` for none, so `x in (null)` holds for nothing. */
const list = (values: readonly (string | number)[]): SQL => (values.length === 0 ? sql`null` : sql.join(values.map((v) => sql`${v}`), sql`, `));

/** The identifying columns of components; components alike in all four are one package version. */
export interface ComponentColumns {
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

/** The key `package_version_keys` holds, computed the same way in SQL (`componentKeySql`) and here. */
export const componentKey = (c: ComponentColumns): string =>
  createHash('md5').update(`${c.purl ?? ''}\u001f${c.cpe ?? ''}\u001f${c.version ?? ''}\u001f${c.name}`).digest('hex');

const componentKeySql = sql`md5(coalesce(c.purl, '') || chr(31) || coalesce(c.cpe, '') || chr(31) || coalesce(c.version, '') || chr(31) || c.name)`;

const currentComponentsFrom = sql`components c
    join sbom_uploads u on u.id = c.upload_id and u.superseded_at is null
    join product_versions pv on pv.id = c.product_version_id and pv.lifecycle <> 'archived'`;

function inVersions(productVersionIds: string[] | 'all'): SQL {
  return productVersionIds === 'all' ? sql`true` : sql`c.product_version_id in (${list(productVersionIds)})`;
}

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
      .where(inArray(packageVersions.identity, part.map((r) => r.identity)));
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
 * rows, and those holding a verdict on them now (a withdrawn or narrowed record retracts).
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
    select p.id::bigint from package_versions p join cpe on cpe.vendor = p.cpe_vendor and cpe.product = p.cpe_product
    union
    select package_version_id::bigint from package_findings where vulnerability_id in (${ids})`);
  return rowsOf<{ id: string | number }>(result).map((r) => Number(r.id));
}

/**
 * Replaces the verdicts of `packageVersionIds` (only on `vulnerabilityIds` when given) and marks
 * them evaluated.
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
  }));
  for (const part of chunked(rows, 500)) await db.insert(packageFindings).values(part);
}

/** Which findings a fan-out covers: product versions, or package versions on some vulnerabilities, or everything. */
export type FanOutScope =
  | { kind: 'versions'; productVersionIds: string[] }
  | { kind: 'packages'; packageVersionIds: number[]; vulnerabilityIds: string[] }
  | { kind: 'all' };

/** Which components (`c`) and which findings (`f`) a scope covers. */
async function scopeSql(db: Db, scope: FanOutScope): Promise<{ components: SQL; findings: SQL }> {
  switch (scope.kind) {
    case 'versions':
      return { components: inVersions(scope.productVersionIds), findings: sql`f.product_version_id in (${list(scope.productVersionIds)})` };
    case 'packages': {
      const ids = list(scope.packageVersionIds);
      const vulns = list(scope.vulnerabilityIds);
      // Literal purl bases and CPEs let Postgres narrow the components by index before hashing.
      const names = rowsOf<{ purl_base: string | null; cpe: string | null }>(
        await db.execute(sql`select distinct purl_base, cpe from package_versions where id in (${ids})`),
      );
      const bases = [...new Set(names.flatMap((n) => (n.purl_base ? [n.purl_base] : [])))];
      const cpes = [...new Set(names.flatMap((n) => (n.cpe ? [n.cpe] : [])))];
      return {
        components: sql`(c.purl_base in (${list(bases)}) or c.cpe in (${list(cpes)}))
          and k.package_version_id in (${ids}) and pf.vulnerability_id in (${vulns})`,
        findings: sql`f.vulnerability_id in (${vulns})`,
      };
    }
    case 'all':
      return { components: sql`true`, findings: sql`true` };
  }
}

export interface FanOutResult {
  upserted: number;
  retracted: number;
}

/**
 * Copies verdicts to findings of every current component of a non-archived version in scope
 * (first seen kept, last seen now, a retracted finding reopened), then retracts the open findings
 * in scope that no verdict supports any more, and applies suppressions.
 */
export async function fanOut(db: Db, scope: FanOutScope, now: Date): Promise<FanOutResult> {
  const { components: inScope, findings: findingsInScope } = await scopeSql(db, scope);
  const upserted = await db.execute(sql`
    insert into findings as f (product_version_id, component_id, package_version_id, vulnerability_id, outcome, method, confidence,
      source, sources, searched, matched_range, fixed_in, smallest_fix, marks, reason, state, first_seen, last_seen)
    select c.product_version_id, c.id, k.package_version_id, pf.vulnerability_id, pf.outcome, pf.method, pf.confidence,
      pf.source, pf.sources, pf.searched, pf.matched_range, pf.fixed_in, pf.smallest_fix, pf.marks, pf.reason, 'open', ${now}, ${now}
    from ${currentComponentsFrom}
    join package_version_keys k on k.key = ${componentKeySql}
    join package_findings pf on pf.package_version_id = k.package_version_id
    where ${inScope}
    on conflict (component_id, vulnerability_id) do update set
      package_version_id = excluded.package_version_id, outcome = excluded.outcome, method = excluded.method,
      confidence = excluded.confidence, source = excluded.source, sources = excluded.sources, searched = excluded.searched,
      matched_range = excluded.matched_range, fixed_in = excluded.fixed_in, smallest_fix = excluded.smallest_fix,
      marks = excluded.marks, reason = excluded.reason, state = 'open', retracted_at = null, last_seen = excluded.last_seen`);
  const retracted = await db.execute(sql`
    update findings f set state = 'retracted', retracted_at = ${now}
    where f.state = 'open' and ${findingsInScope}
      and not exists (
        select 1 from ${currentComponentsFrom}
        join package_version_keys k on k.key = ${componentKeySql}
        join package_findings pf on pf.package_version_id = k.package_version_id and pf.vulnerability_id = f.vulnerability_id
        where c.id = f.component_id)`);
  await applySuppressions(db, findingsInScope);
  return { upserted: affectedRows(upserted), retracted: affectedRows(retracted) };
}

const affectedRows = (r: unknown): number => Number((r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0);

/**
 * Marks findings in scope hidden by an active `not_affected` statement of their product (version
 * covered, component matching when the statement names one) and unhides the rest.
 */
async function applySuppressions(db: Db, inScope: SQL): Promise<void> {
  const covered = JSON.stringify(await rangeCoveredVersions(db));
  await db.execute(sql`
    update findings f set suppressed = (s.id is not null), suppression_id = s.id
    from findings f2
    join product_versions pv on pv.id = f2.product_version_id
    join components c on c.id = f2.component_id
    left join lateral (
      select s.id from suppressions s
      where s.product_id = pv.product_id and s.revoked_at is null
        and (s.vulnerability_id = f2.vulnerability_id
             or exists (select 1 from vulnerability_aliases va where va.vulnerability_id = f2.vulnerability_id and va.alias = s.vulnerability_id))
        and (s.version_range = '*'
             or (s.version_range not like 'vers:%' and pv.version = any(string_to_array(s.version_range, '|')))
             or (s.version_range like 'vers:%' and s.id::text || '/' || pv.id::text in (select jsonb_array_elements_text(${covered}::jsonb))))
        and (s.component_purl is null or s.component_purl = c.purl_base)
      order by s.created_at desc limit 1
    ) s on true
    where f.id = f2.id and ${inScope}
      and (f2.suppressed or exists (select 1 from suppressions sx where sx.product_id = pv.product_id))
      and (f.suppressed is distinct from (s.id is not null) or f.suppression_id is distinct from s.id)`);
}

/**
 * `suppression/product version` pairs of active `vers:` range suppressions and the product
 * versions (current and archived alike, so later uploads are covered) their range contains.
 */
async function rangeCoveredVersions(db: Db): Promise<string[]> {
  const rows = rowsOf<{ sid: string; pvid: string; version: string; range: string }>(
    await db.execute(sql`select s.id::text as sid, pv.id::text as pvid, pv.version, s.version_range as range
      from suppressions s join product_versions pv on pv.product_id = s.product_id
      where s.revoked_at is null and s.version_range like 'vers:%'`),
  );
  return rows.filter((r) => selectorCovers(r.range, r.version)).map((r) => `${r.sid}/${r.pvid}`);
}

/** Re-applies suppressions to the findings of a product's versions, after its statements changed. */
export async function applyProductSuppressions(db: Db, productId: string): Promise<void> {
  await applySuppressions(db, sql`f.product_version_id in (select id from product_versions where product_id = ${productId})`);
}

export interface FindingFilter {
  /** Product name. */
  product?: string;
  version?: string;
  /** Any alias of the vulnerability. */
  vulnerability?: string;
  /** A purl (with or without version) or a component name. */
  component?: string;
  confidence?: 'high' | 'medium' | 'low';
  suppressed?: boolean;
  state?: 'open' | 'retracted';
  outcome?: 'affected' | 'undecidable';
}

export interface FindingRow {
  id: number;
  product: string;
  productVersion: string;
  component: { bomRef: string; name: string; version: string | null; purl: string | null; cpe: string | null };
  vulnerabilityId: string;
  outcome: string;
  method: string;
  confidence: string;
  source: string;
  sources: string[];
  searched: string;
  matchedRange: string;
  fixedIn: string[];
  smallestFix: string | null;
  marks: string[];
  reason: string | null;
  state: string;
  suppressed: boolean;
  suppressionId: string | null;
  firstSeen: Date;
  lastSeen: Date;
}

/** Findings visible to `teamId` (null: every team), filtered and paged, newest first. */
export async function listFindings(db: Db, filter: FindingFilter, teamId: string | null, limit: number, offset: number): Promise<{ items: FindingRow[]; total: number }> {
  const where: SQL[] = [sql`true`];
  if (teamId !== null) where.push(sql`p.team_id = ${teamId}`);
  if (filter.product) where.push(sql`p.name = ${filter.product}`);
  if (filter.version) where.push(sql`pv.version = ${filter.version}`);
  if (filter.vulnerability) {
    const v = filter.vulnerability.trim();
    where.push(sql`(f.vulnerability_id = ${v} or f.vulnerability_id in (select vulnerability_id from vulnerability_aliases where alias = ${v}))`);
  }
  if (filter.component) {
    const c = filter.component.trim();
    where.push(c.startsWith('pkg:') ? sql`(c.purl = ${c} or c.purl_base = ${c})` : sql`lower(c.name) = ${c.toLowerCase()}`);
  }
  if (filter.confidence) where.push(sql`f.confidence = ${filter.confidence}`);
  if (filter.suppressed !== undefined) where.push(sql`f.suppressed = ${filter.suppressed}`);
  if (filter.outcome) where.push(sql`f.outcome = ${filter.outcome}`);
  where.push(sql`f.state = ${filter.state ?? 'open'}`);
  const cond = sql.join(where, sql` and `);
  const from = sql`from findings f
    join product_versions pv on pv.id = f.product_version_id
    join products p on p.id = pv.product_id
    join components c on c.id = f.component_id`;
  const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${from} where ${cond}`));
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select f.id::bigint as id, p.name as product, pv.version as product_version, c.bom_ref, c.name, c.version, c.purl, c.cpe,
        f.vulnerability_id, f.outcome, f.method, f.confidence, f.source, f.sources, f.searched, f.matched_range, f.fixed_in,
        f.smallest_fix, f.marks, f.reason, f.state, f.suppressed, f.suppression_id, f.first_seen, f.last_seen
      ${from} where ${cond}
      order by f.last_seen desc, f.id desc
      limit ${limit} offset ${offset}`),
  );
  const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
  const items = rows.map((r) => ({
    id: Number(r.id),
    product: String(r.product),
    productVersion: String(r.product_version),
    component: { bomRef: String(r.bom_ref), name: String(r.name), version: (r.version as string | null) ?? null, purl: (r.purl as string | null) ?? null, cpe: (r.cpe as string | null) ?? null },
    vulnerabilityId: String(r.vulnerability_id),
    outcome: String(r.outcome),
    method: String(r.method),
    confidence: String(r.confidence),
    source: String(r.source),
    sources: r.sources as string[],
    searched: String(r.searched),
    matchedRange: String(r.matched_range),
    fixedIn: r.fixed_in as string[],
    smallestFix: (r.smallest_fix as string | null) ?? null,
    marks: r.marks as string[],
    reason: (r.reason as string | null) ?? null,
    state: String(r.state),
    suppressed: Boolean(r.suppressed),
    suppressionId: (r.suppression_id as string | null) ?? null,
    firstSeen: date(r.first_seen),
    lastSeen: date(r.last_seen),
  }));
  return { items, total: count?.n ?? 0 };
}

export type SuppressionInput = typeof suppressions.$inferInsert;

export async function insertSuppressions(db: Db, rows: SuppressionInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  return (await db.insert(suppressions).values(rows).returning({ id: suppressions.id })).map((r) => r.id);
}

/** Revokes a suppression of the product; false when there is no such active suppression. */
export async function revokeSuppression(db: Db, productId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(suppressions)
    .set({ revokedAt: now })
    .where(and(eq(suppressions.id, id), eq(suppressions.productId, productId), isNull(suppressions.revokedAt)))
    .returning({ id: suppressions.id });
  return rows.length > 0;
}

/** Open findings of the product's versions hidden by a suppression: what the VEX import reports. */
export async function countSuppressed(db: Db, productId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from findings f join product_versions pv on pv.id = f.product_version_id
      where pv.product_id = ${productId} and f.suppressed and f.state = 'open'`),
  );
  return row?.n ?? 0;
}
