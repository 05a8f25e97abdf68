import { apkScheme } from './apk.scheme.ts';
import { composerScheme } from './composer.scheme.ts';
import { cranScheme } from './cran.scheme.ts';
import { debScheme } from './deb.scheme.ts';
import { genericVersionScheme } from './generic.scheme.ts';
import { goScheme } from './go.scheme.ts';
export { goToolchainVersion } from './go.scheme.ts';
import { hackageScheme } from './hackage.scheme.ts';
import { mavenScheme } from './maven.scheme.ts';
import { nugetScheme } from './nuget.scheme.ts';
import { pep440Scheme } from './pep440.scheme.ts';
import { pubScheme } from './pub.scheme.ts';
import { rpmScheme } from './rpm.scheme.ts';
import { rubygemsScheme } from './rubygems.scheme.ts';
import { semverScheme } from './semver.scheme.ts';
import type { VersionScheme } from './version-scheme.ts';

export type { VersionCheck, VersionScheme } from './version-scheme.ts';
export { genericVersionScheme };

/** OSV ecosystem names (https://ossf.github.io/osv-schema/#defined-ecosystems) and their order. */
const BY_ECOSYSTEM: ReadonlyArray<readonly [string, VersionScheme]> = [
  ['npm', semverScheme],
  ['crates.io', semverScheme],
  ['Hex', semverScheme],
  ['SwiftURL', semverScheme],
  ['GitHub Actions', semverScheme],
  ['CocoaPods', semverScheme],
  ['ConanCenter', semverScheme],
  ['Bitnami', semverScheme],
  ['GHC', semverScheme],
  ['Julia', semverScheme],
  ['VSCode', semverScheme],
  ['Pub', pubScheme],
  ['Go', goScheme],
  ['PyPI', pep440Scheme],
  ['Maven', mavenScheme],
  ['RubyGems', rubygemsScheme],
  ['NuGet', nugetScheme],
  ['Packagist', composerScheme],
  ['CRAN', cranScheme],
  ['Hackage', hackageScheme],
  ['Debian', debScheme],
  ['Ubuntu', debScheme],
  ['Alpine', apkScheme],
  ['Wolfi', apkScheme],
  ['Chainguard', apkScheme],
  ['Alpaquita', apkScheme],
  ['BellSoft Hardened Containers', apkScheme],
  ['MinimOS', apkScheme],
  ['Red Hat', rpmScheme],
  ['Rocky Linux', rpmScheme],
  ['AlmaLinux', rpmScheme],
  ['openSUSE', rpmScheme],
  ['SUSE', rpmScheme],
  ['Mageia', rpmScheme],
  ['openEuler', rpmScheme],
  ['Azure Linux', rpmScheme],
  ['Photon OS', rpmScheme],
];

/**
 * Other names callers use: scheme ids, and the fixture/vers names (purl types: `pypi`, `gem`,
 * `golang`, `deb`, `apk`, `rpm`, `composer`, `cargo`, `conan`; fixture files: `packagist`,
 * `debian`, `alpine`, `redhat`, `semver`).
 */
const ALIASES: ReadonlyArray<readonly [string, VersionScheme]> = [
  ...[
    semverScheme,
    pubScheme,
    goScheme,
    pep440Scheme,
    mavenScheme,
    rubygemsScheme,
    nugetScheme,
    composerScheme,
    cranScheme,
    hackageScheme,
    debScheme,
    rpmScheme,
    apkScheme,
    genericVersionScheme,
  ].map((s): readonly [string, VersionScheme] => [s.id, s]),
  ['pypi', pep440Scheme],
  ['gem', rubygemsScheme],
  ['golang', goScheme],
  ['cargo', semverScheme],
  ['conan', semverScheme],
  ['packagist', composerScheme],
  ['debian', debScheme],
  ['alpine', apkScheme],
  ['redhat', rpmScheme],
];

const registry = new Map<string, VersionScheme>([...ALIASES, ...BY_ECOSYSTEM].map(([name, scheme]) => [name.toLowerCase(), scheme]));

/** The OSV ecosystems with a known version order. */
export const supportedEcosystems: readonly string[] = Object.freeze(BY_ECOSYSTEM.map(([name]) => name));

/**
 * The version order of an OSV ecosystem (`PyPI`, `Debian:12`, `Red Hat:enterprise_linux:9`),
 * a scheme id (`pep440`) or a purl/vers type (`pypi`); case-insensitive. Undefined when unknown:
 * callers decide whether `genericVersionScheme` is good enough.
 */
export function versionScheme(ecosystem: string): VersionScheme | undefined {
  const key = ecosystem.trim().toLowerCase();
  const exact = registry.get(key);
  if (exact !== undefined) return exact;
  const colon = key.indexOf(':');
  return colon > 0 ? registry.get(key.slice(0, colon)) : undefined;
}
