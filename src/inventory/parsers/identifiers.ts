import { toCpe23 } from '../../ids/cpe/index.ts';
import { canonicalizePurl } from '../../ids/purl/index.ts';
import type { SbomProblem } from '../sbom-model.ts';

/**
 * Canonical purl or CPE 2.3 for a component, or null. An identifier that does not parse is a
 * tolerated defect: the component is kept without it and the reason is listed at `path`.
 */
export function purlOrWarn(raw: unknown, path: string, warnings: SbomProblem[]): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const r = canonicalizePurl(raw.trim());
  if (r.ok) return r.value;
  warnings.push({ path, message: `purl ${JSON.stringify(raw)} ignored: ${r.message}` });
  return null;
}

export function cpeOrWarn(raw: unknown, path: string, warnings: SbomProblem[]): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const r = toCpe23(raw.trim());
  if (r.ok) return r.value;
  warnings.push({ path, message: `CPE ${JSON.stringify(raw)} ignored: ${r.message}` });
  return null;
}
