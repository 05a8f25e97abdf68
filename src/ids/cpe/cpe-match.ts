/** NVD's CPE match notation, as NVD records and the unified advisory model carry it. */

/** One NVD-style match expression: a CPE 2.3 name with optional version bounds. */
export interface CpeMatch {
  vulnerable: boolean;
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

export interface CpeNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  cpeMatch: CpeMatch[];
}

/** One NVD configuration: nodes joined by `operator` (AND when a platform is required). */
export interface CpeConfiguration {
  operator: 'AND' | 'OR';
  negate: boolean;
  nodes: CpeNode[];
}
