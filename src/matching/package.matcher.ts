/**
 * purl + ecosystem range: OSV package entries and CSAF purl helpers (`vers`). OS packages are
 * held to their own distribution release, because distributions backport fixes without
 * changing the upstream version an upstream range is written in.
 */
import { ok, type Result } from '../core/result.ts';
import { fromOsvAffected, fromVers, normalizePackageName, unionRanges, type VersionRange, type VersionScheme } from '../ids/index.ts';
import { type AffectedPackage, baseEcosystem } from '../vulns/index.ts';
import { sourceRef, type Matcher, type PreparedComponent } from './matcher.ts';
import type { Match } from './match.model.ts';
import { testRange } from './range-verdict.ts';

/** Whether an affected entry is about this component's package (and, for OS packages, release). */
function samePackage(c: PreparedComponent, entry: AffectedPackage): boolean {
  const pkg = c.pkg;
  if (!pkg || baseEcosystem(entry.ecosystem) !== pkg.ecosystem) return false;
  if (normalizePackageName(entry.ecosystem, entry.name) !== pkg.name) return false;
  if (!pkg.osPackage) return true;
  // A distribution entry names its release (`Debian:12`, `Ubuntu:22.04:LTS`); one without is upstream-like.
  if (!entry.ecosystem.includes(':')) return false;
  return pkg.release === undefined || entry.ecosystem === pkg.release || entry.ecosystem.startsWith(`${pkg.release}:`);
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
    const entries = advisory.affected.filter((e): e is AffectedPackage => e.kind === 'package' && e.status === 'affected' && samePackage(c, e));
    const first = entries[0];
    if (!first) return [];
    const base = {
      vulnerabilityId: stored.vulnerabilityId,
      method: pkg.osPackage ? ('distro-package' as const) : ('purl-range' as const),
      confidence: 'high' as const,
      source: sourceRef(advisory),
      searched: `${pkg.release ?? pkg.ecosystem}/${pkg.name}@${c.version ?? '(no version)'}`,
      fixedIn: [],
      marks: [],
    };
    const undecidable = (range: string, reason: string): Match[] => [{ ...base, outcome: 'undecidable', range, reason }];
    const notation = first.vers ?? 'OSV ranges';
    if (pkg.osPackage && pkg.release === undefined) return undecidable(notation, 'the purl names no distribution release (distro qualifier)');
    if (c.version === undefined) return undecidable(notation, 'the component has no version');
    const scheme = ctx.schemes(first.ecosystem);
    if (!scheme) return undecidable(notation, `no version order known for ${first.ecosystem}`);
    const range = entriesRange(entries, scheme);
    if (!range.ok) return undecidable(notation, `${range.code}: ${range.message}`);
    const verdict = testRange(range.value, c.version, scheme);
    if (verdict.status === 'not_affected') return [];
    if (verdict.status === 'undecidable') return undecidable(verdict.range, verdict.reason);
    const m: Match = { ...base, outcome: 'affected', range: verdict.range, fixedIn: verdict.fixedIn };
    if (verdict.smallestFix !== undefined) m.smallestFix = verdict.smallestFix;
    return [m];
  },
};
