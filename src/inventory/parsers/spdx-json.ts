import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { SbomProblem, ValidationMode } from '../sbom-model.ts';
import { fromAjv } from './ajv-problems.ts';
import { judge, rejected, type SbomParseResult } from './outcome.ts';
import { mapSpdx2, type Spdx2Document } from './spdx2-document.ts';
import { spdxJsonSchema } from './spdx-schemas.ts';

const VERSIONS = ['2.2', '2.3'] as const;
type Version = (typeof VERSIONS)[number];

/** A parsed SPDX 2.2/2.3 JSON document: validated against the official schema, then read. */
export function parseSpdxJson(
  doc: Record<string, unknown>,
  mode: ValidationMode,
  schemaFor: (v: Version) => object | undefined = spdxJsonSchema,
): SbomParseResult {
  const version = String(doc.spdxVersion).replace(/^SPDX-/, '');
  if (!isVersion(version)) {
    return rejected('UNSUPPORTED_SPEC_VERSION', `SPDX JSON ${JSON.stringify(doc.spdxVersion)} is not supported (SPDX-2.2, SPDX-2.3)`, [
      { path: '/spdxVersion', message: 'unsupported spdxVersion' },
    ]);
  }
  const violations = validate(doc, schemaFor(version));
  return judge(mode, `SPDX ${version} JSON`, violations, () =>
    mapSpdx2(doc as unknown as Spdx2Document, 'json', (_node, pointer) => pointer),
  );
}

const isVersion = (v: string): v is Version => (VERSIONS as readonly string[]).includes(v);

// Compiling a schema takes far longer than validating one SBOM, so each is compiled once.
const compiled = new WeakMap<object, ValidateFunction>();

function validate(doc: unknown, schema: object | undefined): SbomProblem[] {
  if (!schema) return [];
  let check = compiled.get(schema);
  if (!check) {
    // allErrors: warn mode lists every violation, not just the first.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    compiled.set(schema, (check = ajv.compile(schema)));
  }
  return check(doc) ? [] : (check.errors ?? []).map(fromAjv);
}
