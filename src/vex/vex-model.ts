/**
 * What a VEX document says, whatever format it is written in: about one subject (a product
 * version, or a scanned SBOM), a list of statements, each giving one vulnerability's status in
 * some of the subject's components. The writers (CycloneDX, OpenVEX, CSAF) are pure functions of
 * this model, so `kanshi scan` and the daemon's exports share them.
 */
import { formatPurl } from '../ids/index.ts';

/** The four statuses of VEX (CISA "Minimum Requirements for VEX"), as OpenVEX and CSAF name them. */
export const VEX_STATUSES = ['affected', 'not_affected', 'fixed', 'under_investigation'] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];

/** Why a product is not affected: the OpenVEX and CSAF VEX justification labels (the same five). */
export const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type Justification = (typeof JUSTIFICATIONS)[number];

/** What the document is about: a product version, or the subject of a scanned SBOM. */
export interface VexSubject {
  name: string;
  version: string | null;
  purl: string | null;
}

/** A component a statement is about. `ref` names it in CycloneDX: a bom-ref or a BOM-Link into the SBOM it came from. */
export interface VexComponent {
  ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  /** The match could not decide whether its version is in the advisory's range. */
  undecided?: boolean;
}

/** A CVSS score whose base score was computed from its vector. */
export interface VexScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

export type VexSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export interface VexVulnerability {
  id: string;
  aliases: string[];
  /** Feeds it was merged from (`nvd`, `osv`, …). */
  sources: string[];
  title: string | null;
  description: string | null;
  severity: VexSeverity;
  /** The headline score first; at most one per CVSS version. */
  scores: VexScore[];
  /** `CWE-79` … */
  cwes: string[];
  references: string[];
}

export interface VexStatement {
  vulnerability: VexVulnerability;
  status: VexStatus;
  /** The components it is about; empty: the subject as a whole. */
  components: VexComponent[];
  /** For `not_affected`: a label, or only an impact statement when the reason is free text. */
  justification: Justification | null;
  impact: string | null;
  /** For `affected`: what to do (upgrade to …, no fix yet …). */
  action: string | null;
  /** The subject version that contains the fix, when known. */
  fixVersion: string | null;
  /** How the status was reached, for people: the match, the case state. */
  detail: string | null;
}

export interface VexDocument {
  subject: VexSubject;
  /** Who states it (OpenVEX `author`, CSAF publisher, CycloneDX manufacturer). */
  author: string;
  timestamp: Date;
  statements: VexStatement[];
  /**
   * `embedded`: the components are listed in the CycloneDX document and referred to by bom-ref;
   * `linked`: refs point into another document (a BOM-Link into the scanned SBOM), nothing is listed.
   */
  components: 'embedded' | 'linked';
}

/** The subject's purl, else `pkg:generic/<name>@<version>`: how a product version without a purl of its own is identified. */
export const subjectPurl = (s: VexSubject): string => s.purl ?? formatPurl({ type: 'generic', name: s.name, ...(s.version ? { version: s.version } : {}) });

/** What to do about an `affected` statement: what it says, else the upgrade to the fix version, else that there is no fix yet. */
export const actionOf = (s: VexStatement, product: string): string =>
  s.action ?? (s.fixVersion ? `Upgrade ${product} to ${s.fixVersion}.` : 'No fix is available yet.');
