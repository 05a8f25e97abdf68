import { describe, expect, it } from 'vitest';
import { parseSpdxJson } from './spdx-json.ts';
import { byRef, parsedFixture, parseFixture, testdata } from './testdata.ts';

describe('SPDX 2.x JSON', () => {
  it('takes the DESCRIBED package as the subject and the others as components', async () => {
    const sbom = await parsedFixture('spdx-2.3-small.spdx.json');
    expect(sbom).toMatchObject({ format: 'SPDX', encoding: 'json', specVersion: '2.3', subject: { name: 'firmware', version: '1.0' } });
    expect(sbom.components.map((c) => c.bomRef)).toEqual(['SPDXRef-openssl', 'SPDXRef-zlib']);
  });

  it('reads externalRefs, checksums, supplier and licenses; direct from relationships', async () => {
    const sbom = await parsedFixture('spdx-2.3-small.spdx.json');
    expect(byRef(sbom, 'SPDXRef-openssl')).toMatchObject({
      purl: 'pkg:generic/openssl@1.1.1k',
      cpe: 'cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*',
      hashes: [{ alg: 'SHA-256', content: 'aa' }],
      supplier: 'OpenSSL Project',
      licenses: ['Apache-2.0'],
      direct: true,
    });
    expect(byRef(sbom, 'SPDXRef-zlib')).toMatchObject({ purl: null, direct: false, unreadable: [expect.stringMatching(/^purl .* ignored: /)] });
    expect(sbom.warnings.map((w) => w.path)).toEqual(['/packages/2/externalRefs/0/referenceLocator']);
  });

  it('validates against the schema it is given: strict rejects, warn lists', () => {
    const doc = JSON.parse(testdata('spdx-2.3-small.spdx.json').toString()) as Record<string, unknown>;
    const schema = { type: 'object', properties: { packages: { items: { required: ['copyrightText'] } } } };
    const strict = parseSpdxJson(doc, 'strict', () => schema);
    expect(strict).toMatchObject({ ok: false, code: 'INVALID_SBOM' });
    if (!strict.ok) expect(strict.details.map((d) => d.path)).toEqual(['/packages/0', '/packages/1', '/packages/2']);
    const warn = parseSpdxJson(doc, 'warn', () => schema);
    expect(warn.ok && warn.sbom.warnings.length).toBe(4);
  });
});

describe('SPDX tag-value', () => {
  it('reads packages, multi-line text values, external refs and relationships', async () => {
    const sbom = await parsedFixture('small.spdx');
    expect(sbom).toMatchObject({ encoding: 'tag-value', specVersion: '2.3', subject: { name: 'appliance', version: '3.1' } });
    expect(sbom.components).toEqual([
      expect.objectContaining({
        bomRef: 'SPDXRef-busybox',
        version: '1.36.1',
        supplier: 'BusyBox',
        licenses: ['GPL-2.0-only'],
        purl: 'pkg:generic/busybox@1.36.1',
        cpe: 'cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*',
        hashes: [{ alg: 'SHA-1', content: '85ed0817af83a24ad8da68c2b5094de69833983c' }],
        direct: true,
      }),
    ]);
  });

  it('locates bad lines and unclosed <text> by line', async () => {
    const r = await parseFixture('broken.spdx');
    expect(r).toMatchObject({ ok: false, code: 'INVALID_SBOM' });
    if (!r.ok) expect(r.details.map((d) => d.path)).toEqual(['line 16', 'line 17']);
  });
});

describe('SPDX 3.0 JSON-LD', () => {
  it('takes the Sbom root element as the subject and reads packages, identifiers and the graph', async () => {
    const sbom = await parsedFixture('spdx-3.0.jsonld');
    expect(sbom).toMatchObject({ encoding: 'json-ld', specVersion: '3.0.1', subject: { name: 'router-os', version: '5.0' } });
    expect(byRef(sbom, 'urn:curl')).toMatchObject({
      purl: 'pkg:generic/curl@8.4.0',
      cpe: 'cpe:2.3:a:haxx:curl:8.4.0:*:*:*:*:*:*:*',
      supplier: 'Acme',
      licenses: ['curl'],
      hashes: [{ alg: 'SHA-256', content: 'bb' }],
      direct: true,
    });
    expect(byRef(sbom, 'urn:nghttp2')?.direct).toBe(false);
    expect(sbom.components).toHaveLength(2);
  });
});
