import type { ValidationMode } from '../sbom-model.ts';
import { mapCycloneDx, type CdxBom } from './cyclonedx-bom.ts';
import { CDX_VERSIONS, cycloneDxJsonViolations } from './cyclonedx-schema.ts';
import { judge, rejected, type SbomParseResult } from './outcome.ts';

/** A parsed CycloneDX JSON document: validated against the official schema, then read. */
export function parseCycloneDxJson(doc: Record<string, unknown>, mode: ValidationMode): SbomParseResult {
  const version = doc.specVersion;
  if (typeof version !== 'string' || !CDX_VERSIONS.includes(version)) {
    return rejected('UNSUPPORTED_SPEC_VERSION', `CycloneDX specVersion ${JSON.stringify(version)} is not supported (${CDX_VERSIONS.join(', ')})`, [
      { path: '/specVersion', message: 'unsupported specVersion' },
    ]);
  }
  const violations = cycloneDxJsonViolations(doc, version);
  return judge(mode, `CycloneDX ${version} JSON`, violations, () => mapCycloneDx(doc as unknown as CdxBom, 'json', (_node, pointer) => pointer));
}
