import { AppError, notFound } from '../core/errors.ts';
import { decide, type Action, type Resource } from './access-rule.ts';
import type { Principal } from './principal.ts';

/**
 * Throws the answer the caller gets when `decide` refuses. `what` names the resource as the
 * caller asked for it ("product web-portal"), so a hidden resource reads exactly like a missing one.
 */
export function authorize(p: Principal, action: Action, resource?: Resource, what?: string): void {
  const d = decide(p, action, resource);
  if (d.allowed) return;
  if (d.status === 404) throw notFound(what ?? 'resource');
  throw new AppError('FORBIDDEN', what === undefined ? d.reason : `${what}: ${d.reason}`, 403);
}

/** `authorize` on something looked up: a missing one and a hidden one get the same 404. Returns it. */
export function authorizeFound<T>(p: Principal, action: Action, found: T | undefined, resourceOf: (t: T) => Resource, what: string): T {
  if (found === undefined) throw notFound(what);
  authorize(p, action, resourceOf(found), what);
  return found;
}

/** The resource of anything owned by a team through a product; `embargoed` for a case under embargo or of an embargoed vulnerability. */
export const teamData = (owned: { teamId: string; embargoed?: boolean }): Resource => ({
  kind: 'team-data',
  teamId: owned.teamId,
  ...(owned.embargoed ? { embargoed: true } : {}),
});
