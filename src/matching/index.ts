export * from './match.model.ts';
export { createContext, prepareComponent, type MatchContext, type Matcher, type MatcherOptions, type PreparedComponent } from './matcher.ts';
export { findingsFor, lookupKeys, match } from './match.ts';
export { matchInventory, type ComponentFindings } from './match-batch.ts';
export { MemoryAdvisoryLookup } from './memory-lookup.ts';
export { MatchingService, type MatchRunResult } from './matching.service.ts';
export { createMatchingModule, type MatchingModule } from './matching.module.ts';
export { parseVex, type VexImport, type VexStatement } from './vex-import.ts';
export { decisionCovers, isActive, parseVersionSelector, selectorCovers, selectorOfScope, type DecisionTarget, type ScopedDecision } from './decision-scope.ts';
export {
  decisionById,
  decisionCoverage,
  expireDecisions,
  listDecisions,
  recordDecisions,
  revokeDecision,
  type DecisionCoverage,
  type DecisionFilter,
  type DecisionRow,
  type NewDecision,
} from './decisions.repo.ts';
export { openFindingCounts, productExposure, productFindings, rekeyFindings, type ProductExposure } from './findings.repo.ts';
export {
  atOrAbove,
  buildReport,
  renderSarif,
  renderTable,
  scanVexDocument,
  type BomIdentity,
  type FailOn,
  type ScanReport,
  type UnknownAs,
} from './scan-report.ts';
