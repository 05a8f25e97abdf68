import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.ts';

/** Sizes of the inventory for metrics: counts only, no names. */
export interface InventoryStats {
  products: number;
  components: number;
  versionsByLifecycle: { lifecycle: string; n: number }[];
  uploadsByStatus: { status: string; n: number }[];
}

export async function inventoryStats(db: Db): Promise<InventoryStats> {
  const [totals] = await queryRows<{ products: number; components: number }>(
    db,
    sql`select (select count(*)::int from products) as products, (select count(*)::int from components) as components`,
  );
  return {
    products: totals?.products ?? 0,
    components: totals?.components ?? 0,
    versionsByLifecycle: await queryRows(db, sql`select lifecycle, count(*)::int as n from product_versions group by lifecycle`),
    uploadsByStatus: await queryRows(db, sql`select status, count(*)::int as n from sbom_uploads group by status`),
  };
}

/**
 * One purl base per package type in the inventory (per type and namespace for distribution
 * packages, whose namespace names the distribution), so a caller can map the inventory's
 * ecosystems without reading every component.
 */
export async function purlBasePerType(db: Db): Promise<string[]> {
  const rows = await queryRows<{ purl_base: string }>(
    db,
    sql`
    select distinct on (prefix) purl_base from (
      select purl_base,
        case when split_part(lower(purl_base), '/', 1) in ('pkg:deb', 'pkg:apk', 'pkg:rpm')
          then split_part(lower(purl_base), '/', 1) || '/' || split_part(lower(purl_base), '/', 2)
          else split_part(lower(purl_base), '/', 1) end as prefix
      from components where purl_base is not null) p
    order by prefix`,
  );
  return rows.map((r) => r.purl_base);
}

/**
 * What could not be decided in a product version, as `kanshi scan` calls it undecided: open
 * candidates its components' versions cannot settle (`undecidable` findings not hidden by a VEX
 * statement), and components whose purl or CPE could not be read. Neither is ever counted clean.
 */
export interface VersionUndecided {
  total: number;
  candidates: number;
  unreadableIdentifiers: number;
}

export async function versionUndecided(db: Db, productVersionId: string): Promise<VersionUndecided> {
  const [row] = await queryRows<{ candidates: number; unreadable: number }>(
    db,
    sql`select
      (select count(*)::int from findings f where f.product_version_id = ${productVersionId}
        and f.state = 'open' and f.outcome = 'undecidable' and not f.suppressed) as candidates,
      (select count(*)::int from components c where c.product_version_id = ${productVersionId}
        and c.unreadable_identifier is not null) as unreadable`,
  );
  const candidates = row?.candidates ?? 0;
  const unreadableIdentifiers = row?.unreadable ?? 0;
  return { total: candidates + unreadableIdentifiers, candidates, unreadableIdentifiers };
}
