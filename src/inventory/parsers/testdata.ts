import { readFileSync } from 'node:fs';
import type { ParsedSbom } from '../sbom-model.ts';
import { parseSbom, type SbomParseResult } from './index.ts';

/** Test helpers over the small fixtures in `testdata/`. */
export const testdata = (name: string): Buffer => readFileSync(new URL(`./testdata/${name}`, import.meta.url));

export const parseFixture = (name: string, validation: 'strict' | 'warn' = 'strict'): Promise<SbomParseResult> =>
  parseSbom(testdata(name), { validation, maxBytes: 50 * 1024 * 1024 });

export async function parsedFixture(name: string, validation: 'strict' | 'warn' = 'strict'): Promise<ParsedSbom> {
  const r = await parseFixture(name, validation);
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
  return r.sbom;
}

export const byRef = (sbom: ParsedSbom, ref: string) => sbom.components.find((c) => c.bomRef === ref);
