import type { Result } from '../../core/result.ts';
import { canonicalizePurl, toCpe23 } from '../../ids/index.ts';
import type { SbomProblem } from '../sbom-model.ts';

type OrWarn = (raw: unknown, path: string, warnings: SbomProblem[]) => string | null;

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
