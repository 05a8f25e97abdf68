/**
 * What Kanshi states about a vulnerability in a product version: the VEX status of each finding
 * from the case of (vulnerability, product) and the VEX statements imported for the product. One
 * table of rules, shared by the product-version VEX exports and the CSAF advisory of a case.
 */
import { genericVersionScheme, safeCompare } from '../ids/index.ts';
import { JUSTIFICATIONS, type Justification, type VexComponent, type VexStatement, type VexVulnerability } from '../vex/index.ts';
import type { CaseState } from './workflow.ts';

/** What a case has decided, as far as a VEX statement reads it. */
export interface CaseDecision {
  state: CaseState;
  closedAs: string | null;
  justification: string | null;
  fixVersion: string | null;
  /** Target date of a planned fix, or expiry of a risk acceptance. */
  until: Date | null;
}

/** The `not_affected` decision hiding the finding: made on a case, or an imported VEX statement. */
export interface Suppression {
  justification: string | null;
  impact: string | null;
  /** Where the decision came from: `case`, or the VEX format it was imported from. */
  format: string;
}

/** An open finding of a product version, with what hides it. */
export interface ExportFinding {
  vulnerabilityId: string;
  version: string;
  component: VexComponent;
  outcome: 'affected' | 'undecidable';
  suppression: Suppression | null;
}

export type Stance = Pick<VexStatement, 'status' | 'justification' | 'impact' | 'action' | 'fixVersion' | 'detail'>;

/** CycloneDX justification → the OpenVEX/CSAF label it reads as, for statements imported from CycloneDX. */
const FROM_CYCLONEDX: Record<string, Justification> = {
  code_not_present: 'vulnerable_code_not_present',
  code_not_reachable: 'vulnerable_code_not_in_execute_path',
  requires_configuration: 'vulnerable_code_cannot_be_controlled_by_adversary',
  requires_dependency: 'component_not_present',
  requires_environment: 'vulnerable_code_cannot_be_controlled_by_adversary',
  protected_by_compiler: 'inline_mitigations_already_exist',
  protected_at_runtime: 'inline_mitigations_already_exist',
  protected_at_perimeter: 'inline_mitigations_already_exist',
  protected_by_mitigating_control: 'inline_mitigations_already_exist',
};

/**
 * A recorded justification as a label; free text (a CSAF impact statement kept as the
 * justification) is not a label and becomes the impact statement instead.
 */
export function justificationOf(text: string | null): { justification: Justification | null; impact: string | null } {
  if (text === null) return { justification: null, impact: null };
  if ((JUSTIFICATIONS as readonly string[]).includes(text)) return { justification: text as Justification, impact: null };
  if (text in FROM_CYCLONEDX) return { justification: FROM_CYCLONEDX[text]!, impact: null };
  return { justification: null, impact: text };
}

/** Whether `version` of the product is the fix version or later (generic version order; unordered versions: only the same one). */
export function containsFix(version: string, fixVersion: string): boolean {
  if (version === fixVersion) return true;
  const order = safeCompare(genericVersionScheme, version, fixVersion);
  return order !== undefined && order >= 0;
}

const day = (d: Date | null): string => (d ? d.toISOString().slice(0, 10) : 'no date');

/** The state a case's statement reads from: a closed case stands as what it was closed as. */
function standing(c: CaseDecision): CaseState {
  if (c.state !== 'closed') return c.state;
  if (c.closedAs === 'not_affected') return 'not_affected';
  return c.fixVersion ? 'fixed' : 'affected';
}

/**
 * The VEX status of a finding in `version` of `product`:
 * - hidden by a `not_affected` decision (an imported VEX statement, or one made on a case): `not_affected` with its justification;
 * - no case (below the policy's threshold, or not synced yet) or a case in new/triage: `under_investigation`;
 * - `not_affected`: with the justification recorded on the case;
 * - `fixed` (or closed after it): `fixed` in the fix version and later, `affected` before it, with the upgrade as the action;
 * - `affected`, `fix_planned`, `risk_accepted`: `affected`, the action saying what is (not) planned.
 */
export function stanceOf(product: string, version: string, suppression: Suppression | null, c: CaseDecision | null): Stance {
  const none = { justification: null, impact: null, action: null, fixVersion: null };
  if (suppression) {
    return {
      ...none,
      status: 'not_affected',
      ...justificationOf(suppression.justification),
      ...(suppression.impact ? { impact: suppression.impact } : {}),
      detail: suppression.format === 'case' ? 'decided not affected' : `VEX statement (${suppression.format})`,
    };
  }
  if (!c) return { ...none, status: 'under_investigation', detail: 'matched; no case opened' };
  switch (standing(c)) {
    case 'new':
    case 'triage':
      return { ...none, status: 'under_investigation', detail: `case ${c.state}` };
    case 'not_affected': {
      const j = justificationOf(c.justification);
      return { ...none, status: 'not_affected', ...j, detail: 'triaged as not affected' };
    }
    case 'fixed':
      if (c.fixVersion === null || containsFix(version, c.fixVersion))
        return { ...none, status: 'fixed', fixVersion: c.fixVersion, detail: `fixed in ${product} ${c.fixVersion}` };
      return { ...none, status: 'affected', fixVersion: c.fixVersion, detail: `fixed in ${product} ${c.fixVersion}` };
    case 'fix_planned':
      return {
        ...none,
        status: 'affected',
        action: `A fix is planned in ${product} ${c.fixVersion ?? '(version to be decided)'} by ${day(c.until)}.`,
        detail: 'fix planned',
      };
    case 'risk_accepted':
      return { ...none, status: 'affected', action: `No fix is planned: the risk is accepted until ${day(c.until)}.`, detail: 'risk accepted' };
    default:
      return { ...none, status: 'affected', detail: 'triaged as affected' };
  }
}

/**
 * The statements of one product version: its findings grouped by vulnerability and stance, plus
 * a `fixed` statement (about the version as a whole) for each case whose fix this version
 * contains while no finding of it is left here — the fix removed the component.
 */
export function versionStatements(
  product: string,
  version: string,
  findings: ExportFinding[],
  cases: Map<string, CaseDecision>,
  vulnerabilities: Map<string, VexVulnerability>,
): VexStatement[] {
  const groups = new Map<string, VexStatement>();
  for (const f of findings) {
    const vulnerability = vulnerabilities.get(f.vulnerabilityId);
    if (!vulnerability) continue;
    const stance = stanceOf(product, version, f.suppression, cases.get(f.vulnerabilityId) ?? null);
    const key = JSON.stringify([f.vulnerabilityId, stance]);
    const group = groups.get(key) ?? { vulnerability, components: [], ...stance };
    group.components.push(f.outcome === 'undecidable' ? { ...f.component, undecided: true } : f.component);
    groups.set(key, group);
  }
  const found = new Set(findings.map((f) => f.vulnerabilityId));
  for (const [id, c] of cases) {
    const vulnerability = vulnerabilities.get(id);
    if (found.has(id) || !vulnerability || standing(c) !== 'fixed' || c.fixVersion === null || !containsFix(version, c.fixVersion)) continue;
    groups.set(id, { vulnerability, components: [], ...stanceOf(product, version, null, c) });
  }
  return [...groups.values()];
}
