export * from './advisory.ts';
export * from './advisory-lookup.ts';
export { DbAdvisoryLookup } from './advisory-lookup.repo.ts';
export { prepareItems, storeBatch, type PreparedItems, type StoreItem, type StoreResult } from './advisory-store.service.ts';
export { baseEcosystem, cpeIndexKey, indexKeys, type CpeIndexKey, type PackageIndexKey } from './affected-index.ts';
export {
  isVulnerabilityId,
  isWithdrawn,
  mergeVulnerability,
  recordAliases,
  recordCves,
  type HeadlineCvss,
  type MergedVulnerability,
} from './vulnerability-merge.ts';
export { readVulnerability, type VulnerabilityRecord } from './vulnerability-view.repo.ts';
export { cvssBaseScore, cvssRating, type CvssBase } from './cvss-score.ts';
export { knownExploitedSql, vulnerabilityFacts, type VulnerabilityFacts } from './vulnerability-facts.repo.ts';
