// @secvisogram/csaf-validator-lib ships JavaScript with JSDoc only; what Kanshi uses of it.
declare module '@secvisogram/csaf-validator-lib/cwe.js' {
  export const weaknesses: readonly { id: string; name: string }[];
}

declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  export interface CsafMessage {
    message: string;
    instancePath: string;
  }
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: CsafMessage[];
    warnings: CsafMessage[];
    infos: CsafMessage[];
  }
  export type DocumentTest = (doc: unknown) => unknown;
  export default function validateStrict(tests: DocumentTest[], doc: unknown): Promise<{ isValid: boolean; tests: CsafTestResult[] }>;
}

// Its named exports are the tests, `mandatoryTest_6_1_1` … `mandatoryTest_6_1_33`.
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js';

declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';
  export const csaf_2_0_strict: DocumentTest;
  export const csaf_2_0: DocumentTest;
}

// FIRST's CVSS JSON schemas the CSAF schema refers to.
declare module '@secvisogram/csaf-validator-lib/schemas/*';
