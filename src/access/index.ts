export { ACTION_RULES, canSee, decide, entitledToEmbargo, seesAllTeams, teamScope, type Action, type Decision, type Resource } from './access-rule.ts';
export { authorize, authorizeFound, teamData } from './authorize.ts';
export { embargoAllows, embargoVisibleSql, hiddenInProduct, hiddenVulnerabilityIds, type EmbargoTarget } from './embargo-sql.ts';
export type { Principal } from './principal.ts';
