import { safeErrorText } from '../../core/error-text.ts';
import type { ParsedSbom, SbomProblem, ValidationMode } from '../sbom-model.ts';

/**
 * Problems kept per document. A schema validator reports several errors per bad item (every
 * branch of a oneOf), so a large broken document yields far more problem text than it has
 * bytes; the first thousand say what is wrong, and the rest is counted.
 */
export const MAX_PROBLEMS = 1_000;
const PROBLEM_TEXT_MAX = 500;

function capped(problems: SbomProblem[]): SbomProblem[] {
  const kept = problems.length > MAX_PROBLEMS ? problems.slice(0, MAX_PROBLEMS - 1) : problems;
  const out = kept.map((p) => ({ path: safeErrorText(p.path, PROBLEM_TEXT_MAX), message: safeErrorText(p.message, PROBLEM_TEXT_MAX) }));
  if (kept.length < problems.length) out.push({ path: '/', message: `… and ${problems.length - kept.length} more problems` });
  return out;
}

export type SbomParseResult = { ok: true; sbom: ParsedSbom } | { ok: false; status: 400 | 413; code: string; message: string; details: SbomProblem[] };

export const rejected = (code: string, message: string, details: SbomProblem[] = [], status: 400 | 413 = 400): SbomParseResult => ({
  ok: false,
  status,
  code,
  message: safeErrorText(message),
  details: capped(details),
});

/**
 * The validation mode decides what schema violations do: `strict` rejects the document listing
 * every one; `warn` keeps whatever could be read and puts the violations first among its warnings.
 */
export function judge(mode: ValidationMode, what: string, violations: SbomProblem[], read: () => ParsedSbom): SbomParseResult {
  if (mode === 'strict' && violations.length > 0) {
    const first = violations[0];
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
    return rejected('INVALID_SBOM', `${what} does not conform to its schema: ${first?.path} ${first?.message}${more}`, violations);
  }
  const sbom = read();
  sbom.warnings = capped([...violations, ...sbom.warnings]);
  return { ok: true, sbom };
}
