import type { Result } from '../../core/result.ts';
import { canonicalizePurl, toCpe23 } from '../../ids/index.ts';
import type { ParsedComponent, SbomProblem } from '../sbom-model.ts';

type OrWarn = (raw: unknown, path: string, warnings: SbomProblem[]) => string | null;

/** An identifier as the document holds it, and where. */
export interface Located {
  raw: unknown;
  at: string;
}

/**
 * Canonical form of a component identifier, or null. One that does not parse is a tolerated
 * defect: the component is kept without it and the reason is listed at `path`.
 */
const orWarn =
  (label: string, canonical: (s: string) => Result<string>): OrWarn =>
  (raw, path, warnings) => {
    if (typeof raw !== 'string' || raw.trim() === '') return null;
    const r = canonical(raw.trim());
    if (r.ok) return r.value;
    warnings.push({ path, message: `${label} ${JSON.stringify(raw)} ignored: ${r.message}` });
    return null;
  };

export const purlOrWarn = orWarn('purl', canonicalizePurl);
/** CPE 2.2 URIs and 2.3 formatted strings alike, as a 2.3 formatted string. */
export const cpeOrWarn = orWarn('CPE', toCpe23);

/**
 * A component's purl and CPE in canonical form. One the document gives but that cannot be read
 * is listed among the warnings and in the component's `unreadable`, so matching reports the
 * component as undecided instead of clean.
 */
export function identifiersOrWarn(
  purl: Located | undefined,
  cpe: Located | undefined,
  warnings: SbomProblem[],
): Pick<ParsedComponent, 'purl' | 'cpe' | 'unreadable'> {
  const before = warnings.length;
  const ids: Pick<ParsedComponent, 'purl' | 'cpe' | 'unreadable'> = {
    purl: purl ? purlOrWarn(purl.raw, purl.at, warnings) : null,
    cpe: cpe ? cpeOrWarn(cpe.raw, cpe.at, warnings) : null,
  };
  if (warnings.length > before) ids.unreadable = warnings.slice(before).map((w) => w.message);
  return ids;
}
