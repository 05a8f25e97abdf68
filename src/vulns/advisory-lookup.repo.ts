import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { advisories, advisoryVulnerabilities, affectedCpes, affectedPackages, epssScores, kevEntries, vulnerabilities, type Db } from '../db/index.ts';
import type { Advisory, SeverityRating } from './advisory.ts';
import { cpeKey, packageKey, type AdvisoryLookup, type StoredAdvisory, type VulnerabilitySummary } from './advisory-lookup.ts';
import { normalizePackageName } from '../ids/index.ts';
import { baseEcosystem } from './affected-index.ts';
import type { HeadlineCvss } from './vulnerability-merge.ts';
import { chunked } from '../core/chunked.ts';

type Hit = { key: string; vulnerabilityId: string; advisory: string };

function group(hits: Hit[]): Map<string, StoredAdvisory[]> {
  const out = new Map<string, StoredAdvisory[]>();
  for (const h of hits) {
    const list = out.get(h.key) ?? [];
    list.push({ vulnerabilityId: h.vulnerabilityId, advisory: JSON.parse(h.advisory) as Advisory });
    out.set(h.key, list);
  }
  return out;
}

/**
 * The match index over the database. Withdrawn records have no index rows, so they never come
 * back from `byPackages` or `byCpes`.
 */
export class DbAdvisoryLookup implements AdvisoryLookup {
  constructor(private readonly db: Db) {}

  byPackages(keys: { ecosystem: string; name: string }[]): Promise<Map<string, StoredAdvisory[]>> {
    return this.lookup(
      keys.map((k) => {
        const ecosystem = baseEcosystem(k.ecosystem);
        return [ecosystem, normalizePackageName(ecosystem, k.name)];
      }),
      affectedPackages,
      affectedPackages.ecosystem,
      affectedPackages.name,
      packageKey,
    );
  }

  byCpes(keys: { vendor: string; product: string }[]): Promise<Map<string, StoredAdvisory[]>> {
    return this.lookup(
      keys.map((k) => [k.vendor.toLowerCase(), k.product.toLowerCase()]),
      affectedCpes,
      affectedCpes.vendor,
      affectedCpes.product,
      cpeKey,
    );
  }

  async byNames(names: string[]): Promise<Map<string, StoredAdvisory[]>> {
    const wanted = [...new Set(names.map((n) => n.toLowerCase()))];
    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const part of chunked(wanted, 500)) {
      const rows = await this.db
        .select({
          name: sql<string>`lower(${affectedPackages.name})`,
          advisoryId: advisories.id,
          vulnerabilityId: advisoryVulnerabilities.vulnerabilityId,
          advisory: advisories.normalized,
        })
        .from(affectedPackages)
        .innerJoin(advisories, eq(advisories.id, affectedPackages.advisoryId))
        .innerJoin(advisoryVulnerabilities, eq(advisoryVulnerabilities.advisoryId, advisories.id))
        .where(inArray(sql`lower(${affectedPackages.name})`, part));
      for (const r of rows) {
        // A record naming the package in several ecosystems comes back once per (name, vulnerability).
        const seenKey = `${r.name}\u0000${r.advisoryId}\u0000${r.vulnerabilityId}`;
        if (seen.has(seenKey)) continue;
        seen.add(seenKey);
        hits.push({ key: r.name, vulnerabilityId: r.vulnerabilityId, advisory: r.advisory });
      }
    }
    return group(hits);
  }

  /** Index rows matching any `(first, second)` pair, joined to their records and vulnerabilities. */
  private async lookup(
    pairs: [string, string][],
    table: typeof affectedPackages | typeof affectedCpes,
    first: PgColumn,
    second: PgColumn,
    keyOf: (a: string, b: string) => string,
  ): Promise<Map<string, StoredAdvisory[]>> {
    const wanted = new Map(pairs.map(([a, b]) => [keyOf(a, b), [a, b] as const]));
    const hits: Hit[] = [];
    for (const part of chunked([...wanted.values()], 500)) {
      const rows = await this.db
        .select({ a: first, b: second, vulnerabilityId: advisoryVulnerabilities.vulnerabilityId, advisory: advisories.normalized })
        .from(table)
        .innerJoin(advisories, eq(advisories.id, table.advisoryId))
        .innerJoin(advisoryVulnerabilities, eq(advisoryVulnerabilities.advisoryId, advisories.id))
        .where(and(inArray(first, [...new Set(part.map((p) => p[0]))]), inArray(second, [...new Set(part.map((p) => p[1]))])));
      for (const r of rows) {
        const key = keyOf(String(r.a), String(r.b));
        if (wanted.has(key)) hits.push({ key, vulnerabilityId: r.vulnerabilityId, advisory: r.advisory });
      }
    }
    return group(hits);
  }

  async summaries(vulnerabilityIds: string[]): Promise<Map<string, VulnerabilitySummary>> {
    const out = new Map<string, VulnerabilitySummary>();
    for (const part of chunked([...new Set(vulnerabilityIds)])) {
      const rows = await this.db
        .select({
          id: vulnerabilities.id,
          aliases: vulnerabilities.aliases,
          sources: vulnerabilities.sources,
          severity: vulnerabilities.severity,
          cvss: vulnerabilities.cvss,
          withdrawn: vulnerabilities.withdrawn,
          kev: sql<boolean>`${kevEntries.cve} is not null`,
          epss: epssScores.epss,
        })
        .from(vulnerabilities)
        .leftJoin(kevEntries, eq(kevEntries.cve, vulnerabilities.id))
        .leftJoin(epssScores, eq(epssScores.cve, vulnerabilities.id))
        .where(inArray(vulnerabilities.id, part));
      for (const r of rows) {
        out.set(r.id, {
          id: r.id,
          aliases: r.aliases,
          sources: r.sources,
          severity: r.severity as SeverityRating | null,
          cvss: r.cvss as HeadlineCvss | null,
          kev: Boolean(r.kev),
          epss: r.epss,
          withdrawn: r.withdrawn,
        });
      }
    }
    return out;
  }
}
