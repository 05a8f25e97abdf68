import semver from 'semver';
import { InvalidVersionError, type VersionScheme } from '../../versions/version-scheme.ts';

/** A SemVer 2.0 scheme for the range tests, independent of the ecosystem registry. */
export const testSemver: VersionScheme = {
  id: 'semver',
  check: (v) => (semver.valid(v) === v ? { ok: true, canonical: true } : { ok: false, code: 'INVALID_VERSION', message: 'not SemVer 2.0' }),
  compare: (a, b) => {
    for (const v of [a, b]) if (semver.valid(v) !== v) throw new InvalidVersionError('semver', v, 'not SemVer 2.0');
    return semver.compare(a, b);
  },
};
