/**
 * Findings: the verdicts of package versions fanned out to the product versions that ship them,
 * one per (product version, package version, vulnerability), with the outbox events of every
 * finding that opens or is retracted written by the same statement. All set-based.
 */
import { sql, type SQL } from 'drizzle-orm';
import { embargoVisibleSql, teamScope, type Principal } from '../access/index.ts';
import type { Db } from '../db/index.ts';
import type { CpeConfiguration } from '../vulns/index.ts';
import { applyDecisionFlags } from './decisions.repo.ts';
import { componentKeySql, currentComponentsFrom, inVersions, list, rowsOf } from './sql-fragments.ts';

/** Which findings a fan-out covers: product versions, or package versions on some vulnerabilities, or everything. */
export type FanOutScope =
  { kind: 'versions'; productVersionIds: string[] } | { kind: 'packages'; packageVersionIds: number[]; vulnerabilityIds: string[] } | { kind: 'all' };

/**
 * Literal purl bases and CPEs of package versions: they let Postgres narrow the components by
 * index (`c`) before hashing them.
 */
async function componentsNamedBy(db: Db, packageVersions: SQL): Promise<SQL> {
  const names = rowsOf<{ purl_base: string | null; cpe: string | null }>(
    await db.execute(sql`select distinct purl_base, cpe from package_versions where id in (${packageVersions})`),
  );
  const bases = [...new Set(names.flatMap((n) => (n.purl_base ? [n.purl_base] : [])))];
  const cpes = [...new Set(names.flatMap((n) => (n.cpe ? [n.cpe] : [])))];
  return sql`(c.purl_base in (${list(bases)}) or c.cpe in (${list(cpes)}))`;
}

/** Which components (`c`) and which findings (`f`) a scope covers. */
async function scopeSql(db: Db, scope: FanOutScope): Promise<{ components: SQL; findings: SQL }> {
  switch (scope.kind) {
    case 'versions':
      return { components: inVersions(scope.productVersionIds), findings: sql`f.product_version_id in (${list(scope.productVersionIds)})` };
    case 'packages': {
      const ids = list(scope.packageVersionIds);
      const vulns = list(scope.vulnerabilityIds);
      return {
        components: sql`${await componentsNamedBy(db, ids)} and k.package_version_id in (${ids}) and pf.vulnerability_id in (${vulns})`,
        findings: sql`f.vulnerability_id in (${vulns}) and f.package_version_id in (${ids})`,
      };
    }
    case 'all':
      return { components: sql`true`, findings: sql`true` };
  }
}

/** A verdict that waits on a running-on platform, for one product version in scope that ships the package version. */
export interface PlatformDependent {
  productVersionId: string;
  product: string;
  packageVersionId: number;
  vulnerabilityId: string;
  conditions: CpeConfiguration[];
}

/**
 * The verdicts in scope that carry platform conditions, per product version shipping them. The
 * partial index on such verdicts answers at once when there are none, the usual case.
 */
export async function platformDependents(db: Db, scope: FanOutScope): Promise<PlatformDependent[]> {
  const conditional =
    scope.kind === 'packages'
      ? sql`select package_version_id from package_findings where platform_conditions is not null
          and package_version_id in (${list(scope.packageVersionIds)}) and vulnerability_id in (${list(scope.vulnerabilityIds)})`
      : sql`select package_version_id from package_findings where platform_conditions is not null`;
  const [any] = rowsOf<{ one: number }>(await db.execute(sql`select 1 as one from (${conditional}) x limit 1`));
  if (!any) return [];
  const { components: inScope } = await scopeSql(db, scope);
  const rows = rowsOf<{ pv: string; product: string; pkg: string | number; vuln: string; conditions: CpeConfiguration[] }>(
    await db.execute(sql`
      select c.product_version_id as pv, p.name as product, pf.package_version_id::bigint as pkg, pf.vulnerability_id as vuln,
        pf.platform_conditions as conditions
      from ${currentComponentsFrom}
      join products p on p.id = pv.product_id
      join package_version_keys k on k.key = ${componentKeySql}
      join package_findings pf on pf.package_version_id = k.package_version_id
      where ${inScope} and ${await componentsNamedBy(db, conditional)} and pf.platform_conditions is not null
      group by c.product_version_id, p.name, pf.package_version_id, pf.vulnerability_id`),
  );
  return rows.map((r) => ({ productVersionId: r.pv, product: r.product, packageVersionId: Number(r.pkg), vulnerabilityId: r.vuln, conditions: r.conditions }));
}

/** The CPEs of the current components of each product version: the platforms its inventory names. */
export async function inventoryPlatforms(db: Db, productVersionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (productVersionIds.length === 0) return out;
  const rows = rowsOf<{ pv: string; cpe: string }>(
    await db.execute(sql`select distinct c.product_version_id as pv, c.cpe from ${currentComponentsFrom}
      where ${inVersions(productVersionIds)} and c.cpe is not null`),
  );
  for (const r of rows) out.set(r.pv, [...(out.get(r.pv) ?? []), r.cpe]);
  return out;
}

/** Non-archived product versions whose current components have a verdict waiting on a platform. */
export async function productVersionsWaitingOnPlatforms(db: Db): Promise<string[]> {
  const conditional = sql`select package_version_id from package_findings where platform_conditions is not null`;
  const rows = rowsOf<{ pv: string }>(
    await db.execute(sql`select distinct c.product_version_id as pv from ${currentComponentsFrom}
      join package_version_keys k on k.key = ${componentKeySql}
      where ${await componentsNamedBy(db, conditional)} and k.package_version_id in (${conditional})`),
  );
  return rows.map((r) => r.pv);
}

/**
 * A platform-dependent verdict settled for one product version: `present` gives the finding at
 * `confidence` without the `platform-unverified` mark, absent gives no finding.
 */
export interface PlatformSettlement {
  pv: string;
  pkg: number;
  vuln: string;
  present: boolean;
}

/**
 * Locks a product version's row: its fan-outs run one at a time and never while its inventory
 * is being replaced (the ingest takes the same lock). `no key update` leaves other runs free to
 * insert findings that refer to the version meanwhile (a foreign key takes a key-share lock).
 */
export async function lockProductVersion(db: Db, productVersionId: string): Promise<void> {
  await db.execute(sql`select 1 from product_versions where id = ${productVersionId} for no key update`);
}

/**
 * The pieces of the fan-out that apply platform settlements to the verdicts (`pf`) of
 * components (`c`) and name the retractions they cause. Empty without settlements, the usual
 * case, so the statement and its plan stay what they are without any.
 */
function settlingSql(settled: PlatformSettlement[], confirmed: string): Record<'cte' | 'confidence' | 'marks' | 'join' | 'keep' | 'group' | 'absent', SQL> {
  if (settled.length === 0) {
    const none = sql``;
    return { cte: none, confidence: sql`pf.confidence`, marks: sql`pf.marks`, join: none, keep: none, group: none, absent: none };
  }
  const present = sql`s.present`;
  return {
    cte: sql`settled as (
      select * from jsonb_to_recordset(${JSON.stringify(settled)}::jsonb) as s(pv uuid, pkg bigint, vuln text, present boolean)),`,
    confidence: sql`case when ${present} then ${confirmed} else pf.confidence end`,
    marks: sql`case when ${present} then array_remove(pf.marks, 'platform-unverified') else pf.marks end`,
    join: sql`left join settled s on s.pv = c.product_version_id and s.pkg = pf.package_version_id and s.vuln = pf.vulnerability_id`,
    keep: sql`and ${present} is not false`,
    group: sql`, ${present}`,
    absent: sql`when exists (select 1 from settled s where s.pv = f.product_version_id and s.pkg = f.package_version_id
      and s.vuln = f.vulnerability_id and not s.present) then 'platform-absent'`,
  };
}

export interface FanOutResult {
  /** Findings written: new, reopened or refreshed. */
  upserted: number;
  /** Of those, new or reopened (each with a `finding.opened` event). */
  opened: number;
  /** Retracted (each with a `finding.retracted` event). */
  retracted: number;
}

/**
 * Copies verdicts to findings of the current components of non-archived versions in scope
 * (first seen kept, last seen now, a retracted finding reopened), retracts the open findings in
 * scope that no verdict supports any more, with the reason, and hides what `not_affected` decisions
 * cover. A verdict waiting on a platform is taken as the product version's settlement says:
 * confirmed at `platforms.confirmed` confidence, left out (`platform-absent`), or as it is when unsettled. One
 * statement does the writes and their events, so they share one snapshot; the caller holds the
 * locks that keep concurrent runs from reading verdicts being replaced.
 */
export async function fanOut(
  db: Db,
  scope: FanOutScope,
  now: Date,
  platforms: { settled: PlatformSettlement[]; confirmed: string } = { settled: [], confirmed: 'medium' },
): Promise<FanOutResult> {
  const { components: inScope, findings: findingsInScope } = await scopeSql(db, scope);
  const settling = settlingSql(platforms.settled, platforms.confirmed);
  const [counts] = rowsOf<{ upserted: number; opened: number; retracted: number }>(
    await db.execute(sql`
    with ${settling.cte} desired as (
      select c.product_version_id as pv, pf.package_version_id as pkg, pf.vulnerability_id as vuln, min(c.id) as component_id,
        pf.outcome, pf.method, ${settling.confidence} as confidence, pf.source, pf.sources, pf.searched, pf.matched_range, pf.fixed_in,
        pf.smallest_fix, ${settling.marks} as marks, pf.reason
      from ${currentComponentsFrom}
      join package_version_keys k on k.key = ${componentKeySql}
      join package_findings pf on pf.package_version_id = k.package_version_id ${settling.join}
      where ${inScope} ${settling.keep}
      group by c.product_version_id, pf.package_version_id, pf.vulnerability_id ${settling.group}
    ), was_retracted as (
      select f.id from findings f join desired d on f.product_version_id = d.pv and f.package_version_id = d.pkg and f.vulnerability_id = d.vuln
      where f.state = 'retracted'
    ), up as (
      insert into findings as f (product_version_id, package_version_id, component_id, vulnerability_id, outcome, method, confidence,
        source, sources, searched, matched_range, fixed_in, smallest_fix, marks, reason, state, first_seen, last_seen)
      select pv, pkg, component_id, vuln, outcome, method, confidence, source, sources, searched, matched_range, fixed_in, smallest_fix,
        marks, reason, 'open', ${now}, ${now}
      from desired
      on conflict (product_version_id, package_version_id, vulnerability_id) do update set
        component_id = excluded.component_id, outcome = excluded.outcome, method = excluded.method,
        confidence = excluded.confidence, source = excluded.source, sources = excluded.sources, searched = excluded.searched,
        matched_range = excluded.matched_range, fixed_in = excluded.fixed_in, smallest_fix = excluded.smallest_fix,
        marks = excluded.marks, reason = excluded.reason, state = 'open', retracted_at = null, retract_reason = null,
        last_seen = excluded.last_seen
      returning f.id, f.product_version_id, f.package_version_id, f.component_id, f.vulnerability_id, (f.xmax = 0) as inserted
    ), opened as (
      insert into events (type, at, team_id, product_id, product_version_id, vulnerability_id, data)
      select 'finding.opened', ${now}, p.team_id, p.id, up.product_version_id, up.vulnerability_id,
        jsonb_build_object('findingId', up.id, 'packageVersionId', up.package_version_id, 'componentId', up.component_id, 'reopened', not up.inserted)
      from up join product_versions pv on pv.id = up.product_version_id join products p on p.id = pv.product_id
      where up.inserted or up.id in (select id from was_retracted)
      order by up.id
      returning 1
    ), gone as (
      update findings f set state = 'retracted', retracted_at = ${now}, retract_reason = case
          when (select lifecycle from product_versions where id = f.product_version_id) = 'archived' then 'version-archived'
          when not exists (
            select 1 from ${currentComponentsFrom} join package_version_keys k on k.key = ${componentKeySql}
            where c.product_version_id = f.product_version_id and k.package_version_id = f.package_version_id) then 'component-gone'
          when not exists (select 1 from vulnerabilities v where v.id = f.vulnerability_id and not v.withdrawn) then 'advisory-withdrawn'
          ${settling.absent}
          else 'range-changed' end
      where f.state = 'open' and ${findingsInScope}
        and not exists (select 1 from desired d where d.pv = f.product_version_id and d.pkg = f.package_version_id and d.vuln = f.vulnerability_id)
      returning f.id, f.product_version_id, f.package_version_id, f.vulnerability_id, f.retract_reason
    ), retracted as (
      insert into events (type, at, team_id, product_id, product_version_id, vulnerability_id, data)
      select 'finding.retracted', ${now}, p.team_id, p.id, gone.product_version_id, gone.vulnerability_id,
        jsonb_build_object('findingId', gone.id, 'packageVersionId', gone.package_version_id, 'reason', gone.retract_reason)
      from gone join product_versions pv on pv.id = gone.product_version_id join products p on p.id = pv.product_id
      order by gone.id
      returning 1
    )
    select (select count(*) from up)::int as upserted, (select count(*) from opened)::int as opened, (select count(*) from retracted)::int as retracted`),
  );
  await applyDecisionFlags(db, findingsInScope, now);
  return { upserted: counts?.upserted ?? 0, opened: counts?.opened ?? 0, retracted: counts?.retracted ?? 0 };
}

/**
 * Moves the findings and verdicts of a vulnerability absorbed into another (a GHSA now known by
 * its CVE) to the other's id, keeping the earlier first-seen where both exist, so the merge is
 * not reported as one finding retracted and another opened. In the transaction that absorbs it.
 */
export async function rekeyFindings(db: Db, from: string, into: string): Promise<void> {
  // The same order of locks as matching: the package versions first, then their verdicts and findings.
  await db.execute(sql`select id from package_versions where id in (
      select package_version_id from package_findings where vulnerability_id in (${from}, ${into})
      union select package_version_id from findings where vulnerability_id in (${from}, ${into}))
    order by id for no key update`);
  await db.execute(sql`
    insert into package_findings (package_version_id, vulnerability_id, outcome, method, confidence, source, sources, searched,
      matched_range, fixed_in, smallest_fix, marks, reason)
    select package_version_id, ${into}, outcome, method, confidence, source, sources, searched, matched_range, fixed_in, smallest_fix, marks, reason
    from package_findings where vulnerability_id = ${from}
    on conflict do nothing`);
  await db.execute(sql`delete from package_findings where vulnerability_id = ${from}`);
  await db.execute(sql`
    update findings g set first_seen = least(g.first_seen, f.first_seen),
      state = case when f.state = 'open' then 'open' else g.state end,
      retracted_at = case when f.state = 'open' then null else g.retracted_at end,
      retract_reason = case when f.state = 'open' then null else g.retract_reason end
    from findings f
    where f.vulnerability_id = ${from} and g.vulnerability_id = ${into}
      and g.product_version_id = f.product_version_id and g.package_version_id = f.package_version_id`);
  await db.execute(sql`
    delete from findings f using findings g
    where f.vulnerability_id = ${from} and g.vulnerability_id = ${into}
      and g.product_version_id = f.product_version_id and g.package_version_id = f.package_version_id`);
  await db.execute(sql`update findings set vulnerability_id = ${into} where vulnerability_id = ${from}`);
}

/** What a case reads of a product's open, unhidden findings on one vulnerability. */
export interface ProductExposure {
  /** Open findings not hidden by a `not_affected` decision. */
  open: number;
  /** A direct dependency among them; null when no SBOM says. */
  direct: boolean | null;
  /** Best match confidence among them. */
  confidence: 'high' | 'medium' | 'low';
  fixAvailable: boolean;
  /** Reasons of the retracted ones, for a case closed because none is left. */
  retractReasons: string[];
}

export async function productExposure(db: Db, productId: string, vulnerabilityId: string): Promise<ProductExposure> {
  const [row] = rowsOf<{ open: number; direct: boolean | null; best: number | null; fix: boolean; reasons: string[] | null }>(
    await db.execute(sql`
      select count(*) filter (where f.state = 'open' and not f.suppressed)::int as open,
        bool_or(c.direct) filter (where f.state = 'open' and not f.suppressed) as direct,
        min(case f.confidence when 'high' then 0 when 'medium' then 1 else 2 end) filter (where f.state = 'open' and not f.suppressed) as best,
        coalesce(bool_or(f.smallest_fix is not null) filter (where f.state = 'open' and not f.suppressed), false) as fix,
        array_agg(distinct f.retract_reason) filter (where f.state = 'retracted') as reasons
      from findings f join product_versions pv on pv.id = f.product_version_id
      left join components c on c.id = f.component_id
      where pv.product_id = ${productId} and f.vulnerability_id = ${vulnerabilityId}`),
  );
  return {
    open: row?.open ?? 0,
    direct: row?.direct ?? null,
    confidence: (['high', 'medium', 'low'] as const)[row?.best ?? 2] ?? 'low',
    fixAvailable: Boolean(row?.fix),
    retractReasons: (row?.reasons ?? []).sort(),
  };
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
  /** Hidden by a `not_affected` decision or not; undefined: both. */
  suppressed?: boolean;
  state?: 'open' | 'retracted';
  outcome?: 'affected' | 'undecidable';
  /** Any of these severities; `unknown` is a finding no merged record rates. */
  severity?: string[];
  kev?: boolean;
  fixAvailable?: boolean;
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
  /** The vulnerability's best merged rating, `unknown` when no record rates it. */
  severity: string;
  cvss: { version: string; score: number; vector: string; source: string } | null;
  kev: boolean;
  epss: number | null;
  title: string | null;
  state: string;
  /** Why a retracted finding was retracted. */
  retractReason: string | null;
  suppressed: boolean;
  suppressionId: string | null;
  firstSeen: Date;
  lastSeen: Date;
}

/** Findings `viewer` may see (its team's, none under an embargo it is not told of), filtered and paged, newest first. */
export async function listFindings(
  db: Db,
  filter: FindingFilter,
  viewer: Principal,
  limit: number,
  offset: number,
): Promise<{ items: FindingRow[]; total: number }> {
  const where: SQL[] = [embargoVisibleSql(viewer, { vulnerabilityId: sql`f.vulnerability_id`, productId: sql`p.id` })];
  const teamId = teamScope(viewer);
  if (teamId !== null) where.push(sql`p.team_id = ${teamId}`);
  if (filter.product) where.push(sql`p.name = ${filter.product}`);
  if (filter.version) where.push(sql`pv.version = ${filter.version}`);
  if (filter.vulnerability) {
    const v = filter.vulnerability.trim();
    where.push(sql`(f.vulnerability_id = ${v} or f.vulnerability_id in (select vulnerability_id from vulnerability_aliases where alias = ${v}))`);
  }
  if (filter.component) {
    const c = filter.component.trim();
    where.push(c.startsWith('pkg:') ? sql`(pkv.purl = ${c} or pkv.purl_base = ${c})` : sql`lower(pkv.component_name) = ${c.toLowerCase()}`);
  }
  if (filter.confidence) where.push(sql`f.confidence = ${filter.confidence}`);
  if (filter.suppressed !== undefined) where.push(sql`f.suppressed = ${filter.suppressed}`);
  if (filter.outcome) where.push(sql`f.outcome = ${filter.outcome}`);
  if (filter.severity?.length) where.push(sql`coalesce(v.severity, 'unknown') in (${list(filter.severity)})`);
  if (filter.kev !== undefined) where.push(filter.kev ? sql`k.cve is not null` : sql`k.cve is null`);
  if (filter.fixAvailable !== undefined) where.push(filter.fixAvailable ? sql`f.smallest_fix is not null` : sql`f.smallest_fix is null`);
  where.push(sql`f.state = ${filter.state ?? 'open'}`);
  const cond = sql.join(where, sql` and `);
  const from = sql`from findings f
    join product_versions pv on pv.id = f.product_version_id
    join products p on p.id = pv.product_id
    join package_versions pkv on pkv.id = f.package_version_id
    left join components c on c.id = f.component_id
    left join vulnerabilities v on v.id = f.vulnerability_id
    left join kev_entries k on k.cve = f.vulnerability_id
    left join epss_scores e on e.cve = f.vulnerability_id`;
  const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${from} where ${cond}`));
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select f.id::bigint as id, p.name as product, pv.version as product_version, coalesce(c.bom_ref, '') as bom_ref,
        coalesce(c.name, pkv.component_name) as name, coalesce(c.version, pkv.version) as version, coalesce(c.purl, pkv.purl) as purl,
        coalesce(c.cpe, pkv.cpe) as cpe,
        f.vulnerability_id, f.outcome, f.method, f.confidence, f.source, f.sources, f.searched, f.matched_range, f.fixed_in,
        f.smallest_fix, f.marks, f.reason, coalesce(v.severity, 'unknown') as severity, v.cvss, k.cve is not null as kev, e.epss, v.title,
        f.state, f.retract_reason, f.suppressed, f.suppression_id, f.first_seen, f.last_seen
      ${from} where ${cond}
      order by f.last_seen desc, f.id desc
      limit ${limit} offset ${offset}`),
  );
  const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
  const items = rows.map((r) => ({
    id: Number(r.id),
    product: String(r.product),
    productVersion: String(r.product_version),
    component: {
      bomRef: String(r.bom_ref),
      name: String(r.name),
      version: (r.version as string | null) ?? null,
      purl: (r.purl as string | null) ?? null,
      cpe: (r.cpe as string | null) ?? null,
    },
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
    severity: String(r.severity),
    cvss: (r.cvss as FindingRow['cvss']) ?? null,
    kev: Boolean(r.kev),
    epss: r.epss === null || r.epss === undefined ? null : Number(r.epss),
    title: (r.title as string | null) ?? null,
    state: String(r.state),
    retractReason: (r.retract_reason as string | null) ?? null,
    suppressed: Boolean(r.suppressed),
    suppressionId: (r.suppression_id as string | null) ?? null,
    firstSeen: date(r.first_seen),
    lastSeen: date(r.last_seen),
  }));
  return { items, total: count?.n ?? 0 };
}

/** Open, unhidden findings per `productId/vulnerabilityId` pair asked for (absent: none). */
export async function openFindingCounts(db: Db, pairs: { productId: string; vulnerabilityId: string }[]): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const rows = rowsOf<{ key: string; n: number }>(
    await db.execute(sql`select pv.product_id::text || '/' || f.vulnerability_id as key, count(*)::int as n
      from findings f join product_versions pv on pv.id = f.product_version_id
      where (pv.product_id::text || '/' || f.vulnerability_id) in (${list(pairs.map((p) => `${p.productId}/${p.vulnerabilityId}`))})
        and f.state = 'open' and not f.suppressed
      group by 1`),
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

/** The product versions whose findings on a vulnerability make up its case, with their components. */
export async function productFindings(db: Db, productId: string, vulnerabilityId: string) {
  return rowsOf<{
    version: string;
    lifecycle: string;
    component: string | null;
    purl: string | null;
    state: string;
    suppressed: boolean;
    confidence: string;
    smallest_fix: string | null;
    fixed_in: string[];
  }>(
    await db.execute(sql`select pv.version, pv.lifecycle, coalesce(c.name, pkv.component_name) as component, coalesce(c.purl, pkv.purl) as purl, f.state, f.suppressed,
        f.confidence, f.smallest_fix, f.fixed_in
      from findings f join product_versions pv on pv.id = f.product_version_id join package_versions pkv on pkv.id = f.package_version_id
      left join components c on c.id = f.component_id
      where pv.product_id = ${productId} and f.vulnerability_id = ${vulnerabilityId}
      order by pv.version, component`),
  );
}
