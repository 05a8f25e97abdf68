/**
 * Evaluation of NVD `configurations` against the CPEs a product ships.
 *
 * Precision rules matching relies on: vendor and product must be concrete and equal on both
 * sides (a `*` on either side never stands for every vendor's product); a version the scheme
 * cannot read makes the entry "cannot decide", never affected; `vulnerable: false` entries are
 * conditions (running-on platforms) and are never reported as vulnerable themselves.
 */
import type { CpeConfiguration, CpeMatch, CpeNode } from './cpe-match.ts';
import { fromCpeBounds, hasCpeBounds } from '../ranges/osv.ts';
import { rangeContains, safeCompare } from '../ranges/range.ts';
import type { VersionScheme } from '../versions/version-scheme.ts';
import { compareAttribute, unquote } from './match.ts';
import { parseCpe, type Wfn } from './wfn.ts';

/** A CPE a product ships; `version` (e.g. the SBOM component version) overrides the CPE's own. */
export interface CpeCandidate {
  cpe: string;
  version?: string;
}

/**
 * How the version side of a match was decided: `bounds` (versionStart/End), `exact` (the
 * criteria names a version), `any_version` (criteria version `*` with no bounds: every version
 * of the product, so matching can flag it as weak), `no_version` (criteria version `-`: the
 * product has no versions, e.g. hardware).
 */
export type VersionBasis = 'bounds' | 'exact' | 'any_version' | 'no_version';

export interface CpeMatchHit {
  /** Index into the candidates passed in. */
  candidate: number;
  criteria: string;
  vulnerable: boolean;
  versionBasis: VersionBasis;
}

export interface CpeUndecided {
  candidate: number;
  criteria: string;
  reason: string;
}

export interface ConfigurationVerdict {
  status: 'affected' | 'not_affected' | 'undecidable';
  /** Candidates matched by `vulnerable: true` entries, when the configuration holds. */
  vulnerable: CpeMatchHit[];
  /** Conditions (`vulnerable: false`) that were met. */
  platforms: CpeMatchHit[];
  /** Conditions that no candidate met: why a vulnerable match did not make the configuration hold. */
  unmetPlatforms: string[];
  /** Entries whose name matched but whose version could not be decided. */
  undecided: CpeUndecided[];
}

type Tri = 'yes' | 'no' | 'unknown';

type EntryOutcome = { tri: 'yes'; basis: VersionBasis } | { tri: 'no' } | { tri: 'unknown'; reason: string };

const IDENTITY = ['vendor', 'product'] as const;
const QUALIFYING = ['update', 'edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

/** Whether a candidate name is the product the criteria names (version aside). */
function sameProduct(criteria: Wfn, candidate: Wfn): boolean {
  if (criteria.part.kind === 'value' && compareAttribute(criteria.part, candidate.part) === 'DISJOINT') return false;
  for (const a of IDENTITY) {
    const c = criteria[a];
    const d = candidate[a];
    if (c.kind !== 'value' || d.kind !== 'value' || compareAttribute(c, d) !== 'EQUAL') return false;
  }
  // A candidate that leaves an attribute unsaid (ANY) is not ruled out by it; a stated, different value is.
  return QUALIFYING.every((a) => candidate[a].kind === 'ANY' || compareAttribute(criteria[a], candidate[a]) !== 'DISJOINT');
}

function candidateVersion(c: CpeCandidate, wfn: Wfn): string | undefined {
  if (c.version !== undefined && c.version !== '') return c.version;
  return wfn.version.kind === 'value' ? unquote(wfn.version.value) : undefined;
}

function evaluateEntry(m: CpeMatch, criteria: Wfn, candidate: CpeCandidate, wfn: Wfn, scheme: VersionScheme): EntryOutcome {
  if (!sameProduct(criteria, wfn)) return { tri: 'no' };
  const version = candidateVersion(candidate, wfn);
  if (hasCpeBounds(m)) {
    const range = fromCpeBounds(m);
    if (!range.ok) return { tri: 'unknown', reason: range.message };
    if (version === undefined) return { tri: 'unknown', reason: 'the candidate has no version to compare with the bounds' };
    const inRange = rangeContains(range.value, version, scheme);
    if (inRange.status === 'undecidable') return { tri: 'unknown', reason: inRange.reason };
    return inRange.status === 'affected' ? { tri: 'yes', basis: 'bounds' } : { tri: 'no' };
  }
  if (criteria.version.kind === 'ANY') return { tri: 'yes', basis: 'any_version' };
  if (criteria.version.kind === 'NA') return { tri: 'yes', basis: 'no_version' };
  if (version === undefined) return { tri: 'unknown', reason: 'the candidate has no version to compare with the criteria version' };
  if (/[*?]/.test(criteria.version.value.replace(/\\./g, ''))) {
    const quoted = version.toLowerCase().replace(/[^a-z0-9_]/g, '\\$&');
    return compareAttribute(criteria.version, { kind: 'value', value: quoted }) === 'SUPERSET' ? { tri: 'yes', basis: 'exact' } : { tri: 'no' };
  }
  const wanted = unquote(criteria.version.value);
  if (wanted === version) return { tri: 'yes', basis: 'exact' };
  const cmp = safeCompare(scheme, version, wanted);
  if (cmp === undefined) return { tri: 'unknown', reason: `${JSON.stringify(version)} or ${JSON.stringify(wanted)} is not a ${scheme.id} version` };
  return cmp === 0 ? { tri: 'yes', basis: 'exact' } : { tri: 'no' };
}

const negateTri = (t: Tri): Tri => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : t);

function combine(op: 'AND' | 'OR', values: Tri[]): Tri {
  if (op === 'AND') return values.includes('no') ? 'no' : values.includes('unknown') ? 'unknown' : 'yes';
  return values.includes('yes') ? 'yes' : values.includes('unknown') ? 'unknown' : 'no';
}

interface NodeResult {
  tri: Tri;
  hits: CpeMatchHit[];
  unmet: string[];
  undecided: CpeUndecided[];
}

function evaluateNode(node: CpeNode, candidates: { c: CpeCandidate; wfn: Wfn; index: number }[], scheme: VersionScheme): NodeResult {
  const res: NodeResult = { tri: 'no', hits: [], unmet: [], undecided: [] };
  const perEntry: Tri[] = [];
  for (const m of node.cpeMatch) {
    const criteria = parseCpe(m.criteria);
    if (!criteria.ok) {
      perEntry.push('unknown');
      res.undecided.push({ candidate: -1, criteria: m.criteria, reason: criteria.message });
      continue;
    }
    const outcomes: Tri[] = [];
    for (const { c, wfn, index } of candidates) {
      const o = evaluateEntry(m, criteria.value, c, wfn, scheme);
      outcomes.push(o.tri);
      if (o.tri === 'yes') res.hits.push({ candidate: index, criteria: m.criteria, vulnerable: m.vulnerable, versionBasis: o.basis });
      if (o.tri === 'unknown') res.undecided.push({ candidate: index, criteria: m.criteria, reason: o.reason });
    }
    const entry = combine('OR', outcomes);
    if (entry !== 'yes' && !m.vulnerable) res.unmet.push(m.criteria);
    perEntry.push(entry);
  }
  res.tri = combine(node.operator, perEntry);
  if (node.negate) {
    res.tri = negateTri(res.tri);
    // What a negated node matched is what makes it false; it names nothing vulnerable.
    res.hits = [];
    res.unmet = [];
  }
  return res;
}

/**
 * Which of `candidates` make an NVD configuration hold. `status` is `affected` when the
 * configuration holds with at least one vulnerable entry matched, `undecidable` when the answer
 * hinges on a version that cannot be compared, `not_affected` otherwise.
 */
export function evaluateConfiguration(config: CpeConfiguration, candidates: CpeCandidate[], scheme: VersionScheme): ConfigurationVerdict {
  const parsed = candidates.flatMap((c, index) => {
    const wfn = parseCpe(c.cpe);
    return wfn.ok ? [{ c, wfn: wfn.value, index }] : [];
  });
  const nodes = config.nodes.map((n) => evaluateNode(n, parsed, scheme));
  let tri = combine(
    config.operator ?? 'OR',
    nodes.map((n) => n.tri),
  );
  if (config.negate) tri = negateTri(tri);
  const hits = config.negate ? [] : nodes.flatMap((n) => (n.tri === 'yes' ? n.hits : []));
  const verdict: ConfigurationVerdict = {
    status: 'not_affected',
    vulnerable: hits.filter((h) => h.vulnerable),
    platforms: hits.filter((h) => !h.vulnerable),
    unmetPlatforms: [...new Set(nodes.flatMap((n) => n.unmet))],
    undecided: nodes.flatMap((n) => n.undecided),
  };
  if (tri === 'yes' && verdict.vulnerable.length > 0) verdict.status = 'affected';
  else if (tri === 'unknown') verdict.status = 'undecidable';
  if (verdict.status !== 'affected') {
    verdict.vulnerable = [];
    verdict.platforms = [];
  }
  return verdict;
}
