/**
 * Matching a set of components against a lookup: the lookup is asked once per distinct package
 * and CPE, and each distinct component identity (package, version, CPE) is evaluated once
 * however many components share it.
 */
import { type AdvisoryLookup, cpeKey, packageKey, type StoredAdvisory } from '../vulns/index.ts';
import { createContext, prepareComponent, type MatchContext, type MatcherOptions, type PreparedComponent } from './matcher.ts';
import { findingsFor, lookupKeys } from './match.ts';
import type { Finding, MatchComponent } from './match.model.ts';

/**
 * What makes two components match alike: the package (with release), the version, the CPE and
 * the name, and the source package when there is one (appended only then, so the keys of every
 * other component stay what they were). Unit-separated: Postgres text holds no NUL.
 */
export function identityKey(c: PreparedComponent): string {
  const key = [c.pkg?.release ?? c.pkg?.ecosystem ?? '', c.pkg?.name ?? '', c.version ?? '', c.component.cpe ?? '', c.pkg || c.cpe ? '' : c.component.name];
  const source = c.pkg?.source;
  if (source) key.push(source.name, source.version ?? '');
  return key.join('\u001f');
}

/** Candidate advisories for prepared components, in batched lookups: packages, CPEs, and names when the name-only heuristic is on. */
export async function candidatesFor(
  prepared: readonly PreparedComponent[],
  lookup: AdvisoryLookup,
  ctx: MatchContext,
): Promise<(c: PreparedComponent) => StoredAdvisory[]> {
  const packages = new Map<string, { ecosystem: string; name: string }>();
  const cpes = new Map<string, { vendor: string; product: string }>();
  const names = new Set<string>();
  for (const c of prepared) {
    const keys = lookupKeys(c, ctx);
    for (const p of keys.packages) packages.set(packageKey(p.ecosystem, p.name), p);
    if (keys.cpe) cpes.set(cpeKey(keys.cpe.vendor, keys.cpe.product), keys.cpe);
    if (keys.name) names.add(keys.name);
  }
  const none = new Map<string, StoredAdvisory[]>();
  const [byPackage, byCpe, byName] = await Promise.all([
    packages.size > 0 ? lookup.byPackages([...packages.values()]) : none,
    cpes.size > 0 ? lookup.byCpes([...cpes.values()]) : none,
    names.size > 0 ? lookup.byNames([...names]) : none,
  ]);
  return (c) => {
    const keys = lookupKeys(c, ctx);
    const lists: StoredAdvisory[][] = [];
    const add = (l: StoredAdvisory[] | undefined): void => {
      if (l && l.length > 0) lists.push(l);
    };
    for (const p of keys.packages) add(byPackage.get(packageKey(p.ecosystem, p.name)));
    if (keys.cpe) add(byCpe.get(cpeKey(keys.cpe.vendor, keys.cpe.product)));
    if (keys.name) add(byName.get(keys.name));
    return lists.length === 0 ? [] : lists.length === 1 ? (lists[0] as StoredAdvisory[]) : [...new Set(lists.flat())];
  };
}

export interface ComponentFindings<C extends MatchComponent = MatchComponent> {
  component: C;
  findings: Finding[];
}

/**
 * Findings for every component of one inventory. The inventory's own CPEs are the platforms AND
 * configurations are checked against.
 */
export async function matchInventory<C extends MatchComponent>(
  components: readonly C[],
  lookup: AdvisoryLookup,
  options: MatcherOptions = {},
): Promise<ComponentFindings<C>[]> {
  const prepared = components.map(prepareComponent);
  const ctx = createContext(
    options,
    components.flatMap((c) => (c.cpe ? [c.cpe] : [])),
  );
  const candidates = await candidatesFor(prepared, lookup, ctx);
  const memo = new Map<string, Finding[]>();
  return prepared.map((p, i) => {
    const key = identityKey(p);
    let findings = memo.get(key);
    if (!findings) {
      findings = findingsFor(p, candidates(p), ctx);
      memo.set(key, findings);
    }
    return { component: components[i] as C, findings };
  });
}
