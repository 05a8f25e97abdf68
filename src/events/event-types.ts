/**
 * Every event the outbox carries. Payloads hold ids and reason codes only, never names, texts
 * or SBOM content, so an event can be shown to anyone allowed to see its scope.
 */
export interface EventData {
  /** A product version's verdict on a vulnerability appeared, or came back after a retraction. */
  'finding.opened': { findingId: number; packageVersionId: number; componentId: number | null; reopened: boolean };
  'finding.retracted': { findingId: number; packageVersionId: number; reason: string };
  /** A stand-alone id (a GHSA, a JVNDB entry) merged into the vulnerability now known by `into`. */
  'vulnerability.absorbed': { from: string; into: string };
  /** New, changed or withdrawn advisories: reverse matching re-evaluates what they name. */
  'vulnerability.changed': { ids: string[] };
  'vulnerability.kev-added': { cve: string; dateAdded: string };
  /** EPSS scores that changed for vulnerabilities with open findings. */
  'vulnerability.epss-changed': { ids: string[] };
  'sbom.processed': { uploadId: string; part: string; components: number; current: boolean };
  'sbom.rejected': { uploadId: string; code: string };
  'product-version.lifecycle-changed': { lifecycle: string };
  /** `state` is `new`, or the state a decision covering every finding gives it (`decisionId`). */
  'case.opened': { caseId: number; priority: string; state: string; decisionId: string | null };
  /** New evidence after closure (a finding opened again, or in another version). */
  'case.reopened': { caseId: number; from: string };
  'case.priority-changed': { caseId: number; from: string; to: string };
  'case.state-changed': { caseId: number; from: string; to: string; reason: string | null };
  'case.assigned': { caseId: number };
  'sla.near-breach': { caseId: number; stages: string[] };
  'sla.breached': { caseId: number; stages: string[] };
  /** The coordination (coordinator, case id, dates) or the embargo flag of a case changed. */
  'case.coordination-changed': { caseId: number; embargoed: boolean };
  /** The embargo ended: the disclosure date was reached (`disclosure-date`) or the PSIRT lifted it (`by-hand`). */
  'case.embargo-lifted': { caseId: number; reason: 'disclosure-date' | 'by-hand' };
  /** Three days or less before public disclosure and the fix is not ready (reported once per disclosure date). */
  'case.disclosure-at-risk': { caseId: number; disclosureAt: string };
  /** A risk acceptance, or the decision the case inherited its state from, reached its expiry: the case is back in triage. */
  'case.decision-expired': { caseId: number; decisionId: string | null };
  /** The SLA clocks of a case stopped while it waits on a supplier's fix, or run again. */
  'case.sla-paused': { caseId: number };
  'case.sla-resumed': { caseId: number; pausedMs: number };
  /** A triage decision that carries over (made on a case, or imported VEX), revoked, or past its expiry. */
  'decision.made': { decisionId: string; status: string; scope: string };
  'decision.revoked': { decisionId: string; status: string; scope: string };
  'decision.expired': { decisionId: string; status: string; scope: string };
  /** A feed source has not synced successfully for longer than `alerts.feedFailingAfter`. */
  'feed.failing': { source: string; since: string };
}

export type EventType = keyof EventData;

/** An event as a producer appends it, inside its own transaction. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    teamId?: string | null;
    productId?: string | null;
    productVersionId?: string | null;
    vulnerabilityId?: string | null;
    caseId?: number | null;
    data: EventData[T];
  };
}[EventType];

/** An event as stored; `seq` is null until the relay publishes it. */
export interface StoredEvent {
  id: number;
  seq: number | null;
  type: EventType;
  at: Date;
  teamId: string | null;
  productId: string | null;
  productVersionId: string | null;
  vulnerabilityId: string | null;
  caseId: number | null;
  data: Record<string, unknown>;
}
