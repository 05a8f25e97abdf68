import { describe, expect, it } from 'vitest';
import { byRef, parsedFixture, parseFixture } from './testdata.ts';

describe('CycloneDX XML', () => {
  it('reads components, nested ones, identifiers, hashes, licenses and the graph', async () => {
    const sbom = await parsedFixture('cdx-1.5.xml');
    expect(sbom).toMatchObject({ format: 'CycloneDX', encoding: 'xml', specVersion: '1.5', subject: { name: 'shop', version: '2.0.0' } });
    expect(sbom.components).toHaveLength(3);
    expect(byRef(sbom, 'pkg:maven/org.example/core@1.0')).toMatchObject({
      group: 'org.example',
      purl: 'pkg:maven/org.example/core@1.0',
      cpe: 'cpe:2.3:a:example:core:1.0:*:*:*:*:*:*:*',
      hashes: [{ alg: 'SHA-1', content: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }],
      licenses: ['Apache-2.0'],
      direct: true,
    });
    expect(byRef(sbom, 'inner')).toMatchObject({ name: 'inner & co', parentRef: 'pkg:maven/org.example/core@1.0' });
    expect(byRef(sbom, 'bad')).toMatchObject({ purl: null, direct: false });
    expect(sbom.warnings).toEqual([expect.objectContaining({ path: 'line 26' })]);
  });

  it('refuses a DTD with an external entity (XXE) before parsing', async () => {
    expect(await parseFixture('xxe.xml', 'warn')).toMatchObject({ ok: false, status: 400, code: 'XML_DTD_FORBIDDEN', details: [{ path: 'line 2' }] });
  });

  it('refuses an entity expansion bomb before parsing', async () => {
    expect(await parseFixture('entity-bomb.xml', 'warn')).toMatchObject({ ok: false, code: 'XML_DTD_FORBIDDEN' });
  });

  it('locates malformed XML by line', async () => {
    const r = await parseFixture('cdx-malformed.xml', 'warn');
    expect(r).toMatchObject({ ok: false, status: 400, code: 'INVALID_XML' });
    if (!r.ok) expect(r.details[0]?.path).toMatch(/^line \d+$/);
  });

  it('rejects duplicate bom-refs in strict mode (the XSD forbids them) and keeps both under warn', async () => {
    const strict = await parseFixture('cdx-1.5-duplicate-refs.xml');
    expect(strict).toMatchObject({ ok: false, code: 'INVALID_SBOM' });
    if (!strict.ok) expect(strict.details[0]?.message).toMatch(/[Dd]uplicate/);
    const warn = await parsedFixture('cdx-1.5-duplicate-refs.xml', 'warn');
    expect(warn.components.map((c) => c.bomRef)).toEqual(['dup', 'dup#2']);
  });
});
