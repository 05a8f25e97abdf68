import { describe, expect, it } from 'vitest';
import { byRef, parsedFixture, parseFixture } from './testdata.ts';

describe('CycloneDX JSON', () => {
  it('reads nested components with their parent, excluding metadata.component (the subject)', async () => {
    const sbom = await parsedFixture('cdx-1.6-nested.json');
    expect(sbom).toMatchObject({ format: 'CycloneDX', encoding: 'json', specVersion: '1.6' });
    expect(sbom.subject).toEqual({ name: 'shop', version: '2.0.0', purl: 'pkg:npm/shop@2.0.0' });
    expect(sbom.components).toHaveLength(7);
    expect(byRef(sbom, 'express/qs')?.parentRef).toBe('express');
    expect(byRef(sbom, 'express')).toMatchObject({
      purl: 'pkg:npm/express@4.18.2',
      licenses: ['MIT'],
      supplier: 'OpenJS',
      scope: 'required',
      hashes: [{ alg: 'SHA-256', content: expect.any(String) }],
    });
  });

  it('tells direct from transitive dependencies of the subject', async () => {
    const sbom = await parsedFixture('cdx-1.6-nested.json');
    expect(byRef(sbom, 'express')?.direct).toBe(true);
    expect(byRef(sbom, 'lodash')?.direct).toBe(true);
    expect(byRef(sbom, 'openssl')?.direct).toBe(false);
  });

  it('keeps repeated bom-refs as distinct components and says so', async () => {
    const sbom = await parsedFixture('cdx-1.6-nested.json');
    expect(byRef(sbom, 'lodash#2')).toMatchObject({ name: 'lodash' });
    expect(sbom.warnings).toContainEqual({ path: '/components/2/bom-ref', message: 'duplicate bom-ref "lodash"' });
  });

  it('keeps a component whose purl does not parse, without the purl, and warns', async () => {
    const sbom = await parsedFixture('cdx-1.6-nested.json');
    expect(byRef(sbom, 'broken')?.purl).toBeNull();
    const warning = sbom.warnings.find((w) => w.path === '/components/3/purl')?.message;
    expect(warning).toMatch(/not-a-purl/);
    // Matching reports it as undecided instead of clean.
    expect(byRef(sbom, 'broken')?.unreadable).toEqual([warning]);
    expect(byRef(sbom, 'openssl')).not.toHaveProperty('unreadable');
  });

  it('converts a CPE 2.2 URI to 2.3 and keeps components with only a name', async () => {
    const sbom = await parsedFixture('cdx-1.6-nested.json');
    expect(byRef(sbom, 'openssl')?.cpe).toBe('cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*');
    expect(byRef(sbom, 'kanshi:6')).toMatchObject({ name: 'nameonly', version: null, purl: null });
  });

  it('rejects schema violations in strict mode, listing each by JSON pointer', async () => {
    const r = await parseFixture('cdx-1.4-schema-violation.json');
    expect(r).toMatchObject({ ok: false, status: 400, code: 'INVALID_SBOM' });
    if (r.ok) return;
    expect(r.details.map((d) => d.path)).toEqual(expect.arrayContaining(['/components/0/type', '/components/1']));
    expect(r.details.find((d) => d.path === '/components/1')?.message).toMatch(/name/);
  });

  it('ingests the same document in warn mode with every violation listed', async () => {
    const sbom = await parsedFixture('cdx-1.4-schema-violation.json', 'warn');
    expect(sbom.components).toHaveLength(2);
    expect(sbom.warnings.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects truncated JSON and trailing garbage with a line and column', async () => {
    const truncated = await parseFixture('cdx-truncated.json', 'warn');
    expect(truncated).toMatchObject({ ok: false, status: 400, code: 'INVALID_JSON', details: [{ path: 'line 5 column 37' }] });
    const trailing = await parseFixture('cdx-trailing-garbage.json', 'warn');
    expect(trailing).toMatchObject({ ok: false, code: 'INVALID_JSON', details: [{ path: 'line 2 column 1' }] });
  });
});
