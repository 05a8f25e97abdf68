/**
 * The few identifier answers matching needs that `src/ids` does not export yet: which version
 * scheme an OSV ecosystem uses, and which OSV package a purl names. Kept thin and in one place
 * so it shrinks to re-exports as the identifier library grows.
 */
import { parsePurl } from '../ids/index.ts';
import { goScheme } from '../ids/versions/go.scheme.ts';
import { mavenScheme } from '../ids/versions/maven.scheme.ts';
import { pep440Scheme } from '../ids/versions/pep440.scheme.ts';
import { pubScheme } from '../ids/versions/pub.scheme.ts';
import { semverScheme } from '../ids/versions/semver.scheme.ts';
import type { VersionScheme } from '../ids/versions/version-scheme.ts';

/** Resolves the scheme of an OSV ecosystem (`Debian:12` and `Debian` alike); undefined when none is known. */
export type SchemeResolver = (ecosystem: string) => VersionScheme | undefined;

const SCHEMES: Record<string, VersionScheme> = {
  npm: semverScheme,
  'crates.io': semverScheme,
  SwiftURL: semverScheme,
  Hex: semverScheme,
  Pub: pubScheme,
  Go: goScheme,
  PyPI: pep440Scheme,
  Maven: mavenScheme,
};

export const baseEcosystem = (ecosystem: string): string => {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
};

export const defaultSchemes: SchemeResolver = (ecosystem) => SCHEMES[baseEcosystem(ecosystem)];

/**
 * CPE version strings follow no one ecosystem. Maven's ComparableVersion orders the dotted
 * numbers, letters and qualifiers that vendors write, and accepts any string.
 */
export const cpeVersionScheme: VersionScheme = mavenScheme;

/** A component's package in OSV terms. */
export interface OsvPackage {
  /** OSV ecosystem without a release (`Debian`, `npm`): what the lookup is keyed by. */
  ecosystem: string;
  /** OSV ecosystem with the distribution release for OS packages (`Debian:12`, `Alpine:v3.19`). */
  release?: string;
  name: string;
  version?: string;
  /** deb, rpm and apk packages: distributions backport fixes, so only their own advisories apply. */
  osPackage: boolean;
}

const LANGUAGE_TYPES: Record<string, string> = {
  npm: 'npm',
  pypi: 'PyPI',
  maven: 'Maven',
  golang: 'Go',
  gem: 'RubyGems',
  nuget: 'NuGet',
  cargo: 'crates.io',
  composer: 'Packagist',
  hex: 'Hex',
  pub: 'Pub',
  swift: 'SwiftURL',
  cocoapods: 'CocoaPods',
  conan: 'ConanCenter',
  cran: 'CRAN',
  hackage: 'Hackage',
  github: 'GitHub Actions',
};

const DEB_RELEASES: Record<string, string> = {
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  stretch: '9',
  jessie: '8',
};

/** `debian-12`, `debian-12.4`, `bookworm`, `ubuntu-22.04`, `alpine-3.19.1` → the OSV release suffix. */
function distroRelease(type: string, namespace: string | undefined, distro: string | undefined): string | undefined {
  if (!distro) return undefined;
  const d = distro.toLowerCase();
  if (type === 'deb') {
    if (namespace === 'ubuntu') {
      const m = /(\d+\.\d+)/.exec(d);
      return m ? `Ubuntu:${m[1]}` : undefined;
    }
    const named = DEB_RELEASES[d.replace(/^debian-/, '')];
    if (named) return `Debian:${named}`;
    const m = /(\d+)/.exec(d);
    return m ? `Debian:${m[1]}` : undefined;
  }
  if (type === 'apk') {
    const m = /(\d+\.\d+)/.exec(d);
    return m ? `${namespace === 'alpine' ? 'Alpine' : namespace}:v${m[1]}` : undefined;
  }
  return undefined;
}

const DISTRO_ECOSYSTEMS: Record<string, Record<string, string>> = {
  deb: { debian: 'Debian', ubuntu: 'Ubuntu' },
  apk: { alpine: 'Alpine', wolfi: 'Wolfi', chainguard: 'Chainguard' },
  rpm: { redhat: 'Red Hat', rocky: 'Rocky Linux', almalinux: 'AlmaLinux', opensuse: 'openSUSE', suse: 'SUSE' },
};

/** PEP 503 for PyPI, lower case where the ecosystem folds case; otherwise as written. */
export function normalizeName(ecosystem: string, name: string): string {
  const base = baseEcosystem(ecosystem);
  if (base === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (base === 'Debian' || base === 'Ubuntu' || base === 'Alpine' || base === 'NuGet' || base === 'Packagist') return name.toLowerCase();
  return name;
}

/** The OSV package a purl names; undefined for types OSV does not cover. */
export function purlToOsvPackage(purl: string): OsvPackage | undefined {
  const parsed = parsePurl(purl);
  if (!parsed.ok) return undefined;
  const p = parsed.value;
  const version = p.version;
  const withVersion = (pkg: OsvPackage): OsvPackage => (version === undefined ? pkg : { ...pkg, version });
  const language = LANGUAGE_TYPES[p.type];
  if (language) {
    const name =
      p.type === 'maven'
        ? `${p.namespace ?? ''}:${p.name}`
        : p.type === 'swift'
          ? `https://${p.namespace ?? ''}/${p.name}`
          : p.namespace
            ? `${p.namespace}/${p.name}`
            : p.name;
    return withVersion({ ecosystem: language, name: normalizeName(language, name), osPackage: false });
  }
  const ecosystem = DISTRO_ECOSYSTEMS[p.type]?.[p.namespace?.toLowerCase() ?? ''];
  if (!ecosystem) return undefined;
  const release = distroRelease(p.type, p.namespace?.toLowerCase(), p.qualifiers?.distro);
  const pkg: OsvPackage = { ecosystem, name: normalizeName(ecosystem, p.name), osPackage: true };
  if (release) pkg.release = release;
  return withVersion(pkg);
}
