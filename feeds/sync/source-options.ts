import type { KanshiConfig } from '../../src/config/index.ts';
import type { Db } from '../../src/db/index.ts';
import { purlToOsv } from '../../src/ids/index.ts';
import { purlBasePerType } from '../../src/inventory/index.ts';
import { baseEcosystem, type FeedSourceName } from '../../src/vulns/index.ts';

/**
 * The OSV ecosystems of the components in the inventory. One row per purl type (per namespace
 * for distribution packages, whose ecosystem is the distribution), not per component.
 */
export async function inventoryEcosystems(db: Db): Promise<string[]> {
  const ecosystems = new Set<string>();
  for (const base of await purlBasePerType(db)) {
    const osv = purlToOsv(base);
    if (osv.ok) ecosystems.add(baseEcosystem(osv.value.ecosystem));
  }
  return [...ecosystems].sort();
}

/** A source's adapter options: its `feeds.<source>` config without the schedule keys, OSV ecosystems defaulted from the inventory. */
export async function sourceOptions(db: Db, config: KanshiConfig, source: FeedSourceName): Promise<unknown> {
  const { enabled: _enabled, interval: _interval, ...options } = config.feeds[source];
  if (source === 'osv' && !('ecosystems' in options && options.ecosystems)) {
    return { ...options, ecosystems: await inventoryEcosystems(db) };
  }
  return options;
}
