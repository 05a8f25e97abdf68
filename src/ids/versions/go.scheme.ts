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

const GO_RELEASE = /^(?:go|v)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?(.*)$/;

/**
 * A Go toolchain version in the SemVer form Go's vulnerability database writes for `stdlib` and
 * `toolchain`: `go1.21.3`, `v1.21.3` and `1.21.3` are `1.21.3`; `go1.20` (first release of a
 * line before Go 1.21 had no patch number) is `1.20.0`; `go1.21rc2` is `1.21.0-rc.2`; build
 * settings after a space (`go1.22.1 X:nocoverageredesign`) are dropped. Anything else is returned as given.
 */
export function goToolchainVersion(version: string): string {
  const v = version.trim().split(/\s/, 1)[0] ?? '';
  const m = GO_RELEASE.exec(v);
  if (!m) return version;
  const [, maj, min, patch, pre, preNumber, rest] = m;
  return `${maj}.${min}.${patch ?? '0'}${pre ? `-${pre}.${preNumber}` : ''}${rest}`;
}
