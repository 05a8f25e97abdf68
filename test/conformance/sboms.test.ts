import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseSbom } from '../../src/inventory/parsers/index.ts';
import type { ValidationMode } from '../../src/inventory/sbom-model.ts';
import { describeWithFixtures } from '../support/fixtures.ts';
import { VALID } from '../support/fixture-sboms.ts';

const parse = (file: string, validation: ValidationMode) => parseSbom(readFileSync(file), { validation, maxBytes: 50 * 1024 * 1024 });

describeWithFixtures('SBOM fixtures', (fixtures) => {
  const sboms = path.join(fixtures, 'sboms');

  it('lists every fixture SBOM in the table', () => {
    const listed = new Set(VALID.map(([f]) => f));
    const onDisk = ['cyclonedx/json', 'cyclonedx/xml', 'spdx/json', 'spdx/tag-value', 'spdx/3.0-jsonld', 'edge-cases'].flatMap((d) =>
      readdirSync(path.join(sboms, d)).map((f) => `${d}/${f}`),
    );
    const unparseable = ['edge-cases/cdx_truncated-invalid-json.json', 'edge-cases/spdx-2.2_PSReadLine-2.2.6_trailing-garbage.spdx.json'];
    expect(onDisk.filter((f) => !listed.has(f) && !unparseable.includes(f))).toEqual([]);
  });

  it.each(VALID)('%s has %i components', async (file, count, mode) => {
    const r = await parse(path.join(sboms, file), mode ?? 'strict');
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    expect(r.sbom.components).toHaveLength(count);
  });

  // Strict mode rejects what warn mode ingests, and warn mode lists the violations it let through.
  it.each(VALID.filter(([, , mode]) => mode === 'warn'))('rejects %s in strict mode; warn lists why', async (file) => {
    const strict = await parse(path.join(sboms, file), 'strict');
    if (strict.ok) throw new Error('strict mode accepted it');
    expect(strict).toMatchObject({ status: 400, code: 'INVALID_SBOM' });
    const warn = await parse(path.join(sboms, file), 'warn');
    if (!warn.ok) throw new Error(`${warn.code}: ${warn.message}`);
    expect(warn.sbom.warnings.length).toBeGreaterThanOrEqual(strict.details.length);
  });

  it('reports the SPDX 2.2 schema breaks the fixture notes describe', async () => {
    const firstProblem = async (file: string) => {
      const r = await parse(path.join(sboms, 'spdx/json', file), 'strict');
      return r.ok ? undefined : r.details[0];
    };
    expect(await firstProblem('constellation-2.2.2_syft.spdx-2.2.json')).toMatchObject({
      path: '/packages/0',
      message: expect.stringContaining('copyrightText'),
    });
    expect(await firstProblem('newrelic-synthetics-minion-runner-image_trivy.spdx-2.2.json')).toMatchObject({ path: '/packages/0' });
    expect(await firstProblem('powershell-7.2.1_ms-sbom-tool.spdx-2.2.json')).toMatchObject({
      path: '/packages/0/hasFiles',
      message: expect.stringContaining('array'),
    });
    expect(await firstProblem('spdx-examples_example9-gradle-appbomination.spdx-2.2.json')).toMatchObject({
      path: '/packages/3/externalRefs/0/referenceCategory',
      message: expect.stringContaining('PACKAGE_MANAGER'),
    });
  });

  it('projx-client (Dependency-Track issue 2519) keeps duplicate bom-refs apart and lists every XSD error', async () => {
    const r = await parse(path.join(sboms, 'cyclonedx/xml/projx-client-3.5.1_cyclonedx-npm_dt-issue2519.cdx-1.5.xml'), 'warn');
    if (!r.ok) throw new Error(r.message);
    expect(new Set(r.sbom.components.map((c) => c.bomRef)).size).toBe(2184);
    expect(r.sbom.warnings.filter((w) => w.message.includes('Element')).length).toBeGreaterThanOrEqual(240);
  });

  it('rejects truncated JSON and trailing garbage with their position, whatever the mode', async () => {
    expect(await parse(path.join(sboms, 'edge-cases/cdx_truncated-invalid-json.json'), 'warn')).toMatchObject({
      ok: false,
      status: 400,
      code: 'INVALID_JSON',
      details: [{ path: 'line 2 column 28' }],
    });
    expect(await parse(path.join(sboms, 'edge-cases/spdx-2.2_PSReadLine-2.2.6_trailing-garbage.spdx.json'), 'warn')).toMatchObject({
      ok: false,
      status: 400,
      code: 'INVALID_JSON',
      details: [{ path: 'line 2765 column 1' }],
    });
  });

  it('keeps the control characters of escaped JSON strings', async () => {
    const r = await parse(path.join(sboms, 'edge-cases/spdx-2.x_ControlCharacters.spdx.json'), 'strict');
    expect(r.ok && r.sbom.components[0]?.name).toBe('go');
  });

  const schemaTests = path.join(sboms, 'cyclonedx-schema-tests');
  const vectors = readdirSync(schemaTests).flatMap((v) =>
    ['valid', 'invalid'].flatMap((kind) => readdirSync(path.join(schemaTests, v, kind)).map((f) => path.join(schemaTests, v, kind, f))),
  );

  it.each(vectors.filter((f) => path.basename(f).startsWith('invalid-')))('rejects %s in strict mode, naming the problem', async (file) => {
    const r = await parse(file, 'strict');
    expect(r).toMatchObject({ ok: false, status: 400 });
    if (!r.ok) {
      expect(r.details.length).toBeGreaterThan(0);
      expect(r.message).toMatch(/conform|not valid|not supported|not a CycloneDX|DTD/);
    }
  });

  // The jsf-0.82 `oneOf` ambiguity the SOURCES notes describe does not arise with the schemas the
  // CycloneDX library ships: valid-signatures-* and valid-attestation/standard-1.6 pass too.
  it.each(vectors.filter((f) => path.basename(f).startsWith('valid-')))('accepts %s in strict mode', async (file) => {
    const r = await parse(file, 'strict');
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  });
});
