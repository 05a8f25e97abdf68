/**
 * CPE matching: NVD configurations, and the CPE entries and products JVN and CSAF carry, against
 * a component CPE, evaluated by `evaluateConfiguration` (vendor AND product equal plain values,
 * AND/OR nodes, `negate`, `vulnerable: false` entries only ever platforms). On top of it:
 * version `-` (not applicable) never flags a versioned component; `*` with no bounds flags it
 * marked `all-versions`; a required platform the inventory does not list gives a `low` match
 * marked `platform-unverified` instead of silence, carrying the configurations a product's own
 * platforms can settle later (`platformVerdict`).
 */
import {
  evaluateConfiguration,
  fromCpeBounds,
  genericVersionScheme,
  hasCpeBounds,
  type ConfigurationVerdict,
  type CpeCandidate,
  type CpeMatchHit,
  type VersionBasis,
} from '../ids/index.ts';
import { type Advisory, type AffectedProduct, type CpeConfiguration, cpeIndexKey, type CpeMatch } from '../vulns/index.ts';
import { sourceRef, type MatchContext, type Matcher, type PreparedComponent } from './matcher.ts';
import type { Confidence, Match, MatchMark, MatchMethod } from './match.model.ts';
import { testRange } from './range-verdict.ts';

const scheme = genericVersionScheme;

const orConfig = (cpeMatch: CpeMatch[]): CpeConfiguration => ({
  operator: 'OR',
  negate: false,
  nodes: [{ operator: 'OR', negate: false, cpeMatch }],
});

const indexKeyOf = (cpe: string): string | undefined => {
  const k = cpeIndexKey(cpe);
  return k ? `${k.vendor}\u0000${k.product}` : undefined;
};

/** The inventory CPEs a configuration names: the only candidates that can be its platforms. */
function platformCandidates(config: CpeConfiguration, ctx: MatchContext, own: string): CpeCandidate[] {
  const out = new Set<string>();
  for (const node of config.nodes) {
    for (const m of node.cpeMatch) {
      const key = indexKeyOf(m.criteria);
      for (const cpe of (key && ctx.platforms.get(key)) || []) if (cpe !== own) out.add(cpe);
    }
  }
  return [...out].map((cpe) => ({ cpe }));
}

/** The readable range of the entry that matched, with its fixes. */
function entryRange(
  config: CpeConfiguration,
  criteria: string,
  version: string | undefined,
  basis: VersionBasis,
): Pick<Match, 'range' | 'fixedIn' | 'smallestFix'> {
  if (basis === 'any_version') return { range: '*', fixedIn: [] };
  if (basis === 'no_version') return { range: '-', fixedIn: [] };
  const entries = config.nodes.flatMap((n) => n.cpeMatch).filter((m) => m.vulnerable && m.criteria === criteria);
  for (const m of entries) {
    if (basis === 'exact' || !hasCpeBounds(m) || version === undefined) continue;
    const range = fromCpeBounds(m);
    const r = range.ok ? testRange(range.value, version, scheme) : undefined;
    if (r?.status !== 'affected') continue;
    return r.smallestFix === undefined ? { range: r.range, fixedIn: r.fixedIn } : { range: r.range, fixedIn: r.fixedIn, smallestFix: r.smallestFix };
  }
  return { range: version === undefined ? criteria : `=${version}`, fixedIn: [] };
}

/**
 * Whether every platform condition left unmet is one the inventory says nothing about: no
 * product of that name in it, or one whose version cannot be compared with the condition's.
 */
function unknownPlatforms(verdict: ConfigurationVerdict, ctx: MatchContext): boolean {
  const undecided = new Set(verdict.undecided.map((u) => u.criteria));
  return (
    verdict.unmetPlatforms.length > 0 &&
    verdict.unmetPlatforms.every((c) => {
      if (undecided.has(c)) return true;
      const key = indexKeyOf(c);
      return key !== undefined && !ctx.platforms.has(key);
    })
  );
}

interface CpeSubject {
  advisory: Advisory;
  vulnerabilityId: string;
  method: MatchMethod;
}

/** What one configuration says of the component alone, before it is written as a match. */
type ConfigurationJudgement =
  { kind: 'hit'; hit: CpeMatchHit; platformUnverified: boolean } | { kind: 'undecided'; criteria: string; reason: string } | undefined;

function judgeConfiguration(config: CpeConfiguration, c: PreparedComponent, own: string, ctx: MatchContext): ConfigurationJudgement {
  const candidate: CpeCandidate = c.version === undefined ? { cpe: own } : { cpe: own, version: c.version };
  const verdict = evaluateConfiguration(config, [candidate, ...platformCandidates(config, ctx, own)], scheme);
  const hit = verdict.vulnerable.find((h) => h.candidate === 0);
  if (hit) return { kind: 'hit', hit, platformUnverified: false };
  const undecided = verdict.undecided.find((u) => u.candidate === 0);
  if (verdict.status === 'undecidable' && undecided) return { kind: 'undecided', criteria: undecided.criteria, reason: undecided.reason };
  if (!unknownPlatforms(verdict, ctx)) return undefined;
  // The platform is not listed: does the component alone fall in a vulnerable entry?
  const alone = evaluateConfiguration(orConfig(config.nodes.flatMap((n) => (n.negate ? [] : n.cpeMatch.filter((m) => m.vulnerable)))), [candidate], scheme);
  const lone = alone.vulnerable.find((h) => h.candidate === 0);
  return lone ? { kind: 'hit', hit: lone, platformUnverified: true } : undefined;
}

/** The confidence of a CPE configuration match, once its platform (if it needs one) is in the inventory. */
export const PLATFORM_CONFIRMED: Confidence = 'medium';

/** One configuration against the component: a match, an undecidable candidate, or nothing. */
function matchConfiguration(config: CpeConfiguration, c: PreparedComponent, ctx: MatchContext, subject: CpeSubject): Match | undefined {
  const own = c.component.cpe;
  if (!own) return undefined;
  const judged = judgeConfiguration(config, c, own, ctx);
  if (!judged) return undefined;
  const base = { vulnerabilityId: subject.vulnerabilityId, method: subject.method, source: sourceRef(subject.advisory), searched: own };
  if (judged.kind === 'undecided') {
    return { ...base, outcome: 'undecidable', confidence: 'medium', range: judged.criteria, fixedIn: [], marks: [], reason: judged.reason };
  }
  const { hit } = judged;
  let marks: MatchMark[] = judged.platformUnverified ? ['platform-unverified'] : [];
  if (hit.versionBasis === 'no_version') {
    // `-` says the product has no versions; a versioned component is not what the record means.
    if (c.version !== undefined) return undefined;
    marks = [...marks, 'na-version'];
  }
  if (hit.versionBasis === 'any_version') marks = [...marks, 'all-versions'];
  return {
    ...base,
    outcome: 'affected',
    confidence: judged.platformUnverified ? 'low' : PLATFORM_CONFIRMED,
    marks,
    ...entryRange(config, hit.criteria, c.version, hit.versionBasis),
    // Kept so that a product's own platforms can settle it later (`platformVerdict`).
    ...(judged.platformUnverified ? { platformConditions: [config] } : {}),
  };
}

/**
 * `present`: a platform the configurations need is among `platforms`; `absent`: the platforms
 * name the products the configurations ask for, none in a version they accept; `unknown`: they
 * name none of them (or a version cannot be compared). A component matched by any configuration
 * is affected; it is clean only when every configuration rules it out.
 */
export type PlatformVerdict = 'present' | 'absent' | 'unknown';

/**
 * Settles the platform conditions of a `platform-unverified` match against one product's
 * platforms (the CPEs of its inventory and those its policy declares), exactly as `kanshi scan`
 * does against the scanned SBOM's CPEs.
 */
export function platformVerdict(conditions: readonly CpeConfiguration[], c: PreparedComponent, platforms: MatchContext['platforms']): PlatformVerdict {
  const own = c.component.cpe;
  if (!own || conditions.length === 0) return 'unknown';
  const ctx: MatchContext = { schemes: () => undefined, options: {}, platforms };
  let verdict: PlatformVerdict = 'absent';
  for (const config of conditions) {
    const judged = judgeConfiguration(config, c, own, ctx);
    if (judged?.kind === 'hit' && !judged.platformUnverified) return 'present';
    if (judged !== undefined) verdict = 'unknown';
  }
  return verdict;
}

/** CPE matching is for what package ranges do not cover: not OS packages, not OSV ecosystems unless configured. */
export function cpeApplies(c: PreparedComponent, ctx: MatchContext): boolean {
  if (!c.cpe) return false;
  if (c.pkg?.osPackage) return false;
  return c.pkg === undefined || ctx.options.cpeForPackageEcosystems === true;
}

/** A CSAF/JVN product whose CPE is also carried as a CPE entry is matched once, through that entry. */
function coveredByCpeEntry(advisory: Advisory, product: AffectedProduct): boolean {
  return advisory.affected.some((a) => a.kind === 'cpe' && a.configuration.nodes.some((n) => n.cpeMatch.some((m) => m.criteria === product.cpe)));
}

export const cpeMatcher: Matcher = {
  name: 'cpe',
  methods: ['cpe-configuration', 'cpe-product'],
  applies: cpeApplies,
  match(c, stored, ctx) {
    const own = c.component.cpe;
    if (!own) return [];
    const { advisory } = stored;
    const subject: CpeSubject = { advisory, vulnerabilityId: stored.vulnerabilityId, method: advisory.source === 'nvd' ? 'cpe-configuration' : 'cpe-product' };
    const out: Match[] = [];
    for (const entry of advisory.affected) {
      if (entry.status !== 'affected') continue;
      if (entry.kind === 'cpe') {
        const m = matchConfiguration(entry.configuration, c, ctx, subject);
        if (m) out.push(m);
        continue;
      }
      if (entry.kind !== 'product' || entry.cpe === undefined || coveredByCpeEntry(advisory, entry)) continue;
      const product = { ...subject, method: 'cpe-product' as const };
      if (entry.parsed) {
        const m = matchConfiguration(orConfig(entry.bounds.map((b) => ({ vulnerable: true, criteria: entry.cpe as string, ...b }))), c, ctx, product);
        if (m) out.push(m);
      } else if (indexKeyOf(entry.cpe) !== undefined && indexKeyOf(entry.cpe) === indexKeyOf(own)) {
        out.push({
          vulnerabilityId: stored.vulnerabilityId,
          method: 'cpe-product',
          source: sourceRef(advisory),
          searched: own,
          outcome: 'undecidable',
          confidence: 'medium',
          range: entry.versionText,
          fixedIn: [],
          marks: [],
          reason: `affected versions not understood: ${entry.versionText}`,
        });
      }
    }
    return out;
  },
};
