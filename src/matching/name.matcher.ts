/**
 * Name-only heuristic for components that carry neither a purl OSV covers nor a CPE: the
 * advisory's product or package name equals the component's name. Vendors and ecosystems are
 * not compared, so the confidence is `low`, and the matcher runs only when configured.
 */
import type { Result } from '../core/result.ts';
import { fromCpeBounds, fromOsvAffected, fromVers, genericVersionScheme, parseCpe, type VersionRange, type VersionScheme } from '../ids/index.ts';
import type { CpeMatch } from '../vulns/index.ts';
import { sourceRef, type Matcher } from './matcher.ts';
import type { Match } from './match.model.ts';
import { testRange } from './range-verdict.ts';

const fold = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\\(.)/g, '$1')
    .replace(/[^a-z0-9]+/g, '');

type Bounds = Omit<CpeMatch, 'vulnerable' | 'criteria'>;

function boundsOf({ vulnerable: _vulnerable, criteria: _criteria, ...bounds }: CpeMatch): Bounds {
  return bounds;
}

export const nameMatcher: Matcher = {
  name: 'name-only',
  methods: ['name-only'],
  applies: (c, ctx) => ctx.options.nameOnly === true && c.pkg === undefined && c.cpe === undefined && c.version !== undefined,
  match(c, stored, ctx) {
    const version = c.version;
    if (version === undefined) return [];
    const name = fold(c.component.name);
    const { advisory } = stored;
    const candidates: Bounds[] = [];
    const packageRanges: { range: Result<VersionRange>; scheme: VersionScheme }[] = [];
    for (const entry of advisory.affected) {
      if (entry.status !== 'affected') continue;
      if (entry.kind === 'product' && entry.parsed && fold(entry.product) === name) candidates.push(...entry.bounds);
      // Distribution entries (`Debian:12`) are written in the distribution's versions, with backports: not for a bare name.
      const bounded = entry.kind === 'package' && (entry.vers !== undefined || entry.ranges.length > 0 || entry.versions.length > 0);
      if (entry.kind === 'package' && bounded && !entry.ecosystem.includes(':') && fold(entry.name) === name) {
        const scheme = ctx.schemes(entry.ecosystem) ?? genericVersionScheme;
        packageRanges.push({ scheme, range: entry.vers !== undefined ? fromVers(entry.vers, scheme) : fromOsvAffected(entry.ranges, entry.versions, scheme) });
      }
      if (entry.kind === 'cpe') {
        for (const node of entry.configuration.nodes) {
          for (const m of node.cpeMatch) {
            const wfn = m.vulnerable ? parseCpe(m.criteria) : undefined;
            const product = wfn?.ok ? wfn.value.product : undefined;
            if (product?.kind === 'value' && fold(product.value) === name) {
              const v = wfn?.ok ? wfn.value.version : undefined;
              candidates.push(v?.kind === 'value' ? { versionStartIncluding: v.value, versionEndIncluding: v.value } : boundsOf(m));
            }
          }
        }
      }
    }
    const ranges = [
      ...packageRanges,
      // Without a bound there is nothing but the name to go on: not enough even for `low`.
      ...candidates.filter((b) => Object.keys(b).length > 0).map((b) => ({ range: fromCpeBounds(b), scheme: genericVersionScheme })),
    ];
    for (const { range, scheme } of ranges) {
      if (!range.ok) continue;
      const r = testRange(range.value, version, scheme);
      if (r.status !== 'affected') continue;
      const m: Match = {
        outcome: 'affected',
        vulnerabilityId: stored.vulnerabilityId,
        method: 'name-only',
        confidence: 'low',
        source: sourceRef(advisory),
        searched: `${c.component.name}@${version}`,
        range: r.range,
        fixedIn: r.fixedIn,
        marks: [],
      };
      if (r.smallestFix !== undefined) m.smallestFix = r.smallestFix;
      return [m];
    }
    return [];
  },
};
