/**
 * CPE matching: NVD configurations (and the CPE entries JVN and CSAF carry) against a component
 * CPE. Vendor AND product must be the same plain values on both sides, so a wildcard on either
 * side never widens a match; version `-` (not applicable) matches only `-`; version `*` with no
 * bounds matches but is marked; AND configurations need their platforms, looked for in the rest
 * of the inventory; `negate` flips a node; a `vulnerable: false` entry is only ever a platform.
 */
import { parseCpe, WFN_ATTRIBUTES, type Wfn, type WfnAttribute } from '../ids/index.ts';
import { fromCpeBounds, hasCpeBounds } from '../ids/ranges/index.ts';
import type { Advisory, AffectedProduct, CpeConfiguration, CpeMatch, CpeNode } from '../vulns/advisory.ts';
import { cpeVersionScheme } from './ids-adapter.ts';
import { plainValue, sourceRef, type MatchContext, type Matcher, type PreparedComponent } from './matcher.ts';
import type { Match, MatchMark, MatchMethod } from './match.model.ts';
import { testRange } from './range-verdict.ts';

type Bounds = Omit<CpeMatch, 'vulnerable' | 'criteria'>;

/**
 * Three-valued truth with the reason a value is unknown: the component's version could not be
 * tested, or a required platform is not in the inventory.
 */
type Truth = 'yes' | 'no' | 'version?' | 'platform?';

interface EntryResult {
  truth: Truth;
  range: string;
  fixedIn: string[];
  smallestFix?: string;
  marks: MatchMark[];
  reason?: string;
}

const parsedCriteria = new Map<string, Wfn | null>();

/** Advisory CPEs repeat across records; parse each string once. */
function criteriaWfn(criteria: string): Wfn | undefined {
  let hit = parsedCriteria.get(criteria);
  if (hit === undefined) {
    const r = parseCpe(criteria);
    hit = r.ok ? r.value : null;
    if (parsedCriteria.size > 100_000) parsedCriteria.clear();
    parsedCriteria.set(criteria, hit);
  }
  return hit ?? undefined;
}

const REFINING: readonly WfnAttribute[] = WFN_ATTRIBUTES.filter((a) => a !== 'part' && a !== 'vendor' && a !== 'product' && a !== 'version');

/** Same vendor and product as plain values, same part, and no contradicting refinement (update, target_sw…). */
function sameProduct(a: Wfn, b: Wfn): boolean {
  const vendor = plainValue(a, 'vendor');
  const product = plainValue(a, 'product');
  if (vendor === undefined || product === undefined) return false;
  if (vendor !== plainValue(b, 'vendor') || product !== plainValue(b, 'product')) return false;
  const pa = plainValue(a, 'part');
  const pb = plainValue(b, 'part');
  if (pa !== undefined && pb !== undefined && pa !== pb) return false;
  return REFINING.every((attr) => {
    const x = a[attr];
    const y = b[attr];
    return x.kind !== 'value' || y.kind !== 'value' || x.value === y.value;
  });
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

/** The criteria's version (value, `-`, or `*` with bounds) against one version string. */
function versionResult(criteria: Wfn, bounds: Bounds, version: string | undefined, versionIsNa: boolean): EntryResult {
  const v = criteria.version;
  if (v.kind === 'NA') {
    return versionIsNa ? { truth: 'yes', range: '-', fixedIn: [], marks: ['na-version'] } : { truth: 'no', range: '-', fixedIn: [], marks: [] };
  }
  if (versionIsNa) return { truth: 'no', range: '-', fixedIn: [], marks: [] };
  if (v.kind === 'value') {
    const exact = unescape(v.value);
    // A version pattern (`1.2.*`) is not a version the component can be compared with.
    if (/(^|[^\\])[*?]/.test(v.value)) return { truth: 'no', range: exact, fixedIn: [], marks: [] };
    if (version === undefined) return { truth: 'version?', range: `=${exact}`, fixedIn: [], marks: [], reason: 'the component has no version' };
    const r = testRange({ intervals: [], exact: [exact], excluded: [] }, version, cpeVersionScheme);
    if (r.status === 'undecidable') return { truth: 'version?', range: r.range, fixedIn: [], marks: [], reason: r.reason };
    return { truth: r.status === 'affected' ? 'yes' : 'no', range: `=${exact}`, fixedIn: [], marks: [] };
  }
  if (!hasCpeBounds(bounds)) return { truth: 'yes', range: '*', fixedIn: [], marks: ['all-versions'] };
  const range = fromCpeBounds(bounds);
  if (!range.ok) return { truth: 'version?', range: JSON.stringify(bounds), fixedIn: [], marks: [], reason: range.message };
  if (version === undefined) return { truth: 'version?', range: '(bounded)', fixedIn: [], marks: [], reason: 'the component has no version' };
  const r = testRange(range.value, version, cpeVersionScheme);
  if (r.status === 'not_affected') return { truth: 'no', range: '', fixedIn: [], marks: [] };
  if (r.status === 'undecidable') return { truth: 'version?', range: r.range, fixedIn: [], marks: [], reason: r.reason };
  const out: EntryResult = { truth: 'yes', range: r.range, fixedIn: r.fixedIn, marks: [] };
  if (r.smallestFix !== undefined) out.smallestFix = r.smallestFix;
  return out;
}

function componentVersion(c: PreparedComponent): { version: string | undefined; na: boolean } {
  return { version: c.version, na: c.cpe?.version.kind === 'NA' && c.version === undefined };
}

/** A platform entry against the rest of the inventory: unknown when no such product is listed. */
function platformTruth(criteria: Wfn, bounds: Bounds, platforms: readonly Wfn[]): Truth {
  let seen = false;
  for (const p of platforms) {
    if (!sameProduct(criteria, p)) continue;
    seen = true;
    const pv = p.version;
    const r = versionResult(criteria, bounds, pv.kind === 'value' ? unescape(pv.value) : undefined, pv.kind === 'NA');
    if (r.truth === 'yes') return 'yes';
  }
  return seen ? 'no' : 'platform?';
}

function or(values: Truth[]): Truth {
  if (values.includes('yes')) return 'yes';
  if (values.includes('version?')) return 'version?';
  return values.includes('platform?') ? 'platform?' : 'no';
}

function and(values: Truth[]): Truth {
  if (values.includes('no')) return 'no';
  if (values.includes('version?')) return 'version?';
  return values.includes('platform?') ? 'platform?' : 'yes';
}

const negate = (t: Truth, flip: boolean): Truth => (!flip ? t : t === 'yes' ? 'no' : t === 'no' ? 'yes' : t);

interface ConfigurationResult {
  truth: Truth;
  /** The vulnerable entry naming the component, when one does. */
  implicated?: EntryResult;
}

/** Evaluates one configuration for a component; entries naming other products are platforms. */
function evaluate(config: CpeConfiguration, c: PreparedComponent, ctx: MatchContext): ConfigurationResult {
  const own = c.cpe;
  if (!own) return { truth: 'no' };
  const { version, na } = componentVersion(c);
  let implicated: EntryResult | undefined;
  const entryTruth = (m: CpeMatch): Truth => {
    const criteria = criteriaWfn(m.criteria);
    if (!criteria) return 'no';
    if (m.vulnerable && sameProduct(criteria, own)) {
      const r = versionResult(criteria, m, version, na);
      // The strongest naming entry explains the match: affected first, then undecided.
      if (r.truth === 'yes' || (r.truth === 'version?' && implicated?.truth !== 'yes')) implicated = r;
      return r.truth;
    }
    return platformTruth(criteria, m, ctx.platforms);
  };
  const node = (n: CpeNode): Truth => negate((n.operator === 'AND' ? and : or)(n.cpeMatch.map(entryTruth)), n.negate);
  const truth = negate((config.operator === 'AND' ? and : or)(config.nodes.map(node)), config.negate);
  return implicated ? { truth, implicated } : { truth };
}

function toMatch(advisory: Advisory, vulnerabilityId: string, method: MatchMethod, searched: string, truth: Truth, entry: EntryResult): Match | undefined {
  if (truth === 'no' || entry.truth === 'no') return undefined;
  const base = { vulnerabilityId, method, source: sourceRef(advisory), searched, range: entry.range, fixedIn: entry.fixedIn };
  if (truth === 'version?' || entry.truth === 'version?') {
    return { ...base, outcome: 'undecidable', confidence: 'medium', marks: entry.marks, reason: entry.reason ?? 'the version could not be compared' };
  }
  const marks: MatchMark[] = truth === 'platform?' ? [...entry.marks, 'platform-unverified'] : entry.marks;
  const m: Match = { ...base, outcome: 'affected', confidence: truth === 'platform?' ? 'low' : 'medium', marks };
  if (entry.smallestFix !== undefined) m.smallestFix = entry.smallestFix;
  return m;
}

/** CPE matching is for what package ranges do not cover: not OS packages, not OSV ecosystems unless configured. */
export function cpeApplies(c: PreparedComponent, ctx: MatchContext): boolean {
  if (!c.cpe) return false;
  if (c.pkg?.osPackage) return false;
  return c.pkg === undefined || ctx.options.cpeForPackageEcosystems === true;
}

/** A CSAF/JVN product whose CPE is also carried as a CPE entry is matched once, through that entry. */
function productCoveredByCpeEntry(advisory: Advisory, product: AffectedProduct): boolean {
  return advisory.affected.some((a) => a.kind === 'cpe' && a.configuration.nodes.some((n) => n.cpeMatch.some((m) => m.criteria === product.cpe)));
}

function productEntry(product: AffectedProduct, criteria: Wfn, c: PreparedComponent): EntryResult {
  if (!product.parsed) {
    return { truth: 'version?', range: product.versionText, fixedIn: [], marks: [], reason: `affected versions not understood: ${product.versionText}` };
  }
  const { version, na } = componentVersion(c);
  const results = product.bounds.map((b) => versionResult(criteria, b, version, na));
  return results.find((r) => r.truth === 'yes') ?? results.find((r) => r.truth === 'version?') ?? { truth: 'no', range: '', fixedIn: [], marks: [] };
}

export const cpeMatcher: Matcher = {
  name: 'cpe',
  methods: ['cpe-configuration', 'cpe-product'],
  applies: cpeApplies,
  match(c, stored, ctx) {
    const own = c.cpe;
    if (!own || !c.component.cpe) return [];
    const { advisory } = stored;
    const method: MatchMethod = advisory.source === 'nvd' ? 'cpe-configuration' : 'cpe-product';
    const searched = c.component.cpe;
    const out: Match[] = [];
    for (const entry of advisory.affected) {
      if (entry.status !== 'affected') continue;
      if (entry.kind === 'cpe') {
        const r = evaluate(entry.configuration, c, ctx);
        const m = r.implicated && toMatch(advisory, stored.vulnerabilityId, method, searched, r.truth, r.implicated);
        if (m) out.push(m);
      } else if (entry.kind === 'product' && entry.cpe !== undefined && !productCoveredByCpeEntry(advisory, entry)) {
        const criteria = criteriaWfn(entry.cpe);
        if (!criteria || !sameProduct(criteria, own)) continue;
        const r = productEntry(entry, criteria, c);
        const m = toMatch(advisory, stored.vulnerabilityId, 'cpe-product', searched, r.truth, r);
        if (m) out.push(m);
      }
    }
    return out;
  },
};
