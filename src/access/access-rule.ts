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
  | 'policy.read'
  | 'policy.write'
  | 'alerts.read'
  | 'alerts.manage';

/**
 * What an action touches. `team-data` is anything owned through a product (products, versions,
 * uploads, components, findings, VEX); `token` is one API token. Global data (feeds,
 * vulnerabilities, the audit log) is asked about without a resource.
 *
 * Embargo goes here: a case under embargo becomes `{kind: 'team-data', teamId, embargo: {…}}`
 * and `canSee` gains its condition, so every read already asking this rule honours it.
 */
export type Resource = { kind: 'team-data'; teamId: string } | { kind: 'token'; tokenId: string; teamId: string | null };

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
  'policy.read': { roles: ALL },
  'policy.write': { roles: STAFF },
  // Subscriptions and the delivery log: a team's own, the PSIRT's (no team) for staff only.
  'alerts.read': { roles: ALL },
  'alerts.manage': { roles: ['admin', 'psirt', 'member'] },
};

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404; reason: string };

/** PSIRT staff and admins see every team's data. */
export const seesAllTeams = (p: Principal): boolean => p.role === 'admin' || p.role === 'psirt';

/** Whether the caller may know that `resource` exists at all. */
export function canSee(p: Principal, resource: Resource): boolean {
  switch (resource.kind) {
    case 'team-data':
      return seesAllTeams(p) || resource.teamId === p.teamId;
    case 'token':
      return p.role === 'admin' || resource.tokenId === p.tokenId;
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
