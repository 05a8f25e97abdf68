import type { CpeMatch } from '../cpe/cpe-match.ts';

/** Version bounds of a CPE match expression. */
export type CpeBounds = Omit<CpeMatch, 'vulnerable' | 'criteria'>;

/**
 * A `vers:` constraint list as CPE match bounds: `>=`/`>` opens a range that the next `<`/`<=`
 * closes, a lone `<`/`<=` closes from the start, a bare version is one version, `*` is every
 * version. `!=` and anything out of order cannot be said in bounds: null.
 */
export function versToCpeBounds(vers: string): CpeBounds[] | null {
  const m = /^vers:[a-z0-9.+-]+\/(.*)$/i.exec(vers.trim());
  if (!m) return null;
  const spec = m[1]!.trim();
  if (spec === '*') return [{}];
  const bounds: CpeBounds[] = [];
  let open: CpeBounds | undefined;
  for (const raw of spec.split('|')) {
    const c = /^\s*(>=|<=|!=|<|>|=)?\s*(\S+)\s*$/.exec(raw);
    if (!c) return null;
    const [, op = '=', version = ''] = c;
    if (op === '!=') return null;
    if (op === '>=' || op === '>') {
      if (open) return null;
      open = op === '>=' ? { versionStartIncluding: version } : { versionStartExcluding: version };
    } else if (op === '<=' || op === '<') {
      bounds.push({ ...open, ...(op === '<=' ? { versionEndIncluding: version } : { versionEndExcluding: version }) });
      open = undefined;
    } else {
      if (open) return null;
      bounds.push({ versionStartIncluding: version, versionEndIncluding: version });
    }
  }
  if (open) bounds.push(open);
  return bounds;
}
