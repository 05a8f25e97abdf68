/**
 * Mapping between purls and OSV `(ecosystem, name)` pairs, and the normalised package names
 * the store indexes affected entries by.
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
};
const TYPE_OF = Object.fromEntries(Object.entries(SIMPLE).map(([t, e]) => [e, t]));

const DEBIAN_CODENAMES: Record<string, string> = { buster: '10', bullseye: '11', bookworm: '12', trixie: '13', forky: '14', stretch: '9', jessie: '8' };
const UBUNTU_CODENAMES: Record<string, string> = {
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
};
const RPM_ECOSYSTEMS: Record<string, string> = {
  redhat: 'Red Hat',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  suse: 'SUSE',
  opensuse: 'openSUSE',
};

/** The distribution release from a `distro` qualifier: `debian-12`, `bookworm`, `ubuntu-22.04`, `alpine-3.19.1`. */
function distroRelease(distro: string | undefined, prefix: string): string | undefined {
  if (!distro) return undefined;
  const d = distro.toLowerCase();
  return d.startsWith(`${prefix}-`) ? d.slice(prefix.length + 1) : d;
}

function distroEcosystem(p: Purl): Result<string> {
  const ns = p.namespace?.toLowerCase() ?? '';
  const distro = p.qualifiers?.distro;
  if (p.type === 'deb') {
    if (ns !== 'debian' && ns !== 'ubuntu') return err(INVALID, `no OSV ecosystem for deb namespace ${ns}`);
    const release = distroRelease(distro, ns);
    if (!release) return ok(ns === 'debian' ? 'Debian' : 'Ubuntu');
    if (ns === 'debian') {
      const num = DEBIAN_CODENAMES[release] ?? (/^\d+/.exec(release)?.[0] ?? '');
      return num ? ok(`Debian:${num}`) : err(INVALID, `unknown Debian release ${release}`);
    }
    const ver = UBUNTU_CODENAMES[release] ?? (/^\d+\.\d+/.exec(release)?.[0] ?? '');
    return ver ? ok(`Ubuntu:${ver}`) : err(INVALID, `unknown Ubuntu release ${release}`);
  }
  if (p.type === 'apk') {
    if (ns !== 'alpine') return err(INVALID, `no OSV ecosystem for apk namespace ${ns}`);
    const release = distroRelease(distro, 'alpine');
    const mm = release ? /^v?(\d+\.\d+)/.exec(release)?.[1] : undefined;
    return ok(mm ? `Alpine:v${mm}` : 'Alpine');
  }
  const eco = RPM_ECOSYSTEMS[ns];
  if (!eco) return err(INVALID, `no OSV ecosystem for rpm namespace ${ns}`);
  const release = distroRelease(distro, ns);
  const ver = release ? /^(\d+(?:\.\d+)?)/.exec(release)?.[1] : undefined;
  return ok(ver ? `${eco}:${ver}` : eco);
}

/** The OSV `(ecosystem, name)` a purl denotes; `INVALID_PURL` for types OSV has no ecosystem for. */
export function purlToOsv(purl: string): Result<OsvPackage> {
  const parsed = parsePurl(purl);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm') {
    const eco = distroEcosystem(p);
    return eco.ok ? ok({ ecosystem: eco.value, name: p.name }) : eco;
  }
  const ecosystem = SIMPLE[p.type];
  if (!ecosystem) return err(INVALID, `no OSV ecosystem for purl type ${p.type}`);
  const joined = p.namespace ? `${p.namespace}${p.type === 'maven' ? ':' : '/'}${p.name}` : p.name;
  return ok({ ecosystem, name: p.type === 'pypi' ? normalizePackageName(ecosystem, joined) : joined });
}

/** A purl for an OSV package (and version). `INVALID_PURL` for ecosystems without a purl type. */
export function osvToPurl(ecosystem: string, name: string, version?: string): Result<string> {
  const [base = '', release] = ecosystem.split(':', 2);
  const parts: Purl = { type: '', name };
  if (base === 'Debian' || base === 'Ubuntu') {
    Object.assign(parts, { type: 'deb', namespace: base.toLowerCase() });
    if (release) parts.qualifiers = { distro: `${base.toLowerCase()}-${release}` };
  } else if (base === 'Alpine') {
    Object.assign(parts, { type: 'apk', namespace: 'alpine' });
    if (release) parts.qualifiers = { distro: `alpine-${release.replace(/^v/, '')}` };
  } else if (Object.values(RPM_ECOSYSTEMS).includes(base)) {
    const ns = Object.entries(RPM_ECOSYSTEMS).find(([, e]) => e === base)?.[0] ?? '';
    Object.assign(parts, { type: 'rpm', namespace: ns });
    if (release) parts.qualifiers = { distro: `${ns}-${release}` };
  } else {
    const type = TYPE_OF[ecosystem];
    if (!type) return err(INVALID, `no purl type for OSV ecosystem ${ecosystem}`);
    parts.type = type;
    const cut = type === 'maven' ? name.lastIndexOf(':') : type === 'npm' && !name.startsWith('@') ? -1 : name.lastIndexOf('/');
    if (cut > 0) {
      parts.namespace = name.slice(0, cut);
      parts.name = name.slice(cut + 1);
    }
  }
  if (version !== undefined && version !== '') parts.version = version;
  const checked = parsePurl(formatPurl(parts));
  return checked.ok ? ok(formatPurl(checked.value)) : checked;
}

/**
 * The name an ecosystem treats as identical for all spellings, for index keys: PEP 503 for
 * PyPI, `-`/`_` folded for crates.io, lowercase where the registry is case-insensitive (npm,
 * NuGet, Packagist, Pub, Hex, GitHub Actions), unchanged where case matters (Maven, Go, RubyGems, …).
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const base = ecosystem.split(':', 1)[0] ?? ecosystem;
  switch (base) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'crates.io':
      return name.toLowerCase().replace(/_/g, '-');
    case 'npm':
    case 'NuGet':
    case 'Packagist':
    case 'Pub':
    case 'Hex':
    case 'GitHub Actions':
      return name.toLowerCase();
    default:
      return name;
  }
}
