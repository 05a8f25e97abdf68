import { versionScheme } from '../ids/index.ts';

/** One (component version, vulnerability) of a component, as the exposure query groups findings. */
export interface ExposureRow {
  ecosystem: string | null;
  componentVersion: string | null;
  vulnerabilityId: string;
  severity: string;
  kev: boolean;
  /** The smallest version fixing this vulnerability for this component version; null: no fix known. */
  smallestFix: string | null;
  productVersions: number;
}

export interface ComponentVersionExposure {
  version: string | null;
  productVersions: number;
  vulnerabilities: string[];
  /**
   * The smallest version fixing every vulnerability of this version: the greatest of their
   * smallest fixes. Null when one of them has no known fix or the versions cannot be ordered.
   */
  smallestUpgrade: string | null;
}

export interface VulnerabilityExposure {
  id: string;
  severity: string;
  kev: boolean;
  fixedIn: string[];
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];
const rank = (s: string): number => (SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length);

/** The greatest of `versions` in the ecosystem's order; undefined when it has none. */
function greatest(ecosystem: string | null, versions: string[]): string | undefined {
  const scheme = ecosystem ? versionScheme(ecosystem) : undefined;
  if (!scheme) return new Set(versions).size === 1 ? versions[0] : undefined;
  return versions.reduce((a, b) => (scheme.compare(a, b) >= 0 ? a : b));
}

/** A component's vulnerabilities (worst first) and its shipped versions with the smallest upgrade of each. */
export function summarizeExposure(rows: ExposureRow[]): { vulnerabilities: VulnerabilityExposure[]; versions: ComponentVersionExposure[] } {
  const vulns = new Map<string, VulnerabilityExposure>();
  const versions = new Map<string | null, { rows: ExposureRow[] }>();
  for (const r of rows) {
    const v = vulns.get(r.vulnerabilityId) ?? { id: r.vulnerabilityId, severity: r.severity, kev: r.kev, fixedIn: [] };
    if (r.smallestFix && !v.fixedIn.includes(r.smallestFix)) v.fixedIn.push(r.smallestFix);
    vulns.set(r.vulnerabilityId, v);
    const entry = versions.get(r.componentVersion) ?? { rows: [] };
    entry.rows.push(r);
    versions.set(r.componentVersion, entry);
  }
  return {
    vulnerabilities: [...vulns.values()].sort((a, b) => Number(b.kev) - Number(a.kev) || rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id)),
    versions: [...versions.entries()]
      .map(([version, { rows: rs }]) => {
        const fixes = rs.map((r) => r.smallestFix);
        const known = fixes.filter((f): f is string => f !== null);
        return {
          version,
          productVersions: Math.max(...rs.map((r) => r.productVersions)),
          vulnerabilities: [...new Set(rs.map((r) => r.vulnerabilityId))].sort(),
          smallestUpgrade: known.length === fixes.length ? (greatest(rs[0]!.ecosystem, known) ?? null) : null,
        };
      })
      .sort((a, b) => b.productVersions - a.productVersions || String(a.version).localeCompare(String(b.version))),
  };
}
