/**
 * Which OSV package a component's purl names, in the form the match index is keyed by, and
 * whether it is an OS package that only its distribution's advisories may judge.
 */
import { normalizePackageName, parsePurl, purlToOsv } from '../ids/index.ts';
import { baseEcosystem } from '../vulns/index.ts';

export interface ComponentPackage {
  /** OSV ecosystem without a release (`Debian`, `npm`): what the lookup is keyed by. */
  ecosystem: string;
  /** For OS packages, the OSV ecosystem with the release the `distro` qualifier names (`Debian:12`). */
  release?: string;
  /** Normalised as the index stores it. */
  name: string;
  version?: string;
  /** deb, rpm and apk: distributions backport fixes without changing the upstream version. */
  osPackage: boolean;
}

const OS_TYPES: ReadonlySet<string> = new Set(['deb', 'rpm', 'apk']);

/** The package a purl names; undefined for purl types OSV has no ecosystem for. */
export function componentPackage(purl: string): ComponentPackage | undefined {
  const parsed = parsePurl(purl);
  const osv = purlToOsv(purl);
  if (!parsed.ok || !osv.ok) return undefined;
  const ecosystem = baseEcosystem(osv.value.ecosystem);
  const pkg: ComponentPackage = {
    ecosystem,
    name: normalizePackageName(ecosystem, osv.value.name),
    osPackage: OS_TYPES.has(parsed.value.type),
  };
  if (pkg.osPackage && osv.value.ecosystem !== ecosystem) pkg.release = osv.value.ecosystem;
  if (parsed.value.version !== undefined) pkg.version = parsed.value.version;
  return pkg;
}
