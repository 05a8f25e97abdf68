import { compareSemverParts, parseSemver } from './semver.scheme.ts';
import { parsedScheme } from './scheme-kit.ts';

/**
 * Go modules (golang.org/x/mod/semver). Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
 * `v1.2.4-0.20191109021931-daa7c04131f5`) are pre-releases built so that SemVer order is
 * commit-time order, and `+incompatible` is build metadata, so neither needs a special case in
 * the order. OSV writes Go versions without the `v`; both spellings are accepted.
 * Canonical: strict SemVer whose only build metadata is `+incompatible`.
 */
export const goScheme = parsedScheme({
  id: 'go',
  parse: parseSemver,
  compare: compareSemverParts,
  canonical: (p) => p.strict && (p.build.length === 0 || (p.build.length === 1 && p.build[0] === 'incompatible')),
});
