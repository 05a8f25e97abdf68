import type { Advisory, SeverityRating } from './advisory.ts';

/** A source record as the store holds it, tied to its merged vulnerability. */
export interface StoredAdvisory {
  /** Canonical id of the merged vulnerability: the CVE where one exists, else the source id. */
  vulnerabilityId: string;
  advisory: Advisory;
}

/** The merged view of one vulnerability that findings and reports show. */
export interface VulnerabilitySummary {
  id: string;
  aliases: string[];
  sources: string[];
  severity: SeverityRating | null;
  cvss: { version: string; score: number; vector: string; source: string } | null;
  kev: boolean;
  epss: number | null;
  withdrawn: boolean;
}

export const packageKey = (ecosystem: string, name: string): string => `${ecosystem}\u0000${name}`;
export const cpeKey = (vendor: string, product: string): string => `${vendor}\u0000${product}`;

/**
 * What matching asks of the vulnerability store, in batches. Implemented over the database
 * (daemon) and in memory (offline `kanshi scan`). Package names are normalised with
 * `normalizePackageName` from `src/ids`; CPE vendor/product are lower-case CPE 2.3 values.
 */
export interface AdvisoryLookup {
  /** Advisories with an affected package entry for each `(ecosystem, name)`; keyed by `packageKey`. Ecosystem without `:suffix`. */
  byPackages(keys: { ecosystem: string; name: string }[]): Promise<Map<string, StoredAdvisory[]>>;
  /** Advisories with a CPE (or JVN/CSAF product CPE) entry for each `(vendor, product)`; keyed by `cpeKey`. */
  byCpes(keys: { vendor: string; product: string }[]): Promise<Map<string, StoredAdvisory[]>>;
  /**
   * Advisories with an affected package entry of the name in any ecosystem, for the name-only
   * heuristic; names are compared lower-cased and the result is keyed by the lower-cased name.
   */
  byNames(names: string[]): Promise<Map<string, StoredAdvisory[]>>;
  summaries(vulnerabilityIds: string[]): Promise<Map<string, VulnerabilitySummary>>;
}
