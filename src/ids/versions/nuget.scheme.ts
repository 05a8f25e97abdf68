import { compareNumber, compareStrings, parsedScheme } from './scheme-kit.ts';
import { parseSemver } from './semver.scheme.ts';

export interface NugetVersion {
  parts: string[];
  /** Release labels upper-cased: NuGet compares them with OrdinalIgnoreCase. */
  labels: string[];
  labelNumeric: boolean[];
  strict: boolean;
}

const INT32_MAX = '2147483647';

/**
 * NuGetVersion: SemVer 2.0 plus the legacy four-part `1.2.3.4`, numbers with leading zeros
 * (`1.0.01` = `1.0.1`), case-insensitive labels; metadata after `+` is ignored.
 * Five or more parts and numbers past Int32 are ordered leniently (canonical: false).
 */
function parseNuget(version: string): NugetVersion | string {
  if (version.charCodeAt(0) === 118 || version.charCodeAt(0) === 86) return 'NuGet versions take no "v" prefix';
  const p = parseSemver(version);
  if (typeof p === 'string') return p;
  let strict = p.core.length <= 4 && p.core.every((n) => compareNumber(n, INT32_MAX) <= 0);
  if (version.charCodeAt(0) === 61 || (p.pre.length > 0 && !version.includes('-'))) strict = false;
  return {
    parts: p.core,
    labels: p.pre.map((l) => l.toUpperCase()),
    labelNumeric: p.preNumeric,
    strict,
  };
}

function compareNuget(a: NugetVersion, b: NugetVersion): number {
  const len = Math.max(a.parts.length, b.parts.length);
  for (let k = 0; k < len; k++) {
    const x = a.parts[k] ?? '0';
    const y = b.parts[k] ?? '0';
    if (x !== y) return compareNumber(x, y);
  }
  const al = a.labels.length;
  const bl = b.labels.length;
  if (al === 0 || bl === 0) return al === bl ? 0 : al === 0 ? 1 : -1;
  const common = Math.min(al, bl);
  for (let k = 0; k < common; k++) {
    const x = a.labels[k] as string;
    const y = b.labels[k] as string;
    if (x === y) continue;
    const xn = a.labelNumeric[k] === true;
    const yn = b.labelNumeric[k] === true;
    if (xn && yn) return compareNumber(x, y);
    if (xn !== yn) return xn ? -1 : 1;
    return compareStrings(x, y);
  }
  return al - bl;
}

export const nugetScheme = parsedScheme({
  id: 'nuget',
  parse: parseNuget,
  compare: compareNuget,
  canonical: (p) => p.strict,
});
