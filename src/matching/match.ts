/**
 * The matching entry points: the matcher registry, what to ask a lookup for a component, and
 * `match(component, advisories)`. Pure: advisories are fetched by the caller.
 */
import { cpeIndexKey, type StoredAdvisory } from '../vulns/index.ts';
import { cpeApplies, cpeMatcher } from './cpe.matcher.ts';
import {
  componentScheme,
  createContext,
  matchComponent,
  prepareComponent,
  toFindings,
  type MatchContext,
  type Matcher,
  type PreparedComponent,
} from './matcher.ts';
import type { Finding, Match, MatchComponent } from './match.model.ts';
import { nameMatcher } from './name.matcher.ts';
import { packageMatcher } from './package.matcher.ts';

/** Every matcher, strongest method first; each decides for itself whether it applies. */
const MATCHERS: readonly Matcher[] = [packageMatcher, cpeMatcher, nameMatcher];

export interface LookupKeys {
  /** The package itself and, for an OS binary package, the source package it was built from. */
  packages: { ecosystem: string; name: string }[];
  cpe?: { vendor: string; product: string };
  /** Lower-cased component name, asked only when the name-only heuristic applies. */
  name?: string;
}

/** What the vulnerability store must be asked about for this component. */
export function lookupKeys(c: PreparedComponent, ctx: MatchContext): LookupKeys {
  const keys: LookupKeys = { packages: [] };
  if (c.pkg) keys.packages.push({ ecosystem: c.pkg.ecosystem, name: c.pkg.name });
  if (c.pkg?.source) keys.packages.push({ ecosystem: c.pkg.ecosystem, name: c.pkg.source.name });
  const cpe = c.component.cpe && cpeApplies(c, ctx) ? cpeIndexKey(c.component.cpe) : null;
  if (cpe) keys.cpe = cpe;
  if (nameMatcher.applies(c, ctx)) keys.name = c.component.name.toLowerCase();
  return keys;
}

/** Every match of the component against the candidate advisories. */
export function match(component: MatchComponent, advisories: readonly StoredAdvisory[], ctx: MatchContext = createContext()): Match[] {
  return matchComponent(prepareComponent(component), advisories, MATCHERS, ctx);
}

/** One finding per vulnerability for a prepared component. */
export function findingsFor(c: PreparedComponent, advisories: readonly StoredAdvisory[], ctx: MatchContext): Finding[] {
  return toFindings(matchComponent(c, advisories, MATCHERS, ctx), componentScheme(c, ctx.schemes));
}
