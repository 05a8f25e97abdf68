/**
 * The outputs of `kanshi scan`: the JSON document of DESIGN.md section 4, a table for people,
 * SARIF 2.1.0 for code-scanning dashboards and the VEX document a CycloneDX VEX is written from.
 */
import { genericVersionScheme, safeCompare, versionScheme } from '../ids/index.ts';
import type { ParsedComponent, ParsedSbom } from '../inventory/index.ts';
import type { VexDocument, VexScore } from '../vex/index.ts';
import type { SeverityRating, VulnerabilitySummary } from '../vulns/index.ts';
import type { ComponentFindings } from './match-batch.ts';
import type { Finding } from './match.model.ts';

export interface ScanFinding {
  component: { bomRef: string; name: string; version: string | null; purl: string | null; cpe: string | null };
  vulnerability: {
    id: string;
    aliases: string[];
    sources: string[];
    /** `unknown` when no merged record (NVD, GHSA, vendor…) rates it: unknown is not safe. */
    severity: ScanSeverity;
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
  /** What the SBOM describes (CycloneDX metadata.component, SPDX DESCRIBES), if it says. */
  subject: ParsedSbom['subject'];
  findings: ScanFinding[];
  undecided: ScanUndecided[];
  /** The upgrades that clear findings, per component, lowest first. */
  upgrades: UpgradeAdvice[];
}

export type ScanSeverity = SeverityRating | 'unknown';

const SEVERITY_RANK: Record<SeverityRating, number> = { critical: 4, high: 3, medium: 2, low: 1, none: 0 };

export type FailOn = 'critical' | 'high' | 'medium' | 'low';

/** How `--fail-on` ranks a finding of unknown severity: as one of the ratings, or not at all. */
export type UnknownAs = FailOn | 'ignore';

/**
 * Whether a finding's severity is at or above the threshold. An unknown severity counts as
 * `unknownAs` (default `critical`: it trips every threshold, since nobody has shown it is minor).
 */
export function atOrAbove(severity: ScanSeverity, threshold: FailOn, unknownAs: UnknownAs = 'critical'): boolean {
  const rating = severity === 'unknown' ? (unknownAs === 'ignore' ? null : unknownAs) : severity;
  return rating !== null && SEVERITY_RANK[rating] >= SEVERITY_RANK[threshold];
}

function vulnerabilityOf(f: Finding, summary: VulnerabilitySummary | undefined): ScanFinding['vulnerability'] {
  const sourceNames = [...new Set(f.sources.map((s) => s.slice(0, s.indexOf(':'))))];
  return {
    id: f.vulnerabilityId,
    aliases: summary?.aliases ?? [],
    sources: summary?.sources ?? sourceNames,
    severity: summary?.severity ?? 'unknown',
    cvss: summary?.cvss ? { version: summary.cvss.version, score: summary.cvss.score, vector: summary.cvss.vector } : null,
    kev: summary?.kev ?? false,
    epss: summary?.epss ?? null,
  };
}

export function buildReport(sbom: ParsedSbom, results: ComponentFindings<ParsedComponent>[], summaries: Map<string, VulnerabilitySummary>): ScanReport {
  const report: ScanReport = {
    sbom: { format: sbom.format, specVersion: sbom.specVersion, components: sbom.components.length },
    subject: sbom.subject,
    findings: [],
    undecided: [],
    upgrades: [],
  };
  const fixes: FixedFinding[] = [];
  for (const { component, findings } of results) {
    const c = { bomRef: component.bomRef, name: component.name, version: component.version, purl: component.purl, cpe: component.cpe };
    for (const reason of component.unreadable ?? []) report.undecided.push({ component: c, vulnerability: null, match: null, reason });
    for (const f of findings) {
      const p = f.primary;
      const match = { method: p.method, confidence: p.confidence, source: p.source, range: p.range, fixedIn: f.fixedIn, searched: p.searched };
      const vulnerability = vulnerabilityOf(f, summaries.get(f.vulnerabilityId));
      if (f.outcome === 'affected') {
        report.findings.push({ component: c, vulnerability, match });
        fixes.push({ component: c, smallestFix: f.smallestFix ?? null });
      } else report.undecided.push({ component: c, vulnerability, match: { ...match, reason: p.reason ?? 'undecidable' } });
    }
  }
  report.upgrades = upgradeAdvice(fixes);
  return report;
}

/** Cells longer than this are cut (range expressions of CPE configurations can run long); names never are. */
const MAX_RANGE_CHARS = 40;

const cut = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * How each component is named in the table: `name@version`, plus its bom-ref when the SBOM
 * ships the same name and version more than once (two copies in different places).
 */
function componentLabels(report: ScanReport): Map<string, string> {
  const items = [...report.findings, ...report.undecided].map((f) => f.component);
  const refsByName = new Map<string, Set<string>>();
  for (const c of items) {
    const name = `${c.name}@${c.version ?? '?'}`;
    refsByName.set(name, (refsByName.get(name) ?? new Set()).add(c.bomRef));
  }
  const labels = new Map<string, string>();
  for (const c of items) {
    const name = `${c.name}@${c.version ?? '?'}`;
    labels.set(c.bomRef, (refsByName.get(name)?.size ?? 0) > 1 ? `${name} [${c.bomRef}]` : name);
  }
  return labels;
}

/** Version order for a component's fixes: its purl type's scheme, else the generic one. */
function schemeOf(purl: string | null) {
  const type = /^pkg:([^/]+)\//i.exec(purl ?? '')?.[1];
  return (type && versionScheme(type)) || genericVersionScheme;
}

/** One piece of advice: upgrading `component` to `to` clears `clears` of its `of` findings. */
export interface UpgradeAdvice {
  component: { bomRef: string; name: string; version: string | null };
  to: string;
  clears: number;
  of: number;
}

/** A finding's component and the smallest upgrade no source flags (null when some source names none). */
export interface FixedFinding {
  component: ScanFinding['component'];
  smallestFix: string | null;
}

/**
 * Per component, each smallest fix its findings name, lowest first, with how many findings an
 * upgrade to it clears (those whose own smallest fix is at or below it).
 */
export function upgradeAdvice(findings: FixedFinding[]): UpgradeAdvice[] {
  const byComponent = new Map<string, FixedFinding[]>();
  for (const f of findings) byComponent.set(f.component.bomRef, [...(byComponent.get(f.component.bomRef) ?? []), f]);
  const advice: UpgradeAdvice[] = [];
  for (const list of byComponent.values()) {
    const { bomRef, name, version, purl } = list[0]!.component;
    const scheme = schemeOf(purl);
    const order = (a: string, b: string): number => safeCompare(scheme, a, b) ?? a.localeCompare(b);
    const fixes = [...new Set(list.flatMap((f) => (f.smallestFix ? [f.smallestFix] : [])))].sort(order);
    for (const to of fixes) {
      const clears = list.filter((f) => f.smallestFix !== null && order(f.smallestFix, to) <= 0).length;
      advice.push({ component: { bomRef, name, version }, to, clears, of: list.length });
    }
  }
  return advice;
}

export function renderTable(report: ScanReport): string {
  const labels = componentLabels(report);
  const rows = [
    ['COMPONENT', 'VULNERABILITY', 'SEVERITY', 'KEV', 'MATCH', 'RANGE', 'FIXED IN'],
    ...report.findings.map((f) => [
      labels.get(f.component.bomRef)!,
      f.vulnerability.id,
      f.vulnerability.severity,
      f.vulnerability.kev ? 'yes' : '',
      `${f.match.method}/${f.match.confidence}`,
      cut(f.match.range, MAX_RANGE_CHARS),
      f.match.fixedIn.join(', ') || '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  lines.push('', `${report.findings.length} finding(s) in ${report.sbom.components} component(s) (${report.sbom.format} ${report.sbom.specVersion})`);
  const unknown = report.findings.filter((f) => f.vulnerability.severity === 'unknown').length;
  if (unknown > 0) lines.push(`${unknown} of unknown severity (no record rates them; --fail-on counts them, see --unknown-as)`);
  for (const a of report.upgrades) lines.push(`upgrade ${labels.get(a.component.bomRef)!} to ${a.to} clears ${a.clears} of its ${a.of} finding(s)`);
  if (report.undecided.length > 0) {
    lines.push(`${report.undecided.length} could not be decided:`);
    for (const u of report.undecided) {
      const why = u.match ? `${u.vulnerability.id}: ${u.match.reason}` : u.reason;
      lines.push(`  ${labels.get(u.component.bomRef)!} ${why}`);
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
      level: v.severity === 'unknown' ? 'warning' : SARIF_LEVEL[v.severity],
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

/** The scanned CycloneDX document's identity: what BOM-Links into it are made of. */
export interface BomIdentity {
  serialNumber: string;
  version: number;
}

const SCORE_VERSIONS: readonly string[] = ['2.0', '3.0', '3.1', '4.0'];

/**
 * The scan as a VEX document: one statement per vulnerability, about the components it was
 * found in. Findings are matches nobody has analysed yet, so they are under investigation. The
 * subject is the scanned product; when the input is a CycloneDX document with a serial number,
 * components are referred to by BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`), so they
 * resolve against the input rather than inside the VEX, which lists no components.
 */
export function scanVexDocument(report: ScanReport, now: Date, input: { name: string; bom: BomIdentity | null }): VexDocument {
  const serial = input.bom?.serialNumber.replace(/^urn:uuid:/i, '');
  const ref = (bomRef: string): string => (input.bom && serial ? `urn:cdx:${serial}/${input.bom.version}#${encodeURIComponent(bomRef)}` : bomRef);
  const byVuln = new Map<string, { v: ScanFinding['vulnerability']; items: (ScanFinding | UndecidedCandidate)[] }>();
  for (const f of [...report.findings, ...report.undecided.filter((u): u is UndecidedCandidate => u.match !== null)]) {
    const entry = byVuln.get(f.vulnerability.id) ?? { v: f.vulnerability, items: [] };
    entry.items.push(f);
    byVuln.set(f.vulnerability.id, entry);
  }
  const statements = [...byVuln.values()].map(({ v, items }) => ({
    vulnerability: {
      id: v.id,
      aliases: v.aliases,
      sources: v.sources,
      title: null,
      description: null,
      severity: v.severity,
      scores: v.cvss && SCORE_VERSIONS.includes(v.cvss.version) ? [{ ...v.cvss, version: v.cvss.version as VexScore['version'] }] : [],
      cwes: [],
      references: [],
    },
    status: 'under_investigation' as const,
    components: items.map((i) => ({ ...i.component, ref: ref(i.component.bomRef), undecided: 'reason' in i.match })),
    justification: null,
    impact: null,
    action: null,
    fixVersion: null,
    detail: items
      .map((i) => `${i.component.name}@${i.component.version ?? '?'}: ${i.match.method} (${i.match.confidence}) ${i.match.source} ${i.match.range}`)
      .join('\n'),
  }));
  return {
    subject: report.subject ?? { name: input.name, version: null, purl: null },
    author: 'kanshi',
    timestamp: now,
    statements,
    components: 'linked',
  };
}
