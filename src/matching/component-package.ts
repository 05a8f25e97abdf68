/**
 * Which OSV package a component's purl names, in the form the match index is keyed by, whether
 * it is an OS package that only its distribution's advisories may judge, and the source package
 * an OS binary package was built from.
 */
import {
  goToolchainVersion,
  normalizePackageName,
  OS_PURL_TYPES,
  osvPackageOf,
  parsePurl,
  ROLLING_ECOSYSTEMS,
  sourcePackageOf,
  type Purl,
} from '../ids/index.ts';
import { baseEcosystem } from '../vulns/index.ts';

export interface ComponentPackage {
  /** OSV ecosystem without a release (`Debian`, `npm`): what the lookup is keyed by. */
  ecosystem: string;
  /**
   * For OS packages, the OSV ecosystem with the release the `distro` qualifier names (`Debian:12`),
   * or the ecosystem itself for a rolling distribution (`Wolfi`).
   */
  release?: string;
  /** Normalised as the index stores it. */
  name: string;
  version?: string;
  /** deb, rpm and apk: distributions backport fixes without changing the upstream version. */
  osPackage: boolean;
  /**
   * The source package of an OS binary package (`glibc` for `libc6`), normalised, with the
   * version its advisories are written in: distribution advisories name source packages.
   */
  source?: { name: string; version?: string };
}

/** Go's vulnerability database names the standard library and the go command by these module paths. */
const GO_TOOLCHAIN: ReadonlySet<string> = new Set(['stdlib', 'toolchain']);

/** An RPM's epoch belongs to the source too: a source RPM's file name never carries it. */
function withEpochOf(binaryVersion: string | undefined, sourceVersion: string): string {
  const epoch = binaryVersion ? /^\d+:/.exec(binaryVersion)?.[0] : undefined;
  return epoch && !/^\d+:/.test(sourceVersion) ? `${epoch}${sourceVersion}` : sourceVersion;
}

function versionOf(p: Purl, ecosystem: string, name: string): string | undefined {
  if (p.version === undefined) return undefined;
  if (ecosystem === 'Go' && GO_TOOLCHAIN.has(name)) return goToolchainVersion(p.version);
  // Syft and Trivy put an RPM's epoch in the `epoch` qualifier; advisories write `epoch:version`.
  const epoch = p.type === 'rpm' ? p.qualifiers?.epoch : undefined;
  return epoch && /^\d+$/.test(epoch) && !/^\d+:/.test(p.version) ? `${epoch}:${p.version}` : p.version;
}

/** The package a purl names; undefined for purls OSV has no ecosystem for. */
export function componentPackage(purl: string): ComponentPackage | undefined {
  const parsed = parsePurl(purl);
  if (!parsed.ok) return undefined;
  const p = parsed.value;
  const osv = osvPackageOf(p);
  if (!osv.ok) return undefined;
  const ecosystem = baseEcosystem(osv.value.ecosystem);
  const pkg: ComponentPackage = { ecosystem, name: normalizePackageName(ecosystem, osv.value.name), osPackage: OS_PURL_TYPES.has(p.type) };
  const version = versionOf(p, ecosystem, pkg.name);
  if (version !== undefined) pkg.version = version;
  if (!pkg.osPackage) return pkg;
  // A rolling distribution's ecosystem has no release and stands for itself.
  if (osv.value.ecosystem !== ecosystem || ROLLING_ECOSYSTEMS.has(ecosystem)) pkg.release = osv.value.ecosystem;
  const source = sourcePackageOf(p);
  if (source) {
    pkg.source = { name: normalizePackageName(ecosystem, source.name) };
    const sourceVersion = source.version ?? version;
    if (sourceVersion !== undefined) pkg.source.version = p.type === 'rpm' ? withEpochOf(version, sourceVersion) : sourceVersion;
  }
  return pkg;
}
