import { describe, expect, it } from 'vitest';
import { parseSbom } from './index.ts';
import { SBOM_LIMITS } from './sbom-limits.ts';

const parse = (doc: string | object, validation: 'strict' | 'warn' = 'strict') =>
  parseSbom(Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)), { validation, maxBytes: 50 * 1024 * 1024 });

const cdx = (components: unknown, extra: object = {}) => ({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components, ...extra });
const lib = (more: object = {}) => ({ type: 'library', name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21', ...more });

/** CycloneDX JSON with components nested `depth` deep, built as text (JSON.stringify itself recurses). */
const nestedCdx = (depth: number): string =>
  `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[${'{"type":"library","name":"c","components":['.repeat(depth)}${']}'.repeat(depth)}]}`;

const spdx2 = (packages: unknown, extra: object = {}) => ({
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'doc',
  documentNamespace: 'https://example.com/doc',
  creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: test'] },
  packages,
  ...extra,
});

const spdx3 = (pkg: object) => ({
  '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
  '@graph': [
    { type: 'CreationInfo', '@id': '_:ci', specVersion: '3.0.1', created: '2024-01-01T00:00:00Z', createdBy: [] },
    { type: 'software_Package', spdxId: 'urn:p1', name: 'p1', software_packageVersion: '1.0', creationInfo: '_:ci', ...pkg },
  ],
});

describe('what cannot be stored is refused before the upload is acknowledged, whatever the mode', () => {
  it.each(['strict', 'warn'] as const)('a NUL in a component name (a valid JSON escape) is a 400 naming the field (%s)', async (mode) => {
    const r = await parse(cdx([lib({ name: 'lo\u0000dash' })]), mode);
    expect(r).toMatchObject({
      ok: false,
      status: 400,
      code: 'UNSAFE_INPUT',
      details: [{ path: '/components/0/name', message: expect.stringContaining('NUL') }],
    });
  });

  it('a NUL in a key is named with its escape, not the raw character', async () => {
    const r = await parse(cdx([lib({ 'x\u0000y': 1 })]), 'warn');
    expect(r).toMatchObject({ ok: false, code: 'UNSAFE_INPUT', details: [{ path: '/components/0/x\\u0000y' }] });
  });

  it('a raw NUL byte in a text format is located by line and column', async () => {
    const text = 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nPackageName: a\u0000b\n';
    expect(await parse(text, 'warn')).toMatchObject({ ok: false, code: 'INVALID_CHARACTER', details: [{ path: 'line 3 column 15' }] });
  });

  it.each([
    ['10,000 levels (the validator overflowed the stack)', 10_000],
    ['past the limit', SBOM_LIMITS.depth],
  ])('CycloneDX JSON nested %s is a 400, not a crash', async (_name, depth) => {
    const r = await parse(nestedCdx(depth), 'warn');
    expect(r).toMatchObject({ ok: false, status: 400, code: 'UNSAFE_INPUT', details: [{ message: `nested deeper than ${SBOM_LIMITS.depth} levels` }] });
  });

  it('nesting within the limit is read, every level a component', async () => {
    const r = await parse(nestedCdx(100), 'warn');
    expect(r.ok && r.sbom.components.length).toBe(100);
  });

  it('CycloneDX XML nested 10,000 deep is a 400 (libxml2 stops at 256)', async () => {
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6">${'<components><component type="library"><name>c</name>'.repeat(10_000)}${'</component></components>'.repeat(10_000)}</bom>`;
    expect(await parse(xml, 'warn')).toMatchObject({ ok: false, status: 400, code: 'INVALID_XML', message: expect.stringContaining('depth') });
  });

  const big = 'a'.repeat(3 * 1024 * 1024);
  it.each([
    ['name', { name: big }, 'name is 3145728 bytes long; the limit is 1024'],
    ['version', { version: '1'.repeat(300) }, 'version is 300 bytes long; the limit is 256'],
    ['bom-ref', { 'bom-ref': big }, 'bomRef is 3145728 bytes long; the limit is 2048'],
    ['purl', { purl: `pkg:npm/${'a'.repeat(3000)}@1` }, 'purl is 3010 bytes long; the limit is 2048'],
    ['cpe', { cpe: `cpe:2.3:a:${'v'.repeat(1100)}:p:1:*:*:*:*:*:*:*` }, 'cpe is 1128 bytes long; the limit is 1024'],
    ['name in 3-byte characters', { name: '漢'.repeat(400) }, 'name is 1200 bytes long; the limit is 1024'],
    ['licenses', { licenses: Array.from({ length: 101 }, (_, i) => ({ license: { name: `L${i}` } })) }, '101 licenses; the limit is 100'],
    ['hashes', { hashes: Array.from({ length: 51 }, (_, i) => ({ alg: 'SHA-256', content: i.toString(16).padStart(64, '0') })) }, '51 hashes; the limit is 50'],
  ])('an over-long or over-full %s is a 400 naming the field and the component', async (_field, more, message) => {
    const r = await parse(cdx([lib(), lib(more)]), 'warn');
    expect(r).toMatchObject({ ok: false, status: 400, code: 'LIMIT_EXCEEDED', details: [{ path: '/components/1', message }] });
  });

  it('a <text> value never closed costs time in proportion to the document (it was quadratic)', async () => {
    const text = `SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nDocumentComment: <text>${'x\n'.repeat(200_000)}`;
    const started = performance.now();
    const r = await parse(text, 'warn');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.ok && r.sbom.warnings).toContainEqual({ path: 'line 3', message: '<text> value of DocumentComment is never closed by </text>' });
  });

  it('an over-long field in SPDX tag-value is located by line', async () => {
    const text = `SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: d\nDocumentNamespace: https://x/d\n\nPackageName: ${'n'.repeat(2000)}\nSPDXID: SPDXRef-p\nPackageDownloadLocation: NONE\n`;
    expect(await parse(text)).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
      details: [{ path: 'line 7', message: 'name is 2000 bytes long; the limit is 1024' }],
    });
  });
});

describe('the mapping is total over any JSON: what does not fit is skipped with a warning naming its path', () => {
  it.each([
    ['components is a string', cdx('lodash'), 0, { path: '/components', message: 'expected a list, found a string: skipped' }],
    ['components is an object', cdx({ a: lib() }), 0, { path: '/components', message: 'expected a list, found an object: skipped' }],
    ['a component is null, a number, a list', cdx([null, 1, [], lib()]), 1, { path: '/components/0', message: 'expected an object, found null: skipped' }],
    [
      'hashes is an object',
      cdx([lib({ hashes: { alg: 'SHA-256', content: 'ab' } })]),
      1,
      { path: '/components/0/hashes', message: 'expected a list, found an object: skipped' },
    ],
    [
      'licenses is an object',
      cdx([lib({ licenses: { license: { id: 'MIT' } } })]),
      1,
      { path: '/components/0/licenses', message: 'expected a list, found an object: skipped' },
    ],
    [
      'a license is a string',
      cdx([lib({ licenses: ['MIT'] })]),
      1,
      { path: '/components/0/licenses/0', message: 'expected an object, found a string: skipped' },
    ],
    [
      'nested components is a number',
      cdx([lib({ components: 7 })]),
      1,
      { path: '/components/0/components', message: 'expected a list, found a number: skipped' },
    ],
    [
      'dependencies is an object',
      cdx([lib()], { dependencies: { ref: 'x' } }),
      1,
      { path: '/dependencies', message: 'expected a list, found an object: skipped' },
    ],
    ['a dependency is null', cdx([lib()], { dependencies: [null] }), 1, { path: '/dependencies/0', message: 'expected an object, found null: skipped' }],
    ['SPDX packages is an object', spdx2({ p: {} }), 0, { path: '/packages', message: 'expected a list, found an object: skipped' }],
    [
      'SPDX relationships is a string',
      spdx2([], { relationships: 'DESCRIBES' }),
      0,
      { path: '/relationships', message: 'expected a list, found a string: skipped' },
    ],
    [
      'SPDX checksums is an object',
      spdx2([{ SPDXID: 'SPDXRef-a', name: 'a', checksums: { algorithm: 'SHA1' } }]),
      1,
      { path: '/packages/0/checksums', message: 'expected a list, found an object: skipped' },
    ],
    [
      'SPDX externalRefs holds null',
      spdx2([{ SPDXID: 'SPDXRef-a', name: 'a', externalRefs: [null] }]),
      1,
      { path: '/packages/0/externalRefs/0', message: 'expected an object, found null: skipped' },
    ],
    [
      'SPDX 3 verifiedUsing holds null',
      spdx3({ verifiedUsing: [null] }),
      1,
      { path: '/@graph/1/verifiedUsing/0', message: 'expected an object, found null: skipped' },
    ],
    [
      'SPDX 3 externalIdentifier is a string',
      spdx3({ externalIdentifier: 'pkg:npm/a@1' }),
      1,
      { path: '/@graph/1/externalIdentifier', message: 'expected a list, found a string: skipped' },
    ],
  ])('%s (warn mode)', async (_name, doc, count, warning) => {
    const r = await parse(doc, 'warn');
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    expect(r.sbom.components).toHaveLength(count);
    expect(r.sbom.warnings).toContainEqual(warning);
  });

  it('metadata that is not an object gives no subject', async () => {
    const r = await parse(cdx([lib()], { metadata: 'shop' }), 'warn');
    expect(r.ok && r.sbom.subject).toBeNull();
  });
});
