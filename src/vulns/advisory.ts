/**
 * The unified vulnerability model: what every feed adapter produces from one source record.
 * Affected software keeps the source's own range notation (OSV events, NVD cpeMatch bounds,
 * `vers:` strings) so nothing is lost in translation; `src/ids` evaluates them at match time.
 */

import type { CpeConfiguration, CpeMatch, OsvRange } from '../ids/index.ts';

// The range notations belong to src/ids, which evaluates them; re-exported as part of the model feeds produce.
export type { CpeConfiguration, CpeMatch, CpeNode, OsvEvent, OsvRange } from '../ids/index.ts';

/** The sources a feed adapter reads. */
export type FeedSourceName = 'nvd' | 'osv' | 'jvn' | 'csaf' | 'kev' | 'epss';
/** Where a record comes from: a feed, or `manual` — a vulnerability the PSIRT entered by hand (`POST /cases`). */
export type SourceName = FeedSourceName | 'manual';

export type Lang = 'en' | 'ja';

export interface LocalizedText {
  lang: Lang;
  text: string;
  /** The record's own language tag when it is neither English nor Japanese (`de`, `nl`); `lang` is then `en`. */
  originalLang?: string;
}

export type SeverityRating = 'critical' | 'high' | 'medium' | 'low' | 'none';

export interface Severity {
  /** Who scored it: `nvd`, `cna:<org>`, `ghsa`, `jvn`, `csaf:<publisher>`. */
  source: string;
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'qualitative';
  /** CVSS version as written in the record: `2.0`, `3.0`, `3.1`, `4.0`. */
  version?: string;
  vector?: string;
  score?: number;
  rating?: SeverityRating;
  /**
   * NVD's own marking of a metric: `primary` is the score NVD stands behind for the CVE,
   * `secondary` one it passes on from a CNA or ADP. Absent for sources that do not say.
   */
  role?: 'primary' | 'secondary';
}

export interface Reference {
  url: string;
  /** Source's reference type or tags, e.g. `ADVISORY`, `FIX`, `Patch`. */
  type?: string;
  /** The id the source gives the referenced document (`CVE-…`, `JVN#…`, a vendor advisory id). */
  id?: string;
}

/**
 * A package in a package ecosystem. `ecosystem` is the OSV ecosystem name (`npm`, `PyPI`,
 * `Maven`, `Debian:12`, `Alpine:v3.19`, …); `name` is as the ecosystem spells it.
 */
export interface AffectedPackage {
  kind: 'package';
  ecosystem: string;
  name: string;
  purl?: string;
  /** OSV ranges; an entry from CSAF or CycloneDX VEX carries `vers` instead. */
  ranges: OsvRange[];
  /** Explicitly enumerated affected versions. */
  versions: string[];
  /** A `vers:` range (CSAF, VEX). */
  vers?: string;
  /** CSAF/VEX product status of this entry; plain advisories are `affected`. */
  status: ProductStatus;
  /** Why a `not_affected` entry is not affected: a CSAF VEX flag label or impact statement. */
  justification?: string;
}

export type ProductStatus = 'affected' | 'not_affected' | 'fixed' | 'under_investigation';

export interface AffectedCpe {
  kind: 'cpe';
  configuration: CpeConfiguration;
  status: ProductStatus;
  /** As on AffectedPackage. */
  justification?: string;
}

/**
 * A product named in prose (JVN's 製品 with its version text) that could not be tied to a
 * CPE or package. Kept for people and reports; `ranges` holds what the text parser made of it.
 */
export interface AffectedProduct {
  kind: 'product';
  vendor: string;
  product: string;
  versionText: string;
  /** CPE-style bounds parsed from `versionText`; empty with `parsed: false` when it could not. */
  bounds: Omit<CpeMatch, 'vulnerable' | 'criteria'>[];
  parsed: boolean;
  cpe?: string;
  status: ProductStatus;
  /** As on AffectedPackage. */
  justification?: string;
}

export type Affected = AffectedPackage | AffectedCpe | AffectedProduct;

/**
 * Flags that stop a record from being matched: `withdrawn` (OSV withdrawn, JVN 削除),
 * `rejected` (NVD REJECTED), `unconfirmed` (JVN 未確定), `unsupported` (JVN サポート外),
 * `disputed` (NVD DISPUTED — still matched, shown to people).
 */
export type AdvisoryFlag = 'withdrawn' | 'rejected' | 'unconfirmed' | 'unsupported' | 'disputed';

export interface Remediation {
  category: string;
  details: string;
  url?: string;
  /** Product ids or package names the remediation applies to. */
  appliesTo: string[];
}

/** One source record, normalised. */
export interface Advisory {
  source: SourceName;
  /** The record's own id in its source: `CVE-…` (NVD), `GHSA-…`/`GO-…` (OSV), `JVNDB-…`, CSAF tracking id + `#` + CVE. */
  sourceId: string;
  /** CVE ids this record is about; JVN entries may name several, OSV entries alias one. */
  cves: string[];
  /** Every other id the record says is the same vulnerability (GHSA, JVN, vendor ids). */
  aliases: string[];
  /** Ids the record says are related but not the same (OSV `related`). */
  related: string[];
  flags: AdvisoryFlag[];
  published?: string;
  modified: string;
  withdrawnAt?: string;
  titles: LocalizedText[];
  descriptions: LocalizedText[];
  severities: Severity[];
  cwes: string[];
  references: Reference[];
  affected: Affected[];
  remediations: Remediation[];
}

/** CISA KEV entry, keyed by CVE. */
export interface KevEntry {
  cve: string;
  vendorProject: string;
  product: string;
  name: string;
  dateAdded: string;
  dueDate?: string;
  requiredAction?: string;
  knownRansomwareCampaignUse: 'Known' | 'Unknown';
  notes?: string;
  cwes: string[];
}

/** FIRST EPSS score, keyed by CVE. */
export interface EpssScore {
  cve: string;
  epss: number;
  /** Absent in files before 2021-09: the first model published scores without percentiles. */
  percentile?: number;
  /** Score date (the model's publication day), YYYY-MM-DD. */
  date: string;
}

/** What a feed adapter yields per raw record. */
export type FeedRecord = { kind: 'advisory'; advisory: Advisory } | { kind: 'kev'; entry: KevEntry } | { kind: 'epss'; score: EpssScore };
