/**
 * The source package an OS binary package was built from, as SBOM tools put it in the purl:
 * Syft's `upstream` qualifier holds the Debian `Source` (`glibc`, or `util-linux@2.36.1-8+deb11u1`
 * when its version differs), the RPM's source RPM file name (`audit-2.8.5-4.el7.src.rpm`) or the
 * apk `origin` (`openssl`). Distribution advisories name source packages.
 */
import type { Purl } from './purl.ts';

export interface SourcePackage {
  name: string;
  /** The source's own version when the qualifier carries one. */
  version?: string;
}

/** `name-version-release.src.rpm` → name and `version-release`. */
function sourceRpm(file: string): SourcePackage | undefined {
  const base = file.replace(/\.(?:src|nosrc)\.rpm$/, '');
  if (base === file) return { name: file };
  const release = base.lastIndexOf('-');
  const version = base.lastIndexOf('-', release - 1);
  return version > 0 ? { name: base.slice(0, version), version: base.slice(version + 1) } : undefined;
}

/** The source package named by a deb, rpm or apk purl, when it names one other than the binary itself. */
export function sourcePackageOf(p: Purl): SourcePackage | undefined {
  const upstream = p.qualifiers?.upstream?.trim();
  if (!upstream) return undefined;
  let source: SourcePackage | undefined;
  if (p.type === 'rpm') source = sourceRpm(upstream);
  else if (p.type === 'deb' || p.type === 'apk') {
    const at = upstream.indexOf('@');
    source = at > 0 ? { name: upstream.slice(0, at), version: upstream.slice(at + 1) } : { name: upstream };
  }
  return source && source.name !== '' && source.name !== p.name ? source : undefined;
}
