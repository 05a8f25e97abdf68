/**
 * Exposure by component: the packages that put the most product versions at risk, from the open,
 * unsuppressed findings the caller may see. One row per package (purl without version, or the
 * component name when it has no purl).
 */
import { sql, type SQL } from 'drizzle-orm';
import { embargoVisibleSql, teamScope, type Principal } from '../access/index.ts';
import type { Db } from '../db/index.ts';
import { summarizeExposure, type ComponentVersionExposure, type ExposureRow, type VulnerabilityExposure } from './exposure.ts';
import { list, rowsOf } from './sql-fragments.ts';

export interface ComponentExposure {
  name: string;
  /** purl without version and qualifiers; null for a component known by name or CPE only. */
  purl: string | null;
  ecosystem: string | null;
  productVersions: number;
  products: number;
  kev: boolean;
  vulnerabilities: VulnerabilityExposure[];
  versions: ComponentVersionExposure[];
}

const packageKey = sql`coalesce(pkv.purl_base, lower(pkv.component_name))`;

/**
 * Components by product versions at risk (most first), filtered by a name or purl fragment, paged;
 * the viewer's teams only, and nothing of an embargo the viewer may not see.
 */
export async function exposureByComponent(
  db: Db,
  filter: { q?: string | undefined; kev?: boolean | undefined },
  viewer: Principal,
  limit: number,
  offset: number,
): Promise<{ items: ComponentExposure[]; total: number }> {
  const where: SQL[] = [
    sql`f.state = 'open'`,
    sql`not f.suppressed`,
    embargoVisibleSql(viewer, { vulnerabilityId: sql`f.vulnerability_id`, productId: sql`pv.product_id` }),
  ];
  const teamId = teamScope(viewer);
  if (teamId !== null) where.push(sql`p.team_id = ${teamId}`);
  const q = filter.q?.trim().toLowerCase();
  if (q) where.push(sql`(position(${q} in lower(pkv.component_name)) > 0 or position(${q} in lower(coalesce(pkv.purl_base, ''))) > 0)`);
  if (filter.kev !== undefined) where.push(filter.kev ? sql`k.cve is not null` : sql`k.cve is null`);
  const from = sql`from findings f
    join product_versions pv on pv.id = f.product_version_id
    join products p on p.id = pv.product_id
    join package_versions pkv on pkv.id = f.package_version_id
    left join kev_entries k on k.cve = f.vulnerability_id`;
  const cond = sql.join(where, sql` and `);
  const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(distinct ${packageKey})::int as n ${from} where ${cond}`));
  const top = rowsOf<{ key: string; name: string; purl: string | null; ecosystem: string | null; pvs: number; products: number; kev: boolean }>(
    await db.execute(sql`
      select ${packageKey} as key, min(pkv.component_name) as name, min(pkv.purl_base) as purl, min(pkv.ecosystem) as ecosystem,
        count(distinct f.product_version_id)::int as pvs, count(distinct p.id)::int as products, bool_or(k.cve is not null) as kev
      ${from} where ${cond}
      group by 1
      order by pvs desc, bool_or(k.cve is not null) desc, key
      limit ${limit} offset ${offset}`),
  );
  if (top.length === 0) return { items: [], total: count?.n ?? 0 };
  const detail = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${packageKey} as key, pkv.ecosystem, pkv.version as component_version, f.vulnerability_id, coalesce(v.severity, 'unknown') as severity,
        k.cve is not null as kev, f.smallest_fix, count(distinct f.product_version_id)::int as pvs
      ${from} left join vulnerabilities v on v.id = f.vulnerability_id
      where ${cond} and ${packageKey} in (${list(top.map((t) => t.key))})
      group by 1, 2, 3, 4, 5, 6, 7`),
  );
  const byKey = new Map<string, ExposureRow[]>();
  for (const r of detail) {
    const rows = byKey.get(String(r.key)) ?? [];
    rows.push({
      ecosystem: (r.ecosystem as string | null) ?? null,
      componentVersion: (r.component_version as string | null) ?? null,
      vulnerabilityId: String(r.vulnerability_id),
      severity: String(r.severity),
      kev: Boolean(r.kev),
      smallestFix: (r.smallest_fix as string | null) ?? null,
      productVersions: Number(r.pvs),
    });
    byKey.set(String(r.key), rows);
  }
  return {
    total: count?.n ?? 0,
    items: top.map((t) => ({
      name: t.name,
      purl: t.purl,
      ecosystem: t.ecosystem,
      productVersions: Number(t.pvs),
      products: Number(t.products),
      kev: Boolean(t.kev),
      ...summarizeExposure(byKey.get(t.key) ?? []),
    })),
  };
}
