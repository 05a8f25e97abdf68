import { parseCycloneDxXml } from './cyclonedx-xml.ts';
import { warmUpCycloneDxXml } from './cyclonedx-schema.ts';
import { parseSbomWith, warmUpJsonValidators, type SbomParseOptions } from './parse-sbom.ts';
import type { SbomParseResult } from './outcome.ts';

export type { SbomParseResult } from './outcome.ts';
export type { SbomParseOptions } from './parse-sbom.ts';

/** Read an uploaded SBOM of any supported format (see parseSbomWith), on the calling thread. */
export const parseSbom = (bytes: Uint8Array, options: SbomParseOptions): Promise<SbomParseResult> => parseSbomWith(parseCycloneDxXml, bytes, options);

/**
 * Compile every schema validator (CycloneDX JSON and XML of each version, SPDX 2.2/2.3 JSON) up
 * front, so that no upload waits for a compilation. Called once at startup.
 */
export async function warmUpValidators(): Promise<void> {
  await warmUpJsonValidators();
  await warmUpCycloneDxXml();
}
