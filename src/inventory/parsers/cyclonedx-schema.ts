import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';
import type { SbomProblem } from '../sbom-model.ts';
import { fromAjv } from './ajv-problems.ts';
import { useLinearUniqueItems } from './unique-items.ts';

/** CycloneDX versions this daemon reads; the library ships a JSON schema and an XSD for each. */
export const CDX_VERSIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];

// The official schemas as @cyclonedx/cyclonedx-library ships them.
const SCHEMA_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')), 'res/schema');
const readSchema = (file: string): object => JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object;

// Compiling a schema takes far longer than validating one SBOM, so each validator is built once.
const jsonValidators = new Map<string, ValidateFunction>();
const xmlValidators = new Map<string, Validation.XmlValidator>();

/**
 * Schema violations of a CycloneDX JSON document, each located by JSON pointer. The library's
 * own JsonStrictValidator stops at the first violation and checks uniqueItems pairwise (minutes
 * on large BOMs), so its schemas are compiled here with the same ajv settings, every error
 * reported, and uniqueItems checked in linear time.
 */
export function cycloneDxJsonViolations(doc: unknown, version: string): SbomProblem[] {
  const check = jsonValidator(version);
  return check(doc) ? [] : (check.errors ?? []).map(fromAjv);
}

/** The JSON schema validator of a CycloneDX version, compiled on first use. */
export function jsonValidator(version: string): ValidateFunction {
  let check = jsonValidators.get(version);
  if (!check) jsonValidators.set(version, (check = compileJson(version)));
  return check;
}

/** Load every version's XSD now (the library loads one on its first validation; an empty BOM is the cheapest). */
export async function warmUpCycloneDxXml(): Promise<void> {
  for (const version of CDX_VERSIONS) await cycloneDxXmlViolations(`<bom xmlns="http://cyclonedx.org/schema/bom/${version}"/>`, version);
}

function compileJson(version: string): ValidateFunction {
  const strict = ['1.2', '1.3'].includes(version) ? '-strict' : '';
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: false,
    strict: false,
    addUsedSchema: false,
    loadSchema: (uri) => Promise.reject(new Error(`remote schemas are disabled: ${uri}`)),
    schemas: {
      'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': readSchema('spdx.SNAPSHOT.schema.json'),
      'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': readSchema('cryptography-defs.SNAPSHOT.schema.json'),
      'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': readSchema('jsf-0.82.SNAPSHOT.schema.json'),
    },
  });
  addFormats.default(ajv);
  addDraft2019Formats(ajv, { formats: ['idn-email'] });
  ajv.addFormat('iri-reference', true);
  useLinearUniqueItems(ajv);
  return ajv.compile(readSchema(`bom-${version}${strict}.SNAPSHOT.schema.json`));
}

/** Schema violations of a CycloneDX XML document, each located by `line N`. */
export async function cycloneDxXmlViolations(text: string, version: string): Promise<SbomProblem[]> {
  let v = xmlValidators.get(version);
  if (!v) xmlValidators.set(version, (v = new Validation.XmlValidator(version as Spec.Version)));
  try {
    const errors = (await v.validate(text)) as XmlError[] | null;
    return (errors ?? []).map((e) => ({ path: `line ${e.line ?? 0}`, message: e.message.trim() }));
  } catch (e) {
    // libxml2 refuses to build a document from malformed XML before any validation happens.
    const x = e as XmlError;
    return [{ path: `line ${x.line ?? 0}`, message: x.message.trim() }];
  }
}

interface XmlError {
  message: string;
  line?: number;
}
