import { sql } from 'drizzle-orm';
import type { KanshiConfig } from '../../src/config/index.ts';
import type { Db } from '../../src/db/index.ts';
import { purlToOsv } from '../../src/ids/index.ts';
import { baseEcosystem, type SourceName } from '../../src/vulns/index.ts';

/**
 * The OSV ecosystems of the components in the inventory. One row per purl type (per namespace
 * for distribution packages, whose ecosystem is the distribution), not per component.
 */
export async function inventoryEcosystems(db: Db): Promise<string[]> {
  // One real purl per type (per type and namespace for distributions), mapped as it is written.
  const result = (await db.execute(sql`
    select distinct on (prefix) purl_base from (
      select purl_base,
        case when split_part(lower(purl_base), '/', 1) in ('pkg:deb', 'pkg:apk', 'pkg:rpm')
          then split_part(lower(purl_base), '/', 1) || '/' || split_part(lower(purl_base), '/', 2)
          else split_part(lower(purl_base), '/', 1) end as prefix
      from components where purl_base is not null) p
    order by prefix`)) as unknown as { rows: { purl_base: string }[] };
  const ecosystems = new Set<string>();
  for (const { purl_base } of result.rows) {
    const osv = purlToOsv(purl_base);
    if (osv.ok) ecosystems.add(baseEcosystem(osv.value.ecosystem));
  }
  return [...ecosystems].sort();
}

/** A source's adapter options: its `feeds.<source>` config without the schedule keys, OSV ecosystems defaulted from the inventory. */
export async function sourceOptions(db: Db, config: KanshiConfig, source: SourceName): Promise<unknown> {
  const { enabled: _enabled, interval: _interval, ...options } = config.feeds[source];
  if (source === 'osv' && !('ecosystems' in options && options.ecosystems)) {
    return { ...options, ecosystems: await inventoryEcosystems(db) };
  }
  return options;
}
