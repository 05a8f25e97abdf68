import { Ajv, type ValidateFunction } from 'ajv';
import type { SbomProblem, ValidationMode } from '../sbom-model.ts';
import { fromAjv } from './ajv-problems.ts';
import { judge, rejected, type SbomParseResult } from './outcome.ts';
import { mapSpdx2, type Spdx2Document } from './spdx2-document.ts';
import { spdxJsonSchema } from './spdx-schemas.ts';

export const SPDX_JSON_VERSIONS = ['2.2', '2.3'] as const;
export type SpdxJsonVersion = (typeof SPDX_JSON_VERSIONS)[number];

/** A parsed SPDX 2.2/2.3 JSON document: validated against the schema of its version, then read. */
export function parseSpdxJson(doc: Record<string, unknown>, mode: ValidationMode, schemaFor: (v: SpdxJsonVersion) => object = spdxJsonSchema): SbomParseResult {
  const version = String(doc.spdxVersion).replace(/^SPDX-/, '');
  if (!isVersion(version)) {
    return rejected('UNSUPPORTED_SPEC_VERSION', `SPDX JSON ${JSON.stringify(doc.spdxVersion)} is not supported (SPDX-2.2, SPDX-2.3)`, [
      { path: '/spdxVersion', message: 'unsupported spdxVersion' },
    ]);
  }
  const violations = spdxJsonViolations(doc, schemaFor(version));
  return judge(mode, `SPDX ${version} JSON`, violations, () => mapSpdx2(doc as unknown as Spdx2Document, 'json', (_node, pointer) => pointer));
}

const isVersion = (v: string): v is SpdxJsonVersion => (SPDX_JSON_VERSIONS as readonly string[]).includes(v);

// Compiling a schema takes far longer than validating one SBOM, so each is compiled once.
const compiled = new WeakMap<object, ValidateFunction>();

/** Schema violations of an SPDX 2.x JSON document, each located by JSON pointer. */
export function spdxJsonViolations(doc: unknown, schema: object): SbomProblem[] {
  const check = spdxValidator(schema);
  return check(doc) ? [] : (check.errors ?? []).map(fromAjv);
}

/** The compiled validator of a schema, compiled on first use. */
export function spdxValidator(schema: object): ValidateFunction {
  let check = compiled.get(schema);
  if (!check) {
    // allErrors: warn mode lists every violation, not just the first.
    compiled.set(schema, (check = new Ajv({ allErrors: true, strict: false }).compile(schema)));
  }
  return check;
}
