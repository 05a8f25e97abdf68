import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSbom } from '../../src/inventory/parsers/index.ts';
import { expectBounded, fuzzOptions, fuzzTimeout, mutatedJson, mutatedText } from '../support/fuzz.ts';

const testdata = (name: string): string => readFileSync(new URL(`../../src/inventory/parsers/testdata/${name}`, import.meta.url), 'utf8');
const json = (name: string): unknown => JSON.parse(testdata(name));

const XML = {
  tokens: [
    '<component type="library">',
    '</component>',
    '<components>',
    '<name>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '&amp;',
    '&#x0;',
    '<?xml version="1.0"?>',
    'xmlns="http://cyclonedx.org/schema/bom/1.6"',
    '"',
    '=',
  ],
  open: '<c>',
  close: '</c>',
};
const TAG_VALUE = {
  tokens: [
    '\nPackageName: ',
    '\nSPDXID: SPDXRef-x',
    '\nExternalRef: PACKAGE-MANAGER purl ',
    '\nPackageChecksum: SHA1: ',
    '\nRelationship: ',
    '<text>',
    '</text>',
    '\n',
    ':',
  ],
  open: '<text>',
  close: '</text>',
};

/** Whatever the bytes, parseSbom resolves with a result (never throws) of the documented shape. */
async function parses(text: string, validation: 'strict' | 'warn'): Promise<void> {
  await expectBounded(text, async () => {
    const r = await parseSbom(Buffer.from(text), { validation, maxBytes: 50 * 1024 * 1024 });
    if (r.ok) expect(r.sbom.locations).toHaveLength(r.sbom.components.length);
    else expect(r).toMatchObject({ status: expect.any(Number), code: expect.stringMatching(/^[A-Z_]+$/), details: expect.any(Array) });
    return r;
  });
}

describe('SBOM parsers under fuzzing: a result or a typed rejection, never a crash, a hang or a blow-up', () => {
  const modes = fc.constantFrom('strict' as const, 'warn' as const);

  it.each([
    ['CycloneDX JSON', ['cdx-1.6-nested.json', 'cdx-1.4-schema-violation.json']],
    ['SPDX 2.3 JSON', ['spdx-2.3-small.spdx.json']],
    ['SPDX 3 JSON-LD', ['spdx-3.0.jsonld']],
  ])(
    '%s',
    async (_format, seeds) => {
      await fc.assert(fc.asyncProperty(mutatedJson(seeds.map(json)), modes, parses), fuzzOptions(300));
    },
    fuzzTimeout(),
  );

  it(
    'CycloneDX XML',
    async () => {
      await fc.assert(fc.asyncProperty(mutatedText([testdata('cdx-1.5.xml'), testdata('cdx-1.5-duplicate-refs.xml')], XML), modes, parses), fuzzOptions(300));
    },
    fuzzTimeout(),
  );

  it(
    'SPDX tag-value',
    async () => {
      await fc.assert(fc.asyncProperty(mutatedText([testdata('small.spdx'), testdata('broken.spdx')], TAG_VALUE), modes, parses), fuzzOptions(300));
    },
    fuzzTimeout(),
  );
});
