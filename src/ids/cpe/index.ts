export { WFN_ATTRIBUTES, formatCpe22, formatCpe23, parseCpe, toCpe22, toCpe23, type Wfn, type WfnAttribute, type WfnValue } from './wfn.ts';
export {
  evaluateConfiguration,
  type ConfigurationVerdict,
  type CpeCandidate,
  type CpeMatchHit,
  type CpeUndecided,
  type VersionBasis,
} from './configuration.ts';
export type { CpeConfiguration, CpeMatch, CpeNode } from './cpe-match.ts';
