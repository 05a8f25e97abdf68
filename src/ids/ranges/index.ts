export {
  fixedVersions,
  rangeContains,
  safeCompare,
  smallestFixAbove,
  unionRanges,
  type Bound,
  type Containment,
  type Interval,
  type VersionRange,
} from './range.ts';
export { fromCpeBounds, fromOsvAffected, hasCpeBounds } from './osv.ts';
export { formatVers, fromVers, parseVers, validateVers, versToRange, type Vers, type VersComparator, type VersConstraint } from './vers.ts';
export { fromNpmRange, npmRangeToVers } from './npm.ts';
export type { OsvEvent, OsvRange } from './osv-range.ts';
export { versToCpeBounds, type CpeBounds } from './vers-bounds.ts';
