/**
 * The outputs of `kanshi scan`: the JSON document of DESIGN.md section 4, a table for people,
 * SARIF 2.1.0 for code-scanning dashboards and a CycloneDX 1.6 VEX document.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedComponent, ParsedSbom } from '../inventory/sbom-model.ts';
import type { VulnerabilitySummary } from '../vulns/advisory-lookup.ts';
import type { SeverityRating } from '../vulns/advisory.ts';
import type { ComponentFindings } from './match-batch.ts';
import type { Finding } from './match.model.ts';

export interface ScanFinding {
  component: { bomRef: string; name: string; version: string | null; purl: string | null; cpe: string | null };
  vulnerability: {
    id: string;
    aliases: string[];
    sources: string[];
    severity: SeverityRating | null;
    cvss: { version: string; score: number; vector: string } | null;
    kev: boolean;
    epss: number | null;
  };
  /** `searched` says what was looked up, and when it was the source package of an OS package (`… (source of libc6)`). */
  match: { method: string; confidence: string; source: string; range: string; fixedIn: string[]; searched: string };
}

/**
 * What could not be decided, reported apart and never as affected or clean: a candidate the
 * component's version could not settle, or a component whose purl or CPE could not be read
 * (no vulnerability and no match then, only the reason).
 */
export type ScanUndecided =
  | (Omit<ScanFinding, 'match'> & { match: ScanFinding['match'] & { reason: string } })
  | { component: ScanFinding['component']; vulnerability: null; match: null; reason: string };

/** An undecided candidate: a vulnerability the component's version could not settle. */
type UndecidedCandidate = Exclude<ScanUndecided, { match: null }>;

export interface ScanReport {
  sbom: { format: string; specVersion: string; components: number };
  findings: ScanFinding[];
  undecided: ScanUndecided[];
}

const SEVERITY_RANK: Record<SeverityRating, number> = { critical: 4, high: 3, medium: 2, low: 1, none: 0 };

export type FailOn = 'critical' | 'high' | 'medium' | 'low';

/** Whether a finding's severity is at or above the threshold; an unknown severity never is. */
export const atOrAbove = (severity: SeverityRating | null, threshold: FailOn): boolean =>
  severity !== null && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];

function vulnerabilityOf(f: Finding, summary: VulnerabilitySummary | undefined): ScanFinding['vulnerability'] {
  const sourceNames = [...new Set(f.sources.map((s) => s.slice(0, s.indexOf(':'))))];
  return {
    id: f.vulnerabilityId,
    aliases: summary?.aliases ?? [],
    sources: summary?.sources ?? sourceNames,
    severity: summary?.severity ?? null,
    cvss: summary?.cvss ? { version: summary.cvss.version, score: summary.cvss.score, vector: summary.cvss.vector } : null,
    kev: summary?.kev ?? false,
    epss: summary?.epss ?? null,
  };
}

export function buildReport(sbom: ParsedSbom, results: ComponentFindings<ParsedComponent>[], summaries: Map<string, VulnerabilitySummary>): ScanReport {
  const report: ScanReport = {
    sbom: { format: sbom.format, specVersion: sbom.specVersion, components: sbom.components.length },
    findings: [],
    undecided: [],
  };
  for (const { component, findings } of results) {
    const c = { bomRef: component.bomRef, name: component.name, version: component.version, purl: component.purl, cpe: component.cpe };
    for (const reason of component.unreadable ?? []) report.undecided.push({ component: c, vulnerability: null, match: null, reason });
    for (const f of findings) {
      const p = f.primary;
      const match = { method: p.method, confidence: p.confidence, source: p.source, range: p.range, fixedIn: f.fixedIn, searched: p.searched };
      const vulnerability = vulnerabilityOf(f, summaries.get(f.vulnerabilityId));
      if (f.outcome === 'affected') report.findings.push({ component: c, vulnerability, match });
      else report.undecided.push({ component: c, vulnerability, match: { ...match, reason: p.reason ?? 'undecidable' } });
    }
  }
  return report;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function renderTable(report: ScanReport): string {
  const rows = [
    ['COMPONENT', 'VULNERABILITY', 'SEVERITY', 'KEV', 'MATCH', 'RANGE', 'FIXED IN'],
    ...report.findings.map((f) => [
      `${f.component.name}@${f.component.version ?? '?'}`,
      f.vulnerability.id,
      f.vulnerability.severity ?? '-',
      f.vulnerability.kev ? 'yes' : '',
      `${f.match.method}/${f.match.confidence}`,
      f.match.range,
      f.match.fixedIn.join(', ') || '-',
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.min(48, Math.max(...rows.map((r) => (r[i] ?? '').length)))) ?? [];
  const lines = rows.map((r) => r.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd());
  lines.push('', `${report.findings.length} finding(s) in ${report.sbom.components} component(s) (${report.sbom.format} ${report.sbom.specVersion})`);
  if (report.undecided.length > 0) {
    lines.push(`${report.undecided.length} could not be decided:`);
    for (const u of report.undecided) {
      const why = u.match ? `${u.vulnerability.id}: ${u.match.reason}` : u.reason;
      lines.push(`  ${u.component.name}@${u.component.version ?? '?'} ${why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL: Record<SeverityRating, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', none: 'note' };

/** SARIF 2.1.0: one rule per vulnerability, one result per finding, located at the SBOM and the package. */
export function renderSarif(report: ScanReport, sbomUri: string): object {
  const rules = new Map<string, object>();
  const results = report.findings.map((f) => {
    const v = f.vulnerability;
    if (!rules.has(v.id)) {
      rules.set(v.id, {
        id: v.id,
        name: v.id,
        shortDescription: { text: `${v.id}${v.aliases.length > 0 ? ` (${v.aliases.join(', ')})` : ''}` },
        helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}`,
        properties: { tags: ['security', 'vulnerability'], ...(v.cvss ? { 'security-severity': v.cvss.score.toFixed(1) } : {}) },
      });
    }
    const what = f.component.purl ?? f.component.cpe ?? f.component.name;
    return {
      ruleId: v.id,
      level: v.severity ? SARIF_LEVEL[v.severity] : 'warning',
      message: {
        text: `${f.component.name}@${f.component.version ?? '?'} is affected by ${v.id} (${f.match.method}, ${f.match.confidence}: ${f.match.range})${f.match.fixedIn.length > 0 ? `; fixed in ${f.match.fixedIn.join(', ')}` : ''}`,
      },
      locations: [{ physicalLocation: { artifactLocation: { uri: sbomUri } }, logicalLocations: [{ name: what, kind: 'package' }] }],
      partialFingerprints: { componentVulnerability: `${f.component.bomRef}|${v.id}` },
      properties: { kev: v.kev, epss: v.epss, source: f.match.source, fixedIn: f.match.fixedIn },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'kanshi', rules: [...rules.values()] } }, results }],
  };
}

const CVSS_METHOD: Record<string, string> = { '2.0': 'CVSSv2', '3.0': 'CVSSv3', '3.1': 'CVSSv31', '4.0': 'CVSSv4' };

/**
 * CycloneDX 1.6 VEX: one vulnerability per id, affecting the components it was found in.
 * Findings are matches nobody has analysed yet, so their state is `in_triage`.
 */
export function renderCycloneDxVex(report: ScanReport, now: Date): object {
  const byVuln = new Map<string, { v: ScanFinding['vulnerability']; items: (ScanFinding | UndecidedCandidate)[] }>();
  for (const f of [...report.findings, ...report.undecided.filter((u): u is UndecidedCandidate => u.match !== null)]) {
    const entry = byVuln.get(f.vulnerability.id) ?? { v: f.vulnerability, items: [] };
    entry.items.push(f);
    byVuln.set(f.vulnerability.id, entry);
  }
  const vulnerabilities = [...byVuln.values()].map(({ v, items }) => ({
    'bom-ref': `vuln:${v.id}`,
    id: v.id,
    source: { name: v.id.startsWith('CVE-') ? 'NVD' : (v.sources[0] ?? 'kanshi').toUpperCase() },
    ...(v.aliases.length > 0 ? { references: v.aliases.map((id) => ({ id, source: { name: id.split('-')[0] ?? 'alias' } })) } : {}),
    ...(v.cvss
      ? { ratings: [{ score: v.cvss.score, ...(v.severity && v.severity !== 'none' ? { severity: v.severity } : {}), method: CVSS_METHOD[v.cvss.version] ?? 'other', vector: v.cvss.vector }] }
      : v.severity
        ? { ratings: [{ severity: v.severity }] }
        : {}),
    analysis: {
      state: 'in_triage',
      detail: items.map((i) => `${i.component.name}@${i.component.version ?? '?'}: ${i.match.method} (${i.match.confidence}) ${i.match.source} ${i.match.range}`).join('\n'),
    },
    affects: items.map((i) => ({
      ref: i.component.bomRef,
      ...(i.component.version ? { versions: [{ version: i.component.version, status: 'reason' in i.match ? 'unknown' : 'affected' }] } : {}),
    })),
  }));
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: { timestamp: now.toISOString(), tools: { components: [{ type: 'application', name: 'kanshi' }] } },
    vulnerabilities,
  };
}
