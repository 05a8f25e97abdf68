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
  'case.opened': { caseId: number; priority: string };
  /** New evidence after closure (a finding opened again, or in another version). */
  'case.reopened': { caseId: number; from: string };
  'case.priority-changed': { caseId: number; from: string; to: string };
  'case.state-changed': { caseId: number; from: string; to: string; reason: string | null };
  'case.assigned': { caseId: number };
  'sla.near-breach': { caseId: number; stages: string[] };
  'sla.breached': { caseId: number; stages: string[] };
  /** A risk acceptance reached its expiry: the case is back in triage. */
  'case.decision-expired': { caseId: number };
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
