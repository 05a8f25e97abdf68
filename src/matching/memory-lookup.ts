/**
 * An `AdvisoryLookup` held in memory, for the offline `kanshi scan`: the records of a feed dump,
 * merged by aliases under the same rule as the store (a record belongs to each CVE it names;
 * one naming none joins the vulnerability its aliases point to, a CVE first, else founds its
 * own), indexed by package and CPE, enriched with KEV and EPSS.
 */
import {
  type Advisory,
  type AdvisoryLookup,
  cpeKey,
  type EpssScore,
  type FeedRecord,
  indexKeys,
  isWithdrawn,
  type KevEntry,
  mergeVulnerability,
  packageKey,
  recordAliases,
  recordCves,
  type StoredAdvisory,
  type VulnerabilitySummary,
} from '../vulns/index.ts';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class MemoryAdvisoryLookup implements AdvisoryLookup {
  private readonly packages = new Map<string, StoredAdvisory[]>();
  private readonly cpes = new Map<string, StoredAdvisory[]>();
  /** By lower-cased package name, any ecosystem: the name-only heuristic's candidates. */
  private readonly names = new Map<string, StoredAdvisory[]>();
  private readonly records = new Map<string, Advisory[]>();
  private readonly kev = new Map<string, KevEntry>();
  private readonly epss = new Map<string, EpssScore>();

  /** Builds the lookup from normalised records; a later record with the same source id replaces an earlier one. */
  constructor(feedRecords: Iterable<FeedRecord>) {
    const latest = new Map<string, Advisory>();
    for (const r of feedRecords) {
      if (r.kind === 'kev') this.kev.set(r.entry.cve, r.entry);
      else if (r.kind === 'epss') this.epss.set(r.score.cve, r.score);
      else latest.set(`${r.advisory.source}\u0000${r.advisory.sourceId}`, r.advisory);
    }
    const advisories = [...latest.values()];
    const claimed = new Map<string, string>();
    for (const a of advisories) {
      const cves = recordCves(a);
      if (cves.length !== 1) continue;
      for (const alias of recordAliases(a)) claimed.set(alias, cves[0] as string);
    }
    for (const a of advisories) for (const v of recordCves(a)) this.add(v, a);
    for (const a of advisories.filter((x) => recordCves(x).length === 0)) {
      const aliases = recordAliases(a);
      const target = aliases.map((id) => claimed.get(id)).find((v) => v !== undefined) ?? a.sourceId;
      for (const alias of aliases) if (!claimed.has(alias)) claimed.set(alias, target);
      this.add(target, a);
    }
  }

  private add(vulnerabilityId: string, advisory: Advisory): void {
    push(this.records, vulnerabilityId, advisory);
    // Withdrawn records are kept for the merged view but never indexed, as in the store.
    if (isWithdrawn(advisory)) return;
    const stored: StoredAdvisory = { vulnerabilityId, advisory };
    const keys = indexKeys(advisory);
    for (const k of keys.packages) push(this.packages, packageKey(k.ecosystem, k.name), stored);
    for (const k of keys.cpes) push(this.cpes, cpeKey(k.vendor, k.product), stored);
    for (const name of new Set(keys.packages.map((k) => k.name.toLowerCase()))) push(this.names, name, stored);
  }

  /** Number of merged vulnerabilities. */
  get size(): number {
    return this.records.size;
  }

  async byPackages(keys: { ecosystem: string; name: string }[]): Promise<Map<string, StoredAdvisory[]>> {
    return this.pick(
      this.packages,
      keys.map((k) => packageKey(k.ecosystem, k.name)),
    );
  }

  async byCpes(keys: { vendor: string; product: string }[]): Promise<Map<string, StoredAdvisory[]>> {
    return this.pick(
      this.cpes,
      keys.map((k) => cpeKey(k.vendor.toLowerCase(), k.product.toLowerCase())),
    );
  }

  async byNames(names: string[]): Promise<Map<string, StoredAdvisory[]>> {
    return this.pick(
      this.names,
      names.map((n) => n.toLowerCase()),
    );
  }

  private pick(index: Map<string, StoredAdvisory[]>, keys: string[]): Map<string, StoredAdvisory[]> {
    const out = new Map<string, StoredAdvisory[]>();
    for (const k of keys) {
      const hit = index.get(k);
      if (hit) out.set(k, hit);
    }
    return out;
  }

  async summaries(vulnerabilityIds: string[]): Promise<Map<string, VulnerabilitySummary>> {
    const out = new Map<string, VulnerabilitySummary>();
    for (const id of new Set(vulnerabilityIds)) {
      const records = this.records.get(id);
      if (!records) continue;
      const merged = mergeVulnerability(id, records);
      out.set(id, {
        id,
        aliases: merged.aliases,
        sources: merged.sources,
        severity: merged.severity,
        cvss: merged.cvss,
        kev: this.kev.has(id),
        epss: this.epss.get(id)?.epss ?? null,
        withdrawn: merged.withdrawn,
      });
    }
    return out;
  }
}
