/**
 * What every SBOM parser produces, whatever the input format. Ingest stores this; matching
 * reads the stored components. Parsers are pure: bytes in, `ParsedSbom` or problems out.
 */

export type SbomFormat = 'CycloneDX' | 'SPDX';

/** How the bytes were encoded, as detected from content. */
export type SbomEncoding = 'json' | 'xml' | 'tag-value' | 'json-ld';

export interface SbomProblem {
  /** JSON pointer (`/components/3/purl`) or `line N` (XML, tag-value). */
  path: string;
  message: string;
}

export interface ParsedHash {
  alg: string;
  content: string;
}

export interface ParsedComponent {
  /** CycloneDX bom-ref or SPDX SPDXID; generated (`kanshi:<index>`) when the document has none. */
  bomRef: string;
  /** CycloneDX component type (library, application, operating-system, …); SPDX primaryPackagePurpose lower-cased, default `library`. */
  type: string;
  group: string | null;
  name: string;
  version: string | null;
  /** Canonical purl (packageurl-js), or null when absent or unparseable (then a problem is listed). */
  purl: string | null;
  /** CPE 2.3 formatted string; 2.2 URIs are converted. */
  cpe: string | null;
  /**
   * Identifiers the document gives that could not be read, each with the reason (the same text
   * as its warning). Absent when every identifier was read: such a component is undecided, never clean.
   */
  unreadable?: string[];
  hashes: ParsedHash[];
  /** SPDX ids or expressions, CycloneDX license ids/names/expressions. */
  licenses: string[];
  supplier: string | null;
  /** CycloneDX scope (required/optional/excluded); null when not stated. */
  scope: string | null;
  /**
   * true: a direct dependency of the product (a dependency of the root in the graph);
   * false: reached only through other components; null: the document has no graph to tell.
   */
  direct: boolean | null;
  /** bomRef of the enclosing component for CycloneDX nested components. */
  parentRef: string | null;
}

export interface ParsedSbom {
  format: SbomFormat;
  encoding: SbomEncoding;
  /** `1.6`, `2.3`, `3.0` … */
  specVersion: string;
  /** The product the document describes (CycloneDX metadata.component, SPDX DESCRIBES), if any. */
  subject: { name: string; version: string | null; purl: string | null } | null;
  components: ParsedComponent[];
  /** Where each component was read (JSON pointer or `line N`), parallel to `components`: for problem reports. */
  locations: string[];
  /** Dependency edges by bomRef, as the document states them. */
  dependencies: { ref: string; dependsOn: string[] }[];
  /** Schema violations and tolerated defects: empty for a clean document. */
  warnings: SbomProblem[];
}

export type ValidationMode = 'strict' | 'warn';
