/**
 * How one ecosystem orders its versions. Every scheme is a total order on the strings it
 * accepts; strings it cannot read are reported, never guessed.
 */
export interface VersionScheme {
  /** Stable id, e.g. `semver`, `pep440`, `maven`, `deb`. */
  readonly id: string;
  /**
   * `{ok: true, canonical}` when the string is a version of this scheme. `canonical: false` marks
   * versions the ecosystem's reference implementation rejects but that real data uses (legacy
   * PyPI versions, four-part "semver"): they are ordered leniently, the way OSV does.
   */
  check(version: string): VersionCheck;
  /**
   * Negative, zero or positive like `Array.prototype.sort`. Throws `InvalidVersionError` for a
   * string `check` rejects, so a caller that skipped the check cannot get a silent guess.
   */
  compare(a: string, b: string): number;
}

export type VersionCheck = { ok: true; canonical: boolean } | { ok: false; code: 'INVALID_VERSION'; message: string };

export class InvalidVersionError extends Error {
  readonly code = 'INVALID_VERSION';
  constructor(
    readonly scheme: string,
    readonly version: string,
    reason: string,
  ) {
    super(`invalid ${scheme} version ${JSON.stringify(version)}: ${reason}`);
    this.name = 'InvalidVersionError';
  }
}
