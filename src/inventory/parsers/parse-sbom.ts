import type { ValidationMode } from '../sbom-model.ts';
import { decodeSbomBytes } from './decode.ts';
import { detectJson, detectText } from './detect.ts';
import { parseCycloneDxJson } from './cyclonedx-json.ts';
import { CDX_VERSIONS, jsonValidator } from './cyclonedx-schema.ts';
import { jsonProblems } from '../../core/json-guard.ts';
import { lineColumn, parseJsonText } from './json-text.ts';
import { rejected, type SbomParseResult } from './outcome.ts';
import { parseSpdx3JsonLd } from './spdx3-jsonld.ts';
import { parseSpdxJson, SPDX_JSON_VERSIONS, spdxValidator } from './spdx-json.ts';
import { spdxJsonSchema } from './spdx-schemas.ts';
import { parseSpdxTagValue } from './spdx-tag-value.ts';
import { limitProblems, SBOM_LIMITS } from './sbom-limits.ts';

export interface SbomParseOptions {
  validation: ValidationMode;
  /** Cap on the document size after decompression; larger inputs are refused with 413. */
  maxBytes: number;
}

/** Reads a CycloneDX XML document: passed in, so that a worker thread never loads libxmljs2 (see parse-pool.ts). */
export type XmlReader = (text: string, validation: ValidationMode) => Promise<SbomParseResult>;

/**
 * Read an uploaded SBOM, whatever its format: the format is detected from the content (gzip,
 * text encoding, then CycloneDX JSON/XML, SPDX 2.x JSON or tag-value, SPDX 3 JSON-LD). What
 * could not be stored or would not fit the limits (a NUL character, nesting past SBOM_LIMITS,
 * an over-long field) is rejected whatever the validation mode.
 */
export async function parseSbomWith(readXml: XmlReader, bytes: Uint8Array, options: SbomParseOptions): Promise<SbomParseResult> {
  const decoded = await decodeSbomBytes(bytes, options.maxBytes);
  if (!decoded.ok) {
    return rejected(decoded.code, decoded.message, [{ path: decoded.path ?? '', message: decoded.message }], decoded.code === 'TOO_LARGE' ? 413 : 400);
  }
  const text = decoded.value;
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const at = lineColumn(text, nul);
    return rejected('INVALID_CHARACTER', `the SBOM contains a NUL character at ${at}`, [{ path: at, message: 'NUL characters are not accepted' }]);
  }
  const result = await parseText(text, options.validation, readXml);
  if (!result.ok) return result;
  const over = limitProblems(result.sbom);
  const first = over[0];
  return first ? rejected('LIMIT_EXCEEDED', `the SBOM exceeds a limit: ${first.path} ${first.message}`, over) : result;
}

async function parseText(text: string, validation: ValidationMode, readXml: XmlReader): Promise<SbomParseResult> {
  switch (detectText(text)) {
    case 'json':
      return parseJson(text, validation);
    case 'xml':
      return readXml(text, validation);
    case 'tag-value':
      return parseSpdxTagValue(text, validation);
    case 'unknown':
      return rejected('UNKNOWN_FORMAT', 'not a CycloneDX (JSON or XML) or SPDX (JSON, tag-value or JSON-LD) document', [
        { path: 'line 1', message: 'expected JSON, XML or SPDX tag-value' },
      ]);
  }
}

/**
 * Compiling the JSON schema validators (CycloneDX of each version, SPDX 2.2/2.3) takes seconds in
 * all, which the first upload of each version would otherwise wait for. One step per validator,
 * so that a warm-up can let uploads go first between steps.
 */
export const JSON_WARM_UP: readonly (() => void)[] = [
  ...CDX_VERSIONS.map((version) => () => void jsonValidator(version)),
  ...SPDX_JSON_VERSIONS.map((version) => () => void spdxValidator(spdxJsonSchema(version))),
];

/** Every JSON validator compiled now, the event loop getting a turn between them. */
export async function warmUpJsonValidators(): Promise<void> {
  for (const step of JSON_WARM_UP) {
    step();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function parseJson(text: string, mode: ValidationMode): Promise<SbomParseResult> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return rejected(parsed.code, parsed.message, [{ path: parsed.path ?? '', message: parsed.message }]);
  // Before any schema check: ajv's validators recurse once per level of nesting.
  const unsafe = jsonProblems(parsed.value, { maxDepth: SBOM_LIMITS.depth });
  const first = unsafe[0];
  if (first) return rejected('UNSAFE_INPUT', `the SBOM cannot be accepted: ${first.path} ${first.message}`, unsafe);
  const doc = parsed.value as Record<string, unknown>;
  switch (detectJson(doc)) {
    case 'cyclonedx':
      return parseCycloneDxJson(doc, mode);
    case 'spdx2':
      return parseSpdxJson(doc, mode);
    case 'spdx3':
      return parseSpdx3JsonLd(doc, mode);
    case 'unknown':
      break;
  }
  return rejected('UNKNOWN_FORMAT', 'JSON document is neither CycloneDX (bomFormat) nor SPDX (spdxVersion, @graph)', [
    { path: '/', message: 'no bomFormat, spdxVersion or @graph' },
  ]);
}
