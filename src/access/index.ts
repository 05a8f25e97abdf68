export { ACTION_RULES, canSee, decide, seesAllTeams, teamScope, type Action, type Decision, type Resource } from './access-rule.ts';
export { authorize, authorizeFound, teamData } from './authorize.ts';
export type { Principal } from './principal.ts';
