import { ROLES, type Role } from '../db/index.ts';
import type { Principal } from './principal.ts';

/** Everything a caller may ask to do. Reads and writes of one kind of data share nothing implicitly. */
export type Action =
  | 'team-data.read'
  | 'sbom.upload'
  | 'version.lifecycle'
  | 'vex.write'
  | 'vulnerability.read'
  | 'feeds.read'
  | 'feeds.sync'
  | 'teams.read'
  | 'token.create'
  | 'token.list'
  | 'token.manage'
  | 'audit.read'
  | 'events.read'
  | 'case.read'
  | 'case.act'
  | 'case.coordinate'
  | 'case.create'
  | 'export.read'
  | 'decision.read'
  | 'decision.make'
  | 'decision.all-products'
  | 'policy.read'
  | 'policy.write'
  | 'kpis.read'
  | 'alerts.read'
  | 'alerts.manage';

/**
 * What an action touches. `team-data` is anything owned through a product (products, versions,
 * uploads, components, findings, VEX, cases); `token` is one API token; `vulnerability` one
 * vulnerability of the store. Other global data (feeds, the audit log) is asked about without a resource.
 *
 * Embargo (JPCERT/CC guideline 8-1): team data `embargoed` (a case under embargo, or one whose
 * vulnerability is) is seen by PSIRT staff and the owning team's members, never by an uploader
 * token; an embargoed vulnerability by PSIRT staff and the members of the teams owning one of
 * its cases (`embargo.teamIds`). List queries apply the same rule through `embargoVisibleSql`.
 */
export type Resource =
  | { kind: 'team-data'; teamId: string; embargoed?: boolean }
  | { kind: 'token'; tokenId: string; teamId: string | null }
  | { kind: 'vulnerability'; embargo: { teamIds: readonly string[] } | null };

interface ActionRule {
  roles: readonly Role[];
  /**
   * The caller learns whether the resource exists whatever the answer: an upload to a product
   * name creates the product when it is free, so "taken" cannot be hidden behind a 404.
   */
  revealsExistence?: true;
}

const ALL = ROLES;
const STAFF: readonly Role[] = ['admin', 'psirt'];

/** The one table of who may do what. */
export const ACTION_RULES: Readonly<Record<Action, ActionRule>> = {
  'team-data.read': { roles: ALL },
  'sbom.upload': { roles: ALL, revealsExistence: true },
  'version.lifecycle': { roles: ['admin', 'psirt', 'member'] },
  'vex.write': { roles: ['admin', 'psirt', 'member'] },
  'vulnerability.read': { roles: ALL },
  'feeds.read': { roles: ALL },
  'feeds.sync': { roles: STAFF },
  'teams.read': { roles: ALL },
  'token.create': { roles: ['admin'] },
  'token.list': { roles: ['admin'] },
  // Revoking or rotating a token: an admin any token, anyone their own (a CI secret that leaked).
  'token.manage': { roles: ALL },
  'audit.read': { roles: STAFF },
  'events.read': { roles: ALL },
  'case.read': { roles: ALL },
  // Transitions, comments and assignment; the workflow table narrows some transitions further.
  'case.act': { roles: ['admin', 'psirt', 'member'] },
  // Coordination with JPCERT/CC or CERT/CC, the embargo flag, and cases for vulnerabilities no feed has: PSIRT work.
  'case.coordinate': { roles: STAFF },
  'case.create': { roles: STAFF },
  // VEX of a product version, CSAF advisory of a case: documents made to leave the system.
  'export.read': { roles: ALL },
  // Decisions that carry over: on a product's versions by its team; on every product by the PSIRT.
  'decision.read': { roles: ALL },
  'decision.make': { roles: ['admin', 'psirt', 'member'] },
  'decision.all-products': { roles: STAFF },
  'policy.read': { roles: ALL },
  'policy.write': { roles: STAFF },
  'kpis.read': { roles: ALL },
  // Subscriptions and the delivery log: a team's own, the PSIRT's (no team) for staff only.
  'alerts.read': { roles: ALL },
  'alerts.manage': { roles: ['admin', 'psirt', 'member'] },
};

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404; reason: string };

/** PSIRT staff and admins see every team's data. */
export const seesAllTeams = (p: Principal): boolean => p.role === 'admin' || p.role === 'psirt';

/** Whether the caller may be told what is under embargo for `teamId`: staff, or a member (not an uploader token) of that team. */
export const entitledToEmbargo = (p: Principal, teamId: string): boolean => seesAllTeams(p) || (p.role !== 'uploader' && p.teamId === teamId);

/** Whether the caller may know that `resource` exists at all. */
export function canSee(p: Principal, resource: Resource): boolean {
  switch (resource.kind) {
    case 'team-data':
      if (resource.embargoed) return entitledToEmbargo(p, resource.teamId);
      return seesAllTeams(p) || resource.teamId === p.teamId;
    case 'token':
      return p.role === 'admin' || resource.tokenId === p.tokenId;
    case 'vulnerability':
      return resource.embargo === null || seesAllTeams(p) || resource.embargo.teamIds.some((t) => entitledToEmbargo(p, t));
  }
}

/**
 * The access rule. What the caller may not see is answered as if it did not exist (404), so
 * names and ids of other teams cannot be enumerated; what it sees but may not do is a 403.
 */
export function decide(p: Principal, action: Action, resource?: Resource): Decision {
  const rule = ACTION_RULES[action];
  if (resource !== undefined && !canSee(p, resource)) {
    return rule.revealsExistence ? { allowed: false, status: 403, reason: 'it belongs to another team' } : { allowed: false, status: 404, reason: 'not found' };
  }
  if (!rule.roles.includes(p.role)) return { allowed: false, status: 403, reason: `only the roles ${rule.roles.join(', ')} may ${action}` };
  return { allowed: true };
}

/** The team filter a query must apply for this caller: null means all teams. */
export const teamScope = (p: Principal): string | null => (seesAllTeams(p) ? null : p.teamId);
