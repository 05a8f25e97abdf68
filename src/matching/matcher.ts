/**
 * One matcher per method behind one interface; `match` runs every matcher that applies to a
 * component over the advisories a lookup returned for it, and `toFindings` merges the result to
 * one finding per vulnerability.
 */
import { genericVersionScheme, parseCpe, safeCompare, versionScheme, type VersionScheme, type Wfn } from '../ids/index.ts';
import { type Advisory, cpeIndexKey, isWithdrawn, type StoredAdvisory } from '../vulns/index.ts';
import { componentPackage, type ComponentPackage } from './component-package.ts';
import { CONFIDENCE_RANK, type Finding, type Match, type MatchComponent, type MatchMethod } from './match.model.ts';

export interface MatcherOptions {
  /**
   * Also match NVD/JVN/CSAF CPE entries against components whose purl ecosystem OSV covers.
   * Default false: for those the package ranges are precise and CPE matching only adds noise.
   */
  cpeForPackageEcosystems?: boolean;
  /** Enable the name-only heuristic (confidence `low`). Default false. */
  nameOnly?: boolean;
}

/** A component with its identifiers parsed once for every matcher. */
export interface PreparedComponent {
  component: MatchComponent;
  /** The OSV package its purl names, when OSV covers the purl type. */
  pkg?: ComponentPackage;
  /** Parsed CPE, when it names vendor and product without wildcards. */
  cpe?: Wfn;
  /** The version to compare: the purl's, else the component's, else a CPE version value. */
  version?: string;
}

/** Resolves the version order of an OSV ecosystem (`Debian:12`, `npm`); undefined when none is known. */
export type SchemeResolver = (ecosystem: string) => VersionScheme | undefined;

export interface MatchContext {
  schemes: SchemeResolver;
  options: MatcherOptions;
  /**
   * CPEs of the rest of the inventory by `vendor\0product`: the platforms an AND configuration
   * may require ("running on JDK 9 or later").
   */
  platforms: ReadonlyMap<string, readonly string[]>;
}

export interface Matcher {
  readonly name: string;
  readonly methods: readonly MatchMethod[];
  applies(c: PreparedComponent, ctx: MatchContext): boolean;
  match(c: PreparedComponent, advisory: StoredAdvisory, ctx: MatchContext): Match[];
}

export const sourceRef = (a: Advisory): string => `${a.source}:${a.sourceId}`;

/** A plain value (no wildcard) of a CPE attribute, or undefined. */
function plainValue(wfn: Wfn, attr: 'vendor' | 'product' | 'part'): string | undefined {
  const v = wfn[attr];
  if (v.kind !== 'value') return undefined;
  // An unquoted `*` or `?` is a wildcard; quoted ones are `\*`, `\?`.
  return /(^|[^\\])[*?]/.test(v.value) ? undefined : v.value;
}

export function prepareComponent(component: MatchComponent): PreparedComponent {
  const prepared: PreparedComponent = { component };
  const pkg = component.purl ? componentPackage(component.purl) : undefined;
  if (pkg) prepared.pkg = pkg;
  if (component.cpe) {
    const wfn = parseCpe(component.cpe);
    if (wfn.ok && plainValue(wfn.value, 'vendor') !== undefined && plainValue(wfn.value, 'product') !== undefined) prepared.cpe = wfn.value;
  }
  const cpeVersion = prepared.cpe?.version;
  const version = pkg?.version ?? component.version ?? (cpeVersion?.kind === 'value' ? cpeVersion.value.replace(/\\(.)/g, '$1') : undefined);
  if (version !== undefined && version.trim() !== '') prepared.version = version.trim();
  return prepared;
}

/** The scheme fix versions of a component are ordered by. */
export function componentScheme(c: PreparedComponent, schemes: SchemeResolver): VersionScheme {
  return (c.pkg && schemes(c.pkg.release ?? c.pkg.ecosystem)) ?? genericVersionScheme;
}

/** Groups the inventory's CPEs by vendor and product, the way configurations name platforms. */
export function platformIndex(cpes: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cpe of cpes) {
    const key = cpeIndexKey(cpe);
    if (!key) continue;
    const k = `${key.vendor}\u0000${key.product}`;
    const list = out.get(k);
    if (list) list.push(cpe);
    else out.set(k, [cpe]);
  }
  return out;
}

export function createContext(options: MatcherOptions = {}, platforms: Iterable<string> = [], schemes: SchemeResolver = versionScheme): MatchContext {
  return { schemes, options, platforms: platformIndex(platforms) };
}

/** Strongest first: affected before undecidable, then confidence, then fewer caveats. */
function compareMatches(a: Match, b: Match): number {
  if (a.outcome !== b.outcome) return a.outcome === 'affected' ? -1 : 1;
  const c = CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence];
  return c !== 0 ? c : a.marks.length - b.marks.length;
}

/**
 * Every match of one component against candidate advisories, at most one per (record,
 * vulnerability): a record that matches through several entries keeps its strongest match.
 */
export function matchComponent(c: PreparedComponent, advisories: readonly StoredAdvisory[], matchers: readonly Matcher[], ctx: MatchContext): Match[] {
  const active = matchers.filter((m) => m.applies(c, ctx));
  if (active.length === 0) return [];
  const best = new Map<string, Match>();
  for (const stored of advisories) {
    if (isWithdrawn(stored.advisory)) continue;
    for (const matcher of active) {
      for (const m of matcher.match(c, stored, ctx)) {
        const key = `${m.source}\u0000${m.vulnerabilityId}`;
        const prev = best.get(key);
        if (!prev || compareMatches(m, prev) < 0) best.set(key, m);
        // Two configurations of one record that both wait on a platform: either platform would do.
        else if (prev.platformConditions && m.platformConditions && compareMatches(m, prev) === 0)
          best.set(key, { ...prev, platformConditions: [...prev.platformConditions, ...m.platformConditions] });
      }
    }
  }
  return [...best.values()];
}

/** Merges matches to one finding per vulnerability, listing every source. */
export function toFindings(matches: readonly Match[], scheme: VersionScheme): Finding[] {
  const byVuln = new Map<string, Match[]>();
  for (const m of matches) {
    const list = byVuln.get(m.vulnerabilityId);
    if (list) list.push(m);
    else byVuln.set(m.vulnerabilityId, [m]);
  }
  const findings: Finding[] = [];
  for (const [vulnerabilityId, list] of byVuln) {
    list.sort(compareMatches);
    const primary = list[0] as Match;
    const affected = list.filter((m) => m.outcome === 'affected');
    const finding: Finding = {
      vulnerabilityId,
      outcome: primary.outcome,
      primary,
      matches: list,
      sources: [...new Set(list.map((m) => m.source))].sort(),
      fixedIn: [...new Set(affected.flatMap((m) => m.fixedIn))],
    };
    const fix = smallestCommonFix(affected, scheme);
    if (fix !== undefined) finding.smallestFix = fix;
    if (list.every((m) => m.platformConditions)) finding.platformConditions = list.flatMap((m) => m.platformConditions ?? []);
    findings.push(finding);
  }
  return findings.sort((a, b) => a.vulnerabilityId.localeCompare(b.vulnerabilityId));
}

/** Leaving every source's range needs the largest of their exits; none when one source names none. */
function smallestCommonFix(affected: Match[], scheme: VersionScheme): string | undefined {
  if (affected.length === 0 || affected.some((m) => m.smallestFix === undefined)) return undefined;
  return affected.map((m) => m.smallestFix as string).reduce((a, b) => ((safeCompare(scheme, a, b) ?? 0) >= 0 ? a : b));
}
