import type { ErrorObject } from 'ajv';
import type { SbomProblem } from '../sbom-model.ts';

/** An ajv error as a located problem: the JSON pointer, and a message naming the offending value. */
export function fromAjv(e: ErrorObject): SbomProblem {
  const detail = Object.entries(e.params as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return { path: e.instancePath === '' ? '/' : e.instancePath, message: `${e.message ?? e.keyword}${detail ? ` (${detail})` : ''}` };
}
