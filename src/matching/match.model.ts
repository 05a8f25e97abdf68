/**
 * What matching produces: a Match is one advisory's verdict on one component, a Finding is the
 * merged verdict of every source on one (component, vulnerability).
 */
import type { CpeConfiguration, StoredAdvisory } from '../vulns/index.ts';

/** How a match was made; decides its confidence. */
export type MatchMethod =
  /** purl ecosystem + name, version in the advisory's ecosystem range (OSV, CSAF purl helper). */
  | 'purl-range'
  /** OS package against its own distribution's advisory (`Debian:12`, `Alpine:v3.19`). */
  | 'distro-package'
  /** NVD configuration: vendor, product and version bounds, platforms evaluated. */
  | 'cpe-configuration'
  /** CSAF or JVN product carrying a CPE, with its bounds. */
  | 'cpe-product'
  /** Name and version only, no identifier agreed: off unless configured. */
  | 'name-only';

export type Confidence = 'high' | 'medium' | 'low';

export const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/**
 * Caveats a reviewer needs to see on a match that is not plain:
 * `all-versions` — the record names the product with version `*` and no bounds;
 * `na-version` — the record's version is `-` (not applicable) and so is the component's;
 * `platform-unverified` — an AND configuration's platform is not in the inventory to check.
 */
export type MatchMark = 'all-versions' | 'na-version' | 'platform-unverified';

/** `affected`: the version is in the range; `undecidable`: a candidate the version cannot settle. */
export type MatchOutcome = 'affected' | 'undecidable';

/** The component as matching sees it: identifiers only. */
export interface MatchComponent {
  bomRef?: string;
  name: string;
  group?: string | null;
  version: string | null;
  /** Canonical purl. */
  purl: string | null;
  /** CPE 2.3 formatted string. */
  cpe: string | null;
}

export interface Match {
  outcome: MatchOutcome;
  /** Canonical id of the merged vulnerability (CVE where one exists). */
  vulnerabilityId: string;
  method: MatchMethod;
  confidence: Confidence;
  /** `<source>:<id>` of the record that matched, e.g. `osv:GHSA-jfh8-c2jp-5v3q`. */
  source: string;
  /** What was looked up: `Maven/org.apache.logging.log4j:log4j-core@2.14.1`, a CPE. */
  searched: string;
  /** The range that matched, in a readable form (`>=2.13.0 <2.15.0`). */
  range: string;
  /** Fixed versions of the matched range, in source order. */
  fixedIn: string[];
  /** The smallest version above the component's that this record does not flag. */
  smallestFix?: string;
  marks: MatchMark[];
  /** Why an `undecidable` match could not be settled. */
  reason?: string;
  /** On a `platform-unverified` match: the AND configurations whose running-on platform was not checked. */
  platformConditions?: CpeConfiguration[];
}

/** One (component, vulnerability), whatever the number of sources that flag it. */
export interface Finding {
  vulnerabilityId: string;
  outcome: MatchOutcome;
  /** The strongest match: affected before undecidable, then by confidence. */
  primary: Match;
  /** Every match, strongest first. */
  matches: Match[];
  /** Every `<source>:<id>` that flagged it, sorted. */
  sources: string[];
  fixedIn: string[];
  /** The smallest upgrade no source flags, when every affected source names one. */
  smallestFix?: string;
  /**
   * When every match is `platform-unverified`: their configurations. A product's own platforms
   * settle the finding for that product (`platformVerdict`); with any other match it stays as it is.
   */
  platformConditions?: CpeConfiguration[];
}

/** Advisories matching may use, all about the component's package or CPE. */
export type CandidateAdvisories = readonly StoredAdvisory[];
