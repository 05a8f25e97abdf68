import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';

/** One failed check: the test (`csaf_2_0_strict`, `mandatoryTest_6_1_11` …), where, and what. */
export interface CsafProblem {
  test: string;
  path: string;
  message: string;
}

let validator: Promise<(doc: unknown) => Promise<{ tests: { name: string; errors: { instancePath: string; message: string }[] }[] }>> | undefined;

/**
 * The validator, loaded on first use: its mandatory tests pull in a time-zone database and
 * compile the CSAF schema, seconds of start-up that only a CSAF export needs.
 */
function load(): NonNullable<typeof validator> {
  validator ??= (async () => {
    const [mandatory, schema, { default: validateStrict }] = await Promise.all([
      import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
      import('@secvisogram/csaf-validator-lib/schemaTests.js'),
      import('@secvisogram/csaf-validator-lib/validateStrict.js'),
    ]);
    // The module's named exports are the tests (6.1.1 … 6.1.33).
    const tests: DocumentTest[] = [
      schema.csaf_2_0_strict,
      ...Object.values(mandatory as Record<string, unknown>).filter((t): t is DocumentTest => typeof t === 'function'),
    ];
    return (doc: unknown) => validateStrict(tests, doc);
  })();
  return validator;
}

/**
 * What keeps a CSAF 2.0 document from being valid: the strict JSON schema (no unknown
 * properties) and every mandatory test of section 6.1 of the specification, as
 * @secvisogram/csaf-validator-lib (BSI's validator) runs them. Empty when valid.
 */
export async function csafProblems(doc: unknown): Promise<CsafProblem[]> {
  const result = await (await load())(doc);
  return result.tests.flatMap((t) => t.errors.map((e) => ({ test: t.name, path: e.instancePath, message: e.message })));
}
