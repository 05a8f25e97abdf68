/**
 * The CI gate of `kanshi sbom upload --wait`: the daemon's findings of the uploaded version as
 * the report `kanshi scan` prints, what is new since the product's previous version, and
 * whether `--fail-on` trips. Pure: the command fetches, this decides.
 */
// The pure report module directly: the single-file CI build must not load the matching domain
// (database, workers) through its index.
import { atOrAbove, upgradeAdvice, type FailOn, type ScanFinding, type ScanReport, type ScanSeverity, type UnknownAs } from '../matching/scan-report.ts';
import { GATE_PRIORITIES, type GateThreshold } from './gate-thresholds.ts';

/** A finding as `GET /api/v1/findings` answers it (the fields the gate reads). */
export interface ApiFinding {
  component: { bomRef: string; name: string; version: string | null; purl: string | null; cpe: string | null };
  vulnerability: string;
  severity: string;
  cvss: { version: string; score: number; vector: string } | null;
  kev: boolean;
  epss: number | null;
  outcome: 'affected' | 'undecidable';
  match: {
    method: string;
    confidence: string;
    source: string;
    sources: string[];
    searched: string;
    range: string;
    fixedIn: string[];
    smallestFix: string | null;
    reason: string | null;
  };
}

export const isPriorityThreshold = (t: GateThreshold): t is (typeof GATE_PRIORITIES)[number] => (GATE_PRIORITIES as readonly string[]).includes(t);

/** A gate finding: the scan finding, whether it is new since the previous version, and its priority when asked for. */
export type GateFinding = ScanFinding & { new: boolean; priority?: string | null };

export interface GateReport extends ScanReport {
  findings: GateFinding[];
  upload: { id: string; product: string; version: string; part: string };
  /** The product's version uploaded before this one, which `new` compares with; null for the first. */
  previousVersion: string | null;
  bySeverity: Record<ScanSeverity, number>;
  gate: { failOn: GateThreshold | null; unknownAs: UnknownAs; tripped: number };
}

const SEVERITIES: readonly ScanSeverity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];
const severityOf = (s: string): ScanSeverity => ((SEVERITIES as readonly string[]).includes(s) ? (s as ScanSeverity) : 'unknown');

/**
 * Whether a finding trips the threshold. A severity threshold works as `kanshi scan --fail-on`
 * (an unknown severity counts as `unknownAs`); `unknown` trips on a finding no record rates. A
 * priority threshold trips on a finding whose priority is that or more urgent; a finding
 * without one (the daemon could not tell) trips too, since nobody has shown it is minor.
 */
export function trips(f: { severity: ScanSeverity; priority?: string | null }, threshold: GateThreshold, unknownAs: UnknownAs = 'critical'): boolean {
  if (isPriorityThreshold(threshold)) {
    const rank = GATE_PRIORITIES.indexOf(f.priority as (typeof GATE_PRIORITIES)[number]);
    return rank === -1 || rank <= GATE_PRIORITIES.indexOf(threshold);
  }
  if (threshold === 'unknown') return f.severity === 'unknown';
  return atOrAbove(f.severity, threshold as FailOn, unknownAs);
}

/** A component across versions: its purl without version, qualifiers and subpath, else its name. */
const componentKey = (c: ApiFinding['component']): string => (c.purl ? c.purl.replace(/[@?#].*$/, '') : c.name.toLowerCase());
const findingKey = (f: ApiFinding): string => `${componentKey(f.component)}|${f.vulnerability}`;

/**
 * The affected findings of `current` that `previous` did not have: the same vulnerability on
 * the same component (by purl without version, else name) counts as known, whatever the
 * component's version, so an upgrade that does not fix is not reported as new.
 */
export function newSince(current: readonly ApiFinding[], previous: readonly ApiFinding[]): Set<string> {
  const known = new Set(previous.filter((f) => f.outcome === 'affected').map(findingKey));
  return new Set(current.filter((f) => f.outcome === 'affected' && !known.has(findingKey(f))).map(findingKey));
}

function scanFinding(f: ApiFinding): ScanFinding {
  const c = f.component;
  return {
    component: { bomRef: c.bomRef, name: c.name, version: c.version, purl: c.purl, cpe: c.cpe },
    vulnerability: {
      id: f.vulnerability,
      aliases: [],
      sources: [...new Set(f.match.sources.map((s) => s.slice(0, s.indexOf(':') === -1 ? s.length : s.indexOf(':'))))],
      severity: severityOf(f.severity),
      cvss: f.cvss ? { version: f.cvss.version, score: f.cvss.score, vector: f.cvss.vector } : null,
      kev: f.kev,
      epss: f.epss,
    },
    match: {
      method: f.match.method,
      confidence: f.match.confidence,
      source: f.match.source,
      range: f.match.range,
      fixedIn: f.match.fixedIn,
      searched: f.match.searched,
    },
  };
}

export interface GateInput {
  upload: GateReport['upload'] & { format: string | null; specVersion: string | null };
  /** Components of the version (every part): the findings are the version's. */
  components: number;
  findings: readonly ApiFinding[];
  previous: { version: string; findings: readonly ApiFinding[] } | null;
  /** Priority per vulnerability, when the threshold is a priority. */
  priorities?: ReadonlyMap<string, string>;
  failOn: GateThreshold | null;
  unknownAs: UnknownAs;
}

export function buildGateReport(input: GateInput): GateReport {
  const fresh = input.previous ? newSince(input.findings, input.previous.findings) : null;
  const affected = input.findings.filter((f) => f.outcome === 'affected');
  const findings: GateFinding[] = affected.map((f) => ({
    ...scanFinding(f),
    new: fresh === null || fresh.has(findingKey(f)),
    ...(input.priorities ? { priority: input.priorities.get(f.vulnerability) ?? null } : {}),
  }));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.vulnerability.severity === s).length])) as Record<
    ScanSeverity,
    number
  >;
  const threshold = input.failOn;
  return {
    sbom: { format: input.upload.format ?? '?', specVersion: input.upload.specVersion ?? '?', components: input.components },
    subject: null,
    findings,
    undecided: input.findings
      .filter((f) => f.outcome === 'undecidable')
      .map((f) => {
        const s = scanFinding(f);
        return { ...s, match: { ...s.match, reason: f.match.reason ?? 'undecidable' } };
      }),
    upgrades: upgradeAdvice(affected.map((f) => ({ component: scanFinding(f).component, smallestFix: f.match.smallestFix }))),
    upload: { id: input.upload.id, product: input.upload.product, version: input.upload.version, part: input.upload.part },
    previousVersion: input.previous?.version ?? null,
    bySeverity,
    gate: {
      failOn: threshold,
      unknownAs: input.unknownAs,
      tripped:
        threshold === null
          ? 0
          : findings.filter((f) => trips({ severity: f.vulnerability.severity, priority: f.priority ?? null }, threshold, input.unknownAs)).length,
    },
  };
}

/** The lines the table output ends with: counts by severity, what is new, the gate's verdict. */
export function gateSummary(report: GateReport): string {
  const counts = (['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const)
    .filter((s) => report.bySeverity[s] > 0 || s !== 'none')
    .map((s) => `${s} ${report.bySeverity[s]}`)
    .join(', ');
  const lines = [`${report.upload.product} ${report.upload.version}: ${report.findings.length} finding(s) by severity: ${counts}`];
  const fresh = report.findings.filter((f) => f.new);
  if (report.previousVersion === null) lines.push('new since the previous version: none to compare with (first version of the product)');
  else {
    lines.push(`new since ${report.previousVersion}: ${fresh.length}`);
    for (const f of fresh) lines.push(`  ${f.component.name}@${f.component.version ?? '?'} ${f.vulnerability.id} (${f.vulnerability.severity})`);
  }
  const verdict = gateVerdict(report);
  if (verdict !== null) lines.push(verdict);
  return `${lines.join('\n')}\n`;
}

/** `FAIL: …` or `pass: …` for `--fail-on`; null without one. */
export function gateVerdict(report: GateReport): string | null {
  const { failOn, tripped, unknownAs } = report.gate;
  if (failOn === null) return null;
  const how = isPriorityThreshold(failOn)
    ? `of priority ${failOn} or more urgent`
    : failOn === 'unknown'
      ? 'of unknown severity'
      : `at or above ${failOn}${unknownAs === 'ignore' ? '' : ` (unknown severity counted as ${unknownAs})`}`;
  return tripped > 0 ? `FAIL: ${tripped} finding(s) ${how}` : `pass: no finding ${how}`;
}
