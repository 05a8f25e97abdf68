import { afterAll, describe, expect, it } from 'vitest';
import { generateCycloneDx } from '../../test/support/generate-sbom.ts';
import { parseSbom } from './parsers/index.ts';
import { testdata } from './parsers/testdata.ts';
import { createSbomParser } from './sbom-parser.ts';

const options = { validation: 'strict' as const, maxBytes: 50 * 1024 * 1024 };
const invalid = Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library' }] }));

describe('SBOM parser on threads', () => {
  const parser = createSbomParser(2);
  afterAll(() => parser.close());

  it.each([
    ['CycloneDX JSON', generateCycloneDx(50)],
    ['a schema violation', invalid],
    ['CycloneDX XML (read on the main thread)', testdata('cdx-1.5.xml')],
    ['not an SBOM', Buffer.from('hello')],
    ['SPDX tag-value', testdata('small.spdx')],
  ])('gives the same result as parsing on the calling thread: %s', async (_name, bytes) => {
    const inline = await parseSbom(bytes, options);
    expect(await parser.parse(bytes, options)).toEqual(inline);
    expect(await parser.check(bytes, options)).toEqual(inline.ok ? { ok: true } : inline);
  });

  it('keeps the event loop free while a large document is validated', async () => {
    const big = generateCycloneDx(5_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = Date.now();
    const verdict = await parser.check(big, options);
    const elapsed = Date.now() - t0;
    clearInterval(timer);
    expect(verdict).toEqual({ ok: true });
    // On the event loop, the timer would not fire at all until the parse ends.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });

  it('validates several documents at once and answers each its own', async () => {
    const docs = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? generateCycloneDx(20 + i) : invalid));
    const verdicts = await Promise.all(docs.map((d) => parser.check(d, options)));
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true, false, true, false]);
  });
});
