import { compareIdentifiers, compareSemverParts, parseSemver } from './semver.scheme.ts';
import { parsedScheme } from './scheme-kit.ts';

/**
 * Dart's pub_semver: SemVer, except that build metadata orders too — a version with a build
 * sorts after the same version without one, and builds compare like pre-release identifiers.
 */
export const pubScheme = parsedScheme({
  id: 'pub',
  parse: parseSemver,
  compare(a, b) {
    const c = compareSemverParts(a, b);
    if (c !== 0) return c;
    const ab = a.build.length;
    const bb = b.build.length;
    if (ab === 0 || bb === 0) return ab === bb ? 0 : ab === 0 ? -1 : 1;
    return compareIdentifiers(a.build, a.buildNumeric, b.build, b.buildNumeric);
  },
  canonical: (p) => p.strict,
});
