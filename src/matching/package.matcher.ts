/**
 * purl + ecosystem range: OSV package entries and CSAF purl helpers (`vers`). OS packages are
 * held to their own distribution release, because distributions backport fixes without
 * changing the upstream version an upstream range is written in; a binary package is also
 * matched through its source package, and the match's `searched` says so.
 */
import { ok, type Result } from '../core/result.ts';
import { fromOsvAffected, fromVers, normalizePackageName, unionRanges, type VersionRange, type VersionScheme } from '../ids/index.ts';
import { baseEcosystem, type Advisory, type AffectedPackage } from '../vulns/index.ts';
import type { ComponentPackage } from './component-package.ts';
import { sourceRef, type Matcher } from './matcher.ts';
import type { Match } from './match.model.ts';
import { testRange } from './range-verdict.ts';

/** Whether an affected entry is about package `name` of the component's ecosystem (and, for OS packages, release). */
function samePackage(pkg: ComponentPackage, name: string, entry: AffectedPackage): boolean {
  if (baseEcosystem(entry.ecosystem) !== pkg.ecosystem) return false;
  if (normalizePackageName(entry.ecosystem, entry.name) !== name) return false;
  if (!pkg.osPackage) return true;
  // Without a known release, any release's entry is a candidate the version cannot settle; an
  // entry without one (`Debian`) is upstream-like and never judges a distribution package.
  if (pkg.release === undefined) return entry.ecosystem.includes(':');
  return entry.ecosystem === pkg.release || entry.ecosystem.startsWith(`${pkg.release}:`);
}

const entriesNamed = (pkg: ComponentPackage, name: string, affected: Advisory['affected']): AffectedPackage[] =>
  affected.filter((e): e is AffectedPackage => e.kind === 'package' && e.status === 'affected' && samePackage(pkg, name, e));

/**
 * The record's affected entries for the component: those naming its own package, else, for an
 * OS binary package, those naming its source package (Debian, Alpine and the RPM distributions
 * publish advisories by source package), with the name and version that were searched.
 */
function entriesFor(
  pkg: ComponentPackage,
  version: string | undefined,
  affected: Advisory['affected'],
): { entries: AffectedPackage[]; name: string; version: string | undefined; via?: string } {
  const own = entriesNamed(pkg, pkg.name, affected);
  if (own.length > 0 || !pkg.source) return { entries: own, name: pkg.name, version };
  return { entries: entriesNamed(pkg, pkg.source.name, affected), name: pkg.source.name, version: pkg.source.version ?? version, via: pkg.name };
}

/**
 * Every entry of one record for the package, as one range: OSV lists a package once per range
 * (log4j-core three times in GHSA-jfh8-c2jp-5v3q), and fix advice needs them together.
 */
function entriesRange(entries: AffectedPackage[], scheme: VersionScheme): Result<VersionRange> {
  const parts: VersionRange[] = [];
  for (const entry of entries) {
    const r = entry.vers !== undefined ? fromVers(entry.vers, scheme) : fromOsvAffected(entry.ranges, entry.versions, scheme);
    if (!r.ok) return r;
    parts.push(r.value);
  }
  return ok(unionRanges(parts));
}

export const packageMatcher: Matcher = {
  name: 'package',
  methods: ['purl-range', 'distro-package'],
  applies: (c) => c.pkg !== undefined,
  match(c, stored, ctx) {
    const pkg = c.pkg;
    if (!pkg) return [];
    const { advisory } = stored;
    const { entries, name, version, via } = entriesFor(pkg, c.version, advisory.affected);
    const first = entries[0];
    if (!first) return [];
    const base = {
      vulnerabilityId: stored.vulnerabilityId,
      method: pkg.osPackage ? ('distro-package' as const) : ('purl-range' as const),
      confidence: 'high' as const,
      source: sourceRef(advisory),
      searched: `${pkg.release ?? pkg.ecosystem}/${name}@${version ?? '(no version)'}${via ? ` (source of ${via})` : ''}`,
      fixedIn: [],
      marks: [],
    };
    const undecidable = (range: string, reason: string): Match[] => [{ ...base, outcome: 'undecidable', range, reason }];
    const notation = first.vers ?? 'OSV ranges';
    if (pkg.osPackage && pkg.release === undefined) return undecidable(notation, 'the purl names no distribution release (distro qualifier)');
    if (version === undefined) return undecidable(notation, 'the component has no version');
    const scheme = ctx.schemes(first.ecosystem);
    if (!scheme) return undecidable(notation, `no version order known for ${first.ecosystem}`);
    const range = entriesRange(entries, scheme);
    if (!range.ok) return undecidable(notation, `${range.code}: ${range.message}`);
    const verdict = testRange(range.value, version, scheme);
    if (verdict.status === 'not_affected') return [];
    if (verdict.status === 'undecidable') return undecidable(verdict.range, verdict.reason);
    const m: Match = { ...base, outcome: 'affected', range: verdict.range, fixedIn: verdict.fixedIn };
    if (verdict.smallestFix !== undefined) m.smallestFix = verdict.smallestFix;
    return [m];
  },
};
