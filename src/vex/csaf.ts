/**
 * CSAF 2.0 documents (OASIS CSAF v2.0): the VEX of a product version (profile `csaf_vex`) and the
 * security advisory draft of a case (profile `csaf_security_advisory`). Both are statements
 * about (product version, component, vulnerability); they share the product tree and the
 * vulnerability section, built here.
 *
 * `product_status.recommended` means "contains the fix", never "affected": it is only ever
 * filled with product versions that are fixed.
 */
import { weaknesses } from '@secvisogram/csaf-validator-lib/cwe.js';
import { actionOf, subjectPurl, type VexComponent, type VexScore, type VexStatement, type VexStatus, type VexVulnerability } from './vex-model.ts';

/** Who publishes the documents (kanshi.yaml `csaf.publisher`); the category is always `vendor`. */
export interface CsafPublisher {
  name: string;
  /** A URL of the publisher's own, which makes tracking ids unique across publishers. */
  namespace: string;
}

export interface CsafContext {
  publisher: CsafPublisher;
  /** The Kanshi version, for `document.tracking.generator`. */
  generator: string;
  now: Date;
}

/** One statement about one version of the product. */
export interface CsafEntry {
  version: string;
  /** The product version's purl; `pkg:generic/<product>@<version>` when absent. */
  purl: string | null;
  statement: VexStatement;
}

type Json = Record<string, unknown>;

const PRODUCT_STATUS: Record<VexStatus, string> = {
  affected: 'known_affected',
  not_affected: 'known_not_affected',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
};

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** Product tree ids: `PV<n>` a product version, `C<n>` a component, `PV<n>:C<m>` the component as shipped in that version. */
class ProductTree {
  private readonly versions = new Map<string, { id: string; purl: string }>();
  private readonly components = new Map<string, { id: string; c: VexComponent }>();
  private readonly relationships = new Map<string, { version: string; component: string }>();

  constructor(private readonly product: string) {}

  version(version: string, purl: string | null): string {
    let v = this.versions.get(version);
    if (!v) {
      v = { id: `PV${this.versions.size + 1}`, purl: purl ?? subjectPurl({ name: this.product, version, purl: null }) };
      this.versions.set(version, v);
    }
    return v.id;
  }

  /** The ids a statement is about: each component as shipped in the version, or the version itself. */
  ids(e: CsafEntry): string[] {
    const version = this.version(e.version, e.purl);
    if (e.statement.components.length === 0) return [version];
    return [
      ...new Set(
        e.statement.components.map((c) => {
          const key = `${c.name}\u0000${c.version ?? ''}\u0000${c.purl ?? ''}\u0000${c.cpe ?? ''}`;
          let component = this.components.get(key);
          if (!component) {
            component = { id: `C${this.components.size + 1}`, c };
            this.components.set(key, component);
          }
          const id = `${version}:${component.id}`;
          this.relationships.set(id, { version: e.version, component: key });
          return id;
        }),
      ),
    ];
  }

  toJson(vendor: string): Json {
    const helper = (c: VexComponent): Json | undefined => (c.purl ? { purl: c.purl } : c.cpe?.startsWith('cpe:2.3:') ? { cpe: c.cpe } : undefined);
    const label = (c: VexComponent): string => `${c.name}${c.version ? ` ${c.version}` : ''}`;
    return {
      branches: [
        {
          category: 'vendor',
          name: vendor,
          branches: [
            {
              category: 'product_name',
              name: this.product,
              branches: [...this.versions].map(([version, v]) => ({
                category: 'product_version',
                name: version,
                product: { product_id: v.id, name: `${this.product} ${version}`, product_identification_helper: { purl: v.purl } },
              })),
            },
          ],
        },
      ],
      ...(this.components.size > 0
        ? {
            full_product_names: [...this.components.values()].map(({ id, c }) => {
              const h = helper(c);
              return { product_id: id, name: label(c), ...(h ? { product_identification_helper: h } : {}) };
            }),
            relationships: [...this.relationships].map(([id, r]) => {
              const c = this.components.get(r.component)!;
              return {
                category: 'default_component_of',
                product_reference: c.id,
                relates_to_product_reference: this.versions.get(r.version)!.id,
                full_product_name: { product_id: id, name: `${label(c.c)} in ${this.product} ${r.version}` },
              };
            }),
          }
        : {}),
    };
  }
}

/** CVSS v3 as CSAF 2.0 embeds it (FIRST's cvss-v3.x JSON schema); CSAF 2.0 has no place for v4.0. */
function cvssV3(s: VexScore): Json {
  const severity = s.score === 0 ? 'NONE' : s.score < 4 ? 'LOW' : s.score < 7 ? 'MEDIUM' : s.score < 9 ? 'HIGH' : 'CRITICAL';
  return { version: s.version, vectorString: s.vector, baseScore: s.score, baseSeverity: severity };
}

const cweName = new Map<string, string>(weaknesses.map((w) => [w.id, w.name]));

function vulnerabilityHead(v: VexVulnerability): Json {
  const cve = CVE.test(v.id) ? v.id : v.aliases.find((a) => CVE.test(a));
  const ids = [v.id, ...v.aliases]
    .filter((id) => id !== cve)
    .map((id) => ({ system_name: id.includes('-') ? id.slice(0, id.indexOf('-')) : 'other', text: id }));
  const cwe = v.cwes.find((id) => cweName.has(id));
  const v4 = v.scores.find((s) => s.version === '4.0');
  const otherCwes = v.cwes.filter((id) => id !== cwe);
  const notes: Json[] = [
    { category: 'description', title: 'Description', text: v.description ?? v.title ?? `${v.id}: the sources give no description.` },
    ...(v4 ? [{ category: 'other', title: 'CVSS v4.0', text: `${v4.vector} (base score ${v4.score.toFixed(1)})` }] : []),
    ...(otherCwes.length > 0 ? [{ category: 'other', title: 'Further weaknesses', text: otherCwes.join(', ') }] : []),
  ];
  return {
    ...(cve ? { cve } : {}),
    ...(ids.length > 0 ? { ids } : {}),
    ...(cwe ? { cwe: { id: cwe, name: cweName.get(cwe) } } : {}),
    ...(v.title ? { title: v.title } : {}),
    notes,
  };
}

interface VulnerabilityOptions {
  /** Product ids to list as `recommended` (versions that contain the fix). */
  recommended?: (ids: Map<VexStatus, string[]>) => string[];
  involvements?: Json[];
}

/** One CSAF vulnerability from the statements about it, each statement's products under its status. */
function vulnerabilityOf(tree: ProductTree, product: string, entries: CsafEntry[], opts: VulnerabilityOptions): Json {
  const v = entries[0]!.statement.vulnerability;
  const byStatus = new Map<VexStatus, string[]>();
  const flags: Json[] = [];
  const threats: Json[] = [];
  const remediations: Json[] = [];
  for (const e of entries) {
    const s = e.statement;
    const ids = tree.ids(e);
    byStatus.set(s.status, [...new Set([...(byStatus.get(s.status) ?? []), ...ids])]);
    if (s.status === 'not_affected') {
      if (s.justification) flags.push({ label: s.justification, product_ids: ids });
      if (s.impact || !s.justification)
        threats.push({ category: 'impact', details: s.impact ?? 'Not affected (no justification recorded).', product_ids: ids });
    }
    if (s.status === 'affected') {
      remediations.push({ category: s.fixVersion ? 'vendor_fix' : 'none_available', details: actionOf(s, product), product_ids: ids });
    }
  }
  const all = [...new Set([...byStatus.values()].flat())];
  const v3 = v.scores.find((s) => s.version === '3.1' || s.version === '3.0');
  const recommended = opts.recommended?.(byStatus) ?? [];
  const status: Json = Object.fromEntries([...byStatus].map(([s, ids]) => [PRODUCT_STATUS[s], ids]));
  if (recommended.length > 0) status.recommended = recommended;
  return {
    ...vulnerabilityHead(v),
    product_status: status,
    ...(flags.length > 0 ? { flags } : {}),
    ...(threats.length > 0 ? { threats } : {}),
    ...(remediations.length > 0 ? { remediations } : {}),
    ...(v3 ? { scores: [{ cvss_v3: cvssV3(v3), products: all }] } : {}),
    ...(opts.involvements && opts.involvements.length > 0 ? { involvements: opts.involvements } : {}),
  };
}

interface Tracking {
  id: string;
  status: 'draft' | 'interim' | 'final';
  revisions: { date: Date; summary: string }[];
  /** `0.<n>.0` numbering (a draft's versions are pre-1.0); otherwise integers from 1. */
  draft: boolean;
}

function tracking(ctx: CsafContext, t: Tracking): Json {
  const number = (i: number): string => (t.draft ? `0.${i + 1}.0` : String(i + 1));
  const history = t.revisions.map((r, i) => ({ number: number(i), date: r.date.toISOString(), summary: r.summary }));
  return {
    id: t.id,
    status: t.status,
    version: history.at(-1)!.number,
    revision_history: history,
    initial_release_date: t.revisions[0]!.date.toISOString(),
    current_release_date: t.revisions.at(-1)!.date.toISOString(),
    generator: { engine: { name: 'Kanshi', version: ctx.generator }, date: ctx.now.toISOString() },
  };
}

const publisher = (p: CsafPublisher): Json => ({ category: 'vendor', name: p.name, namespace: p.namespace });

/** A tracking id from free text: no whitespace at either end, none inside either. */
export const trackingId = (...parts: string[]): string => parts.map((p) => p.trim().replace(/\s+/g, '_')).join('-');

/**
 * The CSAF VEX of one product version: one vulnerability per id, each of its statements'
 * components (as shipped in the version) under the statement's status; a `not_affected` with
 * its justification as a flag (or an impact threat), an `affected` with its remediation.
 */
export function csafVex(ctx: CsafContext, subject: { name: string; version: string; purl: string | null }, statements: VexStatement[]): Json {
  const tree = new ProductTree(subject.name);
  const byVuln = new Map<string, CsafEntry[]>();
  for (const statement of statements) {
    const id = statement.vulnerability.id;
    byVuln.set(id, [...(byVuln.get(id) ?? []), { version: subject.version, purl: subject.purl, statement }]);
  }
  const vulnerabilities = [...byVuln.values()].map((entries) => vulnerabilityOf(tree, subject.name, entries, {}));
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      lang: 'en',
      title: `VEX for ${subject.name} ${subject.version}`,
      publisher: publisher(ctx.publisher),
      distribution: { tlp: { label: 'AMBER' } },
      notes: [
        {
          category: 'summary',
          title: 'Summary',
          text: `The exploitability of ${statements.length === 1 ? 'one vulnerability' : `${byVuln.size} vulnerabilities`} in ${subject.name} ${subject.version}, as Kanshi knows it on ${ctx.now.toISOString().slice(0, 10)}: findings of the product's components and the triage decisions made on them.`,
        },
      ],
      tracking: tracking(ctx, {
        id: trackingId('VEX', subject.name, subject.version),
        status: 'interim',
        draft: false,
        revisions: [{ date: ctx.now, summary: 'Generated from the current findings and case decisions.' }],
      }),
    },
    product_tree: tree.toJson(ctx.publisher.name),
    vulnerabilities,
  };
}

/** The coordination state of a case (JPCERT/CC guideline 4–6), as `PATCH /cases/:id` records it. */
export interface Coordination {
  coordinator: string | null;
  caseId: string | null;
  notifiedAt: Date | null;
  disclosureAt: Date | null;
}

export interface AdvisoryInput {
  trackingId: string;
  product: string;
  vulnerability: VexVulnerability;
  /** One entry per (version, status) of the case's findings; the fix version, when known, with status `fixed`. */
  entries: CsafEntry[];
  /** The version that contains the fix: its products are `recommended`. */
  fixVersion: string | null;
  /** Oldest first; numbered 0.1.0, 0.2.0 … (a draft). */
  revisions: { date: Date; summary: string }[];
  coordination: Coordination | null;
  /** Where the vendor stands: `open` before triage, `in_progress` while working, `completed` once decided. */
  vendorStatus: 'open' | 'in_progress' | 'completed';
  embargoed: boolean;
  /** References of the vulnerability's sources (http and https URLs only are kept). */
  references: string[];
}

const isWebUrl = (u: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
};

/** Parties involved: the vendor (us) and the coordinator when there is one. */
function involvements(input: AdvisoryInput, now: Date): Json[] {
  const c = input.coordination;
  const out: Json[] = [{ party: 'vendor', status: input.vendorStatus, date: now.toISOString() }];
  if (c?.coordinator) {
    const summary = [
      `${c.coordinator}${c.caseId ? ` case ${c.caseId}` : ''}`,
      c.notifiedAt ? `notified ${c.notifiedAt.toISOString().slice(0, 10)}` : 'not notified yet',
      c.disclosureAt ? `public disclosure planned for ${c.disclosureAt.toISOString().slice(0, 10)}` : null,
    ]
      .filter(Boolean)
      .join('; ');
    out.push({
      party: 'coordinator',
      status: c.notifiedAt ? 'in_progress' : 'not_contacted',
      ...(c.notifiedAt ? { date: c.notifiedAt.toISOString() } : {}),
      summary,
    });
  }
  return out;
}

/**
 * The CSAF 2.0 security advisory draft of a case: the product's versions in the case under
 * their status, the fix version fixed and recommended, the vulnerability's CVE, CWE, scores and
 * notes, the revision history from the case's audit trail, the coordinator as an involvement
 * and an acknowledgment. TLP RED while embargoed, AMBER otherwise: a draft is not for the public.
 */
export function csafAdvisory(ctx: CsafContext, input: AdvisoryInput): Json {
  const tree = new ProductTree(input.product);
  const fixIds = (byStatus: Map<VexStatus, string[]>): string[] =>
    input.fixVersion === null ? [] : (byStatus.get('fixed') ?? []).filter((id) => id.split(':')[0] === tree.version(input.fixVersion!, null));
  const vulnerability = vulnerabilityOf(tree, input.product, input.entries, { recommended: fixIds, involvements: involvements(input, ctx.now) });
  const c = input.coordination;
  const references = [...new Set(input.references.filter(isWebUrl))].slice(0, 50).map((url) => ({ category: 'external', url, summary: url }));
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: 'en',
      title: `${input.vulnerability.id} in ${input.product}`,
      publisher: publisher(ctx.publisher),
      distribution: { tlp: { label: input.embargoed ? 'RED' : 'AMBER' } },
      notes: [
        {
          category: 'summary',
          title: 'Summary',
          text: `${input.product} ships components affected by ${input.vulnerability.id}${input.vulnerability.title ? ` (${input.vulnerability.title})` : ''}. This is a draft for review before publication.`,
        },
      ],
      ...(references.length > 0 ? { references } : {}),
      ...(c?.coordinator ? { acknowledgments: [{ organization: c.coordinator, summary: 'coordination of the disclosure' }] } : {}),
      tracking: tracking(ctx, { id: input.trackingId, status: 'draft', draft: true, revisions: input.revisions }),
    },
    product_tree: tree.toJson(ctx.publisher.name),
    vulnerabilities: [vulnerability],
  };
}
