import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';
import cvssV2 from '@secvisogram/csaf-validator-lib/schemas/cvss-v2.0.js';
import cvssV30 from '@secvisogram/csaf-validator-lib/schemas/cvss-v3.0.js';
import cvssV31 from '@secvisogram/csaf-validator-lib/schemas/cvss-v3.1.js';

const read = (file: string): object => JSON.parse(readFileSync(file, 'utf8')) as object;

/** An absolute IRI by the syntax of RFC 3987: a scheme, a colon, and no character an IRI may not hold. */
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u;

function ajv(): Ajv2020 {
  const a = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(a);
  addDraft2019Formats(a, { formats: ['iri-reference', 'idn-email'] });
  // ajv-formats-draft2019 takes only schemes of its own registry list, which lacks `pkg:`; OpenVEX names products by purl (its own examples do).
  a.addFormat('iri', ABSOLUTE_IRI);
  return a;
}

/** Violations of a document, as `pointer: message` lines: an empty list is a valid document. */
export type SchemaCheck = (doc: unknown) => string[];

const check =
  (validate: ReturnType<Ajv2020['compile']>): SchemaCheck =>
  (doc) =>
    validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);

/** OpenVEX 0.2.0, from `<fixtures>/schemas/openvex`. */
export const openVexSchema = (fixtures: string): SchemaCheck => check(ajv().compile(read(path.join(fixtures, 'schemas/openvex/openvex_json_schema.json'))));

/** The official CSAF 2.0 schema, from `<fixtures>/feeds/csaf/schemas`, with the FIRST CVSS schemas it refers to. */
export const csafSchema = (fixtures: string): SchemaCheck => {
  const a = ajv();
  // FIRST's CVSS schemas as the validator library ships them: their ids carry a `?date` the CSAF schema's references do not.
  for (const s of [cvssV2, cvssV30, cvssV31] as Record<string, unknown>[]) {
    const { $id, ...schema } = s;
    a.addSchema(schema, String($id).split('?')[0]);
  }
  return check(a.compile(read(path.join(fixtures, 'feeds/csaf/schemas/csaf_json_schema.json'))));
};

/** CycloneDX 1.6 JSON, by the library's own strict validator. */
export async function cycloneDxViolations(text: string): Promise<unknown> {
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
}
