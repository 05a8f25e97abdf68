export * from './advisory.ts';
export * from './advisory-lookup.ts';
export { DbAdvisoryLookup } from './advisory-lookup.repo.ts';
export { prepareItems, storeBatch, type PreparedItems, type StoreItem, type StoreResult } from './advisory-store.service.ts';
export { baseEcosystem, cpeIndexKey, indexKeys, type CpeIndexKey, type PackageIndexKey } from './affected-index.ts';
export { headlineCvss, isCveId, isVulnerabilityId, isWithdrawn, mergeVulnerability, type HeadlineCvss, type MergedVulnerability } from './vulnerability-merge.ts';
export { readVulnerability, resolveAlias, type VulnerabilityRecord } from './vulnerability-view.repo.ts';
