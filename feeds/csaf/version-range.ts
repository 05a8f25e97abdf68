import { parseVersionText, type ParsedVersionText, type VersionBound } from '../version-text.parse.ts';

const NOT_PARSED: ParsedVersionText = { parsed: false, bounds: [] };

/**
 * A `vers:` constraint list as bounds: `>=`/`>` opens a range that the next `<`/`<=` closes,
 * a lone `<`/`<=` closes from the start, a bare version is one version, `*` is every version.
 * `!=` and anything out of order cannot be said in bounds and leaves the text unparsed.
 */
export function versToBounds(vers: string): ParsedVersionText {
  const m = /^vers:[a-z0-9.+-]+\/(.*)$/i.exec(vers.trim());
  if (!m) return NOT_PARSED;
  const spec = m[1]!.trim();
  if (spec === '*') return { parsed: true, bounds: [{}] };
  const bounds: VersionBound[] = [];
  let open: VersionBound | undefined;
  for (const raw of spec.split('|')) {
    const c = /^\s*(>=|<=|!=|<|>|=)?\s*(\S+)\s*$/.exec(raw);
    if (!c) return NOT_PARSED;
    const [, op = '=', version = ''] = c;
    if (op === '!=') return NOT_PARSED;
    if (op === '>=' || op === '>') {
      if (open) return NOT_PARSED;
      open = op === '>=' ? { versionStartIncluding: version } : { versionStartExcluding: version };
    } else if (op === '<=' || op === '<') {
      bounds.push({ ...open, ...(op === '<=' ? { versionEndIncluding: version } : { versionEndExcluding: version }) });
      open = undefined;
    } else {
      if (open) return NOT_PARSED;
      bounds.push({ versionStartIncluding: version, versionEndIncluding: version });
    }
  }
  if (open) bounds.push(open);
  return { parsed: true, bounds };
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
