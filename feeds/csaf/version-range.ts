import { versToCpeBounds } from '../../src/ids/index.ts';
import { parseVersionText, type ParsedVersionText, type VersionBound } from '../version-text.parse.ts';

const NOT_PARSED: ParsedVersionText = { parsed: false, bounds: [] };

/** A `vers:` string as bounds (see `versToCpeBounds`); unparsed when bounds cannot say it. */
export function versToBounds(vers: string): ParsedVersionText {
  const bounds = versToCpeBounds(vers);
  return bounds ? { parsed: true, bounds } : NOT_PARSED;
}

/** `product_version_range` as CSAF allows it: a `vers:` string, or free text such as `<= 1.4`. */
export const rangeToBounds = (range: string): ParsedVersionText => (/^vers:/i.test(range.trim()) ? versToBounds(range) : parseVersionText(range));

/** Bounds as a `vers:` string of `scheme`, for packages whose range came as free text. */
export function boundsToVers(scheme: string, bounds: VersionBound[]): string {
  const parts = bounds.flatMap((b) => {
    if (b.versionStartIncluding !== undefined && b.versionStartIncluding === b.versionEndIncluding) return [b.versionStartIncluding];
    const cs: string[] = [];
    if (b.versionStartIncluding !== undefined) cs.push(`>=${b.versionStartIncluding}`);
    if (b.versionStartExcluding !== undefined) cs.push(`>${b.versionStartExcluding}`);
    if (b.versionEndIncluding !== undefined) cs.push(`<=${b.versionEndIncluding}`);
    if (b.versionEndExcluding !== undefined) cs.push(`<${b.versionEndExcluding}`);
    return cs.length ? cs : ['*'];
  });
  return `vers:${scheme}/${parts.includes('*') ? '*' : parts.join('|')}`;
}
