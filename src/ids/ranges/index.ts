export {
  fixedVersions,
  noVersions,
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
export { formatVers, fromVers, parseVers, sortConstraints, validateVers, versToRange, type Vers, type VersComparator, type VersConstraint } from './vers.ts';
export { fromNpmRange, npmRangeToVers, parseNpmRange } from './npm.ts';
export type { OsvEvent, OsvRange } from './osv-range.ts';
