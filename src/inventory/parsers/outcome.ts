import type { ParsedSbom, SbomProblem, ValidationMode } from '../sbom-model.ts';

export type SbomParseResult =
  | { ok: true; sbom: ParsedSbom }
  | { ok: false; status: 400 | 413; code: string; message: string; details: SbomProblem[] };

export const rejected = (
  code: string,
  message: string,
  details: SbomProblem[] = [],
  status: 400 | 413 = 400,
): SbomParseResult => ({ ok: false, status, code, message, details });

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
  sbom.warnings.unshift(...violations);
  return { ok: true, sbom };
}
