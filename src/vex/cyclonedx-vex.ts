/**
 * CycloneDX 1.6 VEX, built as @cyclonedx/cyclonedx-library models and serialised by its JSON
 * serializer, so the output follows the library's normalisation of the specification.
 */
import { randomUUID } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import {
  actionOf,
  type Justification,
  type VexComponent,
  type VexDocument,
  type VexScore,
  type VexSeverity,
  type VexStatement,
  type VexStatus,
} from './vex-model.ts';

const STATE: Record<VexStatus, Enums.Vulnerability.AnalysisState> = {
  affected: Enums.Vulnerability.AnalysisState.Exploitable,
  not_affected: Enums.Vulnerability.AnalysisState.NotAffected,
  fixed: Enums.Vulnerability.AnalysisState.Resolved,
  under_investigation: Enums.Vulnerability.AnalysisState.InTriage,
};

/**
 * The version status an `affects` entry gets under each statement status. Under investigation,
 * the version is in an advisory's range (the match says so) unless the match could not decide.
 */
function affectStatus(status: VexStatus, c: VexComponent): Enums.Vulnerability.AffectStatus {
  if (c.undecided) return Enums.Vulnerability.AffectStatus.Unknown;
  return status === 'affected' || status === 'under_investigation' ? Enums.Vulnerability.AffectStatus.Affected : Enums.Vulnerability.AffectStatus.Unaffected;
}

/** OpenVEX/CSAF justification → the nearest CycloneDX one (README "Exports" lists the mapping). */
export const CYCLONEDX_JUSTIFICATION: Record<Justification, Enums.Vulnerability.AnalysisJustification> = {
  component_not_present: Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_present: Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_in_execute_path: Enums.Vulnerability.AnalysisJustification.CodeNotReachable,
  vulnerable_code_cannot_be_controlled_by_adversary: Enums.Vulnerability.AnalysisJustification.RequiresEnvironment,
  inline_mitigations_already_exist: Enums.Vulnerability.AnalysisJustification.ProtectedByMitigatingControl,
};

const METHOD: Record<VexScore['version'], Enums.Vulnerability.RatingMethod> = {
  '2.0': Enums.Vulnerability.RatingMethod.CVSSv2,
  '3.0': Enums.Vulnerability.RatingMethod.CVSSv3,
  '3.1': Enums.Vulnerability.RatingMethod.CVSSv31,
  '4.0': Enums.Vulnerability.RatingMethod.CVSSv4,
};

const SEVERITY: Record<VexSeverity, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  none: Enums.Vulnerability.Severity.None,
  unknown: Enums.Vulnerability.Severity.Unknown,
};

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

/** Where a vulnerability id comes from, as CycloneDX `source.name` says it. */
const sourceName = (id: string, sources: string[]): string => (id.startsWith('CVE-') ? 'NVD' : (id.split('-')[0] ?? sources[0] ?? 'kanshi').toUpperCase());

function ratings(s: VexStatement): Models.Vulnerability.Rating[] {
  const v = s.vulnerability;
  if (v.scores.length === 0) return v.severity === 'unknown' ? [] : [new Models.Vulnerability.Rating({ severity: SEVERITY[v.severity] })];
  return v.scores.map(
    (score, i) =>
      new Models.Vulnerability.Rating({
        score: score.score,
        method: METHOD[score.version],
        vector: score.vector,
        // The merged severity rates the headline score, which comes first.
        ...(i === 0 && v.severity !== 'none' && v.severity !== 'unknown' ? { severity: SEVERITY[v.severity] } : {}),
      }),
  );
}

/**
 * CycloneDX 1.6 VEX of the document: one vulnerability entry per statement (an id may appear
 * more than once when its components stand differently), `affects` naming the components by
 * bom-ref or BOM-Link, or the subject when a statement names no component. Returns the JSON text.
 */
export function cycloneDxVex(doc: VexDocument): string {
  const subject = new Models.Component(Enums.ComponentType.Application, doc.subject.name, {
    bomRef: 'subject',
    ...(doc.subject.version ? { version: doc.subject.version } : {}),
    ...(doc.subject.purl ? { purl: doc.subject.purl } : {}),
  });
  const bom = new Models.Bom({
    serialNumber: `urn:uuid:${randomUUID()}`,
    metadata: new Models.Metadata({
      timestamp: doc.timestamp,
      component: subject,
      tools: new Models.Tools({ components: new Models.ComponentRepository([new Models.Component(Enums.ComponentType.Application, 'kanshi')]) }),
    }),
  });
  const listed = new Map<string, Models.Component>();
  const refOf = (c: VexComponent): Models.BomRef | Models.BomLinkElement => {
    if (doc.components === 'linked') return Models.BomLinkElement.isValid(c.ref) ? new Models.BomLinkElement(c.ref) : new Models.BomRef(c.ref);
    let component = listed.get(c.ref);
    if (!component) {
      component = new Models.Component(Enums.ComponentType.Library, c.name, {
        bomRef: c.ref,
        ...(c.version ? { version: c.version } : {}),
        ...(c.purl ? { purl: c.purl } : {}),
        ...(c.cpe ? { cpe: c.cpe } : {}),
      });
      listed.set(c.ref, component);
      bom.components.add(component);
    }
    return component.bomRef;
  };
  doc.statements.forEach((s, i) => {
    const v = s.vulnerability;
    const affects =
      s.components.length === 0
        ? [new Models.Vulnerability.Affect(subject.bomRef)]
        : s.components.map((c) => affect(refOf(c), c.version, affectStatus(s.status, c)));
    const detail = [s.detail, s.impact].filter((x): x is string => Boolean(x)).join('\n');
    bom.vulnerabilities.add(
      new Models.Vulnerability.Vulnerability({
        bomRef: doc.statements.filter((o) => o.vulnerability.id === v.id).length > 1 ? `vuln:${v.id}:${i}` : `vuln:${v.id}`,
        id: v.id,
        source: new Models.Vulnerability.Source({ name: sourceName(v.id, v.sources) }),
        references: new Models.Vulnerability.ReferenceRepository(
          v.aliases.map((id) => new Models.Vulnerability.Reference(id, new Models.Vulnerability.Source({ name: sourceName(id, []) }))),
        ),
        ratings: new Models.Vulnerability.RatingRepository(ratings(s)),
        ...(v.description ? { description: v.description } : {}),
        ...(s.status === 'affected' ? { recommendation: actionOf(s, doc.subject.name) } : {}),
        analysis: new Models.Vulnerability.Analysis({
          state: STATE[s.status],
          ...(s.justification ? { justification: CYCLONEDX_JUSTIFICATION[s.justification] } : {}),
          ...(s.status === 'affected' && s.fixVersion
            ? { response: new Enums.Vulnerability.AnalysisResponseRepository([Enums.Vulnerability.AnalysisResponse.Update]) }
            : {}),
          ...(detail ? { detail } : {}),
        }),
        affects: new Models.Vulnerability.AffectRepository(affects),
      }),
    );
  });
  return serializer.serialize(bom, { sortLists: false, space: 2 });
}

function affect(ref: Models.BomRef | Models.BomLinkElement, version: string | null, status: Enums.Vulnerability.AffectStatus): Models.Vulnerability.Affect {
  return new Models.Vulnerability.Affect(ref, {
    ...(version ? { versions: new Models.Vulnerability.AffectedVersionRepository([new Models.Vulnerability.AffectedSingleVersion(version, { status })]) } : {}),
  });
}
