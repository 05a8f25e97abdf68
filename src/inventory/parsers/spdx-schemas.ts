/**
 * The official SPDX 2.2 and 2.3 JSON schemas (spdx/spdx-spec `schemas/spdx-schema.json` at the
 * v2.2.2 and v2.3 tags), for `spdx-json.ts` to validate against.
 *
 * TODO: no npm package ships these two schemas, so they are not wired in yet. Until they are,
 * this returns undefined and SPDX 2.x JSON is read without schema validation.
 */
export function spdxJsonSchema(_version: '2.2' | '2.3'): object | undefined {
  return undefined;
}
