export { DEFAULT_POLICY_YAML } from './default-policy.ts';
export { formatProblems, parsePolicy, type PolicyProblem, type PolicyResult } from './policy-load.ts';
export {
  ALERT_EVENTS,
  CHANNELS,
  DIGESTS,
  PRIORITIES,
  TIERS,
  EXPOSURES,
  subscriptionFields,
  type AlertEvent,
  type Policy,
  type PolicySubscription,
  type Priority,
} from './policy.schema.ts';
export { atLeast, ownerOf, patternMatches, platformsOf, priorityFor, profileOf, type ExposureFacts, type PriorityVerdict } from './priority.ts';
export { pause, resume, slaView, type SlaClock, type SlaView } from './sla.ts';
export {
  CASE_STATES,
  JUSTIFICATIONS,
  TRANSITIONS,
  checkTransition,
  doneAfterMove,
  isOpen,
  jvnStatus,
  stagesDoneIn,
  type CaseState,
  type JvnStatus,
} from './workflow.ts';
export { createCasesModule, type CasesModule } from './cases.module.ts';
export { createExportsModule } from './exports.module.ts';
export { CasesService } from './cases.service.ts';
export { DisclosureService } from './disclosure.service.ts';
export { PolicyService } from './policy.service.ts';
export { backdateCase, caseIdOf } from './demo-history.repo.ts';
