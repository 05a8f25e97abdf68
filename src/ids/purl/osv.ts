/**
 * Mapping between purls and OSV `(ecosystem, name)` pairs, and the normalised package names
 * the store indexes affected entries by. Every purl type and OSV ecosystem with a defined
 * correspondence is mapped; the README's Matching section lists them and the ones left out.
 */
import { err, ok, type Result } from '../../core/result.ts';
import { formatPurl, parsePurl, type Purl } from './purl.ts';

export interface OsvPackage {
  ecosystem: string;
  name: string;
}

const INVALID = 'INVALID_PURL';

/** purl type → OSV ecosystem for the types whose name maps one to one. */
const SIMPLE: Record<string, string> = {
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
  bitnami: 'Bitnami',
  julia: 'Julia',
  opam: 'opam',
  'vscode-extension': 'VSCode',
};
const TYPE_OF = Object.fromEntries(Object.entries(SIMPLE).map(([t, e]) => [e, t]));

/** How a purl type joins namespace and name into the OSV name, where it is not `namespace/name`. */
const NAME_SEPARATOR: Record<string, string> = { maven: ':', 'vscode-extension': '.' };

const DEBIAN_CODENAMES: Record<string, string> = {
  woody: '3.0',
  sarge: '3.1',
  etch: '4.0',
  lenny: '5.0',
  squeeze: '6.0',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
};
const UBUNTU_CODENAMES: Record<string, string> = {
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
};

const major = (r: string): string | undefined => /^\d+/.exec(r)?.[0];
const majorMinor = (r: string): string | undefined => /^\d+(?:\.\d+)?/.exec(r)?.[0];

/** Debian numbered its releases `N.0` (`3.1` once) up to squeeze, plain `N` from wheezy on (distro-info-data). */
function debianRelease(r: string): string | undefined {
  const named = DEBIAN_CODENAMES[r];
  if (named) return named;
  const m = /^(\d+)(?:\.(\d+))?/.exec(r);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 7 ? String(n) : `${n}.${n === 3 ? (m[2] ?? '0') : '0'}`;
}

/** Alpine's ecosystem suffix is the release branch with its `v`: `3.19.1` → `v3.19`. */
function alpineBranch(r: string): string | undefined {
  const mm = /^v?(\d+\.\d+)/.exec(r)?.[1];
  return mm ? `v${mm}` : undefined;
}

/**
 * A distribution whose packages OSV publishes under a purl type: the purl namespaces SBOM tools
 * and OSV write for it (the os-release `ID` for Syft, Trivy's family names, OSV's advisory
 * purls), and how the release part of the `distro` qualifier becomes the ecosystem's suffix.
 * Rolling distributions (Wolfi, Chainguard, MinimOS) have no release: the ecosystem stands alone.
 */
interface Distribution {
  type: 'deb' | 'apk' | 'rpm';
  namespaces: readonly string[];
  ecosystem: string;
  release?: (r: string) => string | undefined;
}

const DISTRIBUTIONS: readonly Distribution[] = [
  { type: 'deb', namespaces: ['debian'], ecosystem: 'Debian', release: debianRelease },
  { type: 'deb', namespaces: ['ubuntu'], ecosystem: 'Ubuntu', release: (r) => UBUNTU_CODENAMES[r] ?? /^\d+\.\d+/.exec(r)?.[0] },
  { type: 'apk', namespaces: ['alpine'], ecosystem: 'Alpine', release: alpineBranch },
  { type: 'apk', namespaces: ['wolfi'], ecosystem: 'Wolfi' },
  { type: 'apk', namespaces: ['chainguard'], ecosystem: 'Chainguard' },
  { type: 'apk', namespaces: ['minimos'], ecosystem: 'MinimOS' },
  { type: 'rpm', namespaces: ['redhat', 'rhel'], ecosystem: 'Red Hat', release: majorMinor },
  // OSV scopes Rocky and Alma records to the major release (`Rocky Linux:9`) whatever the minor.
  { type: 'rpm', namespaces: ['rocky', 'rocky-linux'], ecosystem: 'Rocky Linux', release: major },
  { type: 'rpm', namespaces: ['almalinux', 'alma'], ecosystem: 'AlmaLinux', release: major },
  { type: 'rpm', namespaces: ['mageia'], ecosystem: 'Mageia', release: major },
  { type: 'rpm', namespaces: ['photon'], ecosystem: 'Photon OS', release: majorMinor },
  { type: 'rpm', namespaces: ['suse'], ecosystem: 'SUSE', release: majorMinor },
  { type: 'rpm', namespaces: ['opensuse'], ecosystem: 'openSUSE', release: majorMinor },
];

const DISTRIBUTION_OF = new Map<string, Distribution>(DISTRIBUTIONS.flatMap((d) => d.namespaces.map((ns) => [`${d.type}/${ns}`, d] as const)));
const DISTRIBUTION_BY_ECOSYSTEM = new Map(DISTRIBUTIONS.map((d) => [d.ecosystem, d] as const));

/** The purl types whose packages belong to a distribution. */
export const OS_PURL_TYPES: ReadonlySet<string> = new Set(DISTRIBUTIONS.map((d) => d.type));

/** Distribution ecosystems without releases: their records carry no `:<release>` suffix. */
export const ROLLING_ECOSYSTEMS: ReadonlySet<string> = new Set(DISTRIBUTIONS.filter((d) => !d.release).map((d) => d.ecosystem));

/**
 * The release a `distro` qualifier names, without the distribution's own prefix: `debian-12`,
 * `bookworm`, `rocky-linux-9-aarch64`, `alma-9.3`, `3.20.3` (Alpine, as some tools write it).
 */
function qualifierRelease(distro: string, d: Distribution): string {
  const q = distro.toLowerCase();
  const prefix = [...d.namespaces, d.ecosystem.toLowerCase().replace(/ /g, '-')].sort((a, b) => b.length - a.length).find((p) => q.startsWith(`${p}-`));
  return prefix ? q.slice(prefix.length + 1) : q;
}

function distroEcosystem(p: Purl): Result<string> {
  const ns = p.namespace?.toLowerCase() ?? '';
  const d = DISTRIBUTION_OF.get(`${p.type}/${ns}`);
  if (!d) return err(INVALID, `no OSV ecosystem for ${p.type} namespace ${ns}`);
  const distro = p.qualifiers?.distro;
  if (!d.release || !distro) return ok(d.ecosystem);
  const release = d.release(qualifierRelease(distro, d));
  return release ? ok(`${d.ecosystem}:${release}`) : err(INVALID, `unknown ${d.ecosystem} release in distro=${distro}`);
}

/** The OSV `(ecosystem, name)` a purl denotes; `INVALID_PURL` for types OSV has no ecosystem for. */
export function purlToOsv(purl: string): Result<OsvPackage> {
  const parsed = parsePurl(purl);
  return parsed.ok ? osvPackageOf(parsed.value) : parsed;
}

/** `purlToOsv` for a purl already parsed. */
export function osvPackageOf(p: Purl): Result<OsvPackage> {
  if (OS_PURL_TYPES.has(p.type)) {
    const eco = distroEcosystem(p);
    return eco.ok ? ok({ ecosystem: eco.value, name: p.name }) : eco;
  }
  const ecosystem = SIMPLE[p.type];
  if (!ecosystem) return err(INVALID, `no OSV ecosystem for purl type ${p.type}`);
  const joined = p.namespace ? `${p.namespace}${NAME_SEPARATOR[p.type] ?? '/'}${p.name}` : p.name;
  return ok({ ecosystem, name: p.type === 'pypi' ? normalizePackageName(ecosystem, joined) : joined });
}

/** A purl for an OSV package (and version). `INVALID_PURL` for ecosystems without a purl type. */
export function osvToPurl(ecosystem: string, name: string, version?: string): Result<string> {
  const colon = ecosystem.indexOf(':');
  const base = colon < 0 ? ecosystem : ecosystem.slice(0, colon);
  const release = colon < 0 ? undefined : ecosystem.slice(colon + 1);
  const parts: Purl = { type: '', name };
  const d = DISTRIBUTION_BY_ECOSYSTEM.get(base);
  if (d) {
    const ns = d.namespaces[0] as string;
    Object.assign(parts, { type: d.type, namespace: ns });
    if (release) parts.qualifiers = { distro: `${ns}-${release.replace(/^v/, '')}` };
  } else {
    const type = TYPE_OF[ecosystem];
    if (!type) return err(INVALID, `no purl type for OSV ecosystem ${ecosystem}`);
    parts.type = type;
    const osvName = type === 'swift' ? swiftUrlPath(name) : name;
    const sep = NAME_SEPARATOR[type] ?? '/';
    const cut = type === 'npm' && !osvName.startsWith('@') ? -1 : osvName.lastIndexOf(sep);
    parts.name = osvName;
    if (cut > 0) {
      parts.namespace = osvName.slice(0, cut);
      parts.name = osvName.slice(cut + 1);
    }
  }
  if (version !== undefined && version !== '') parts.version = version;
  const checked = parsePurl(formatPurl(parts));
  return checked.ok ? ok(formatPurl(checked.value)) : checked;
}

/**
 * A SwiftURL name (a Git URL: `https://github.com/apple/swift-nio-http2.git`) as the
 * host-and-path a swift purl spells it with (`github.com/apple/swift-nio-http2`).
 */
function swiftUrlPath(name: string): string {
  return name
    .trim()
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]+@/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '');
}

/**
 * The name an ecosystem treats as identical for all spellings, for index keys: PEP 503 for
 * PyPI, `-`/`_` folded for crates.io, lowercase where the registry is case-insensitive (npm,
 * NuGet, Packagist, Pub, Hex, GitHub Actions, Bitnami, VSCode), host and path of the Git URL
 * for SwiftURL (GitHub paths ignore case), unchanged where case matters (Maven, Go, RubyGems, …).
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const base = ecosystem.split(':', 1)[0] ?? ecosystem;
  switch (base) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'crates.io':
      return name.toLowerCase().replace(/_/g, '-');
    case 'SwiftURL':
      return swiftUrlPath(name).toLowerCase();
    case 'npm':
    case 'NuGet':
    case 'Packagist':
    case 'Pub':
    case 'Hex':
    case 'GitHub Actions':
    case 'Bitnami':
    case 'VSCode':
      return name.toLowerCase();
    default:
      return name;
  }
}
