import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseSbom } from '../../src/inventory/parsers/index.ts';
import type { ValidationMode } from '../../src/inventory/sbom-model.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

const parse = (file: string, validation: ValidationMode) =>
  parseSbom(readFileSync(file), { validation, maxBytes: 50 * 1024 * 1024 });

/**
 * Component counts as the documents state them (SOURCES-sboms-identifiers.md "Checked:" notes):
 * CycloneDX: every component, nested ones included, metadata.component excluded; SPDX: every
 * package less those the document DESCRIBES (the product itself). `warn` marks the real SBOMs
 * that break their own schema: strict mode rejects them.
 */
const VALID: [file: string, components: number, mode?: 'warn'][] = [
  ['cyclonedx/json/cbom-example-with-dependencies.cdx-1.6.json', 3],
  ['cyclonedx/json/dependency-track-apiserver-4.5.0_maven.cdx-1.4.json', 132],
  ['cyclonedx/json/fluentd-image_trivy.cdx-1.5.json', 161],
  ['cyclonedx/json/fluentd-image_trivy.cdx-1.6.json', 161],
  ['cyclonedx/json/ghidra-10.2.2.cdx-1.4.json', 109],
  ['cyclonedx/json/harp-0.2.10-darwin-amd64_cyclonedx-gomod.cdx-1.4.json', 705],
  ['cyclonedx/json/hbom-pcie-sata-adapter-board.cdx-1.4.json', 6],
  ['cyclonedx/json/juice-shop-11.1.2_cyclonedx-npm_bare.cdx-1.4.json', 1115],
  ['cyclonedx/json/laravel-7.12.0.cdx-1.4.json', 62],
  ['cyclonedx/json/minikube-1.27-kbom_trivy.cdx-1.5.json', 18],
  ['cyclonedx/json/nodegoat-1.3.0_cdxgen.cdx-1.5.json', 1060],
  ['cyclonedx/json/proton-bridge-1.8.0.cdx-1.2.json', 201],
  ['cyclonedx/json/redis-commander_cyclonedx-npm.cdx-1.4.json', 514],
  ['cyclonedx/json/regression-issue702_poetry_cyclonedx-py.cdx-1.6.json', 63],
  ['cyclonedx/json/saasbom-apigateway-microservices-datastores.cdx-1.4.json', 0],
  ['cyclonedx/json/trivy-test-image_dt-issue4455.cdx-1.6.json', 23],
  ['cyclonedx/json/vuln-spring_cdxgen.cdx-1.5.json', 88],
  // XML notes count component elements including metadata's: one less here.
  ['cyclonedx/xml/dropwizard-1.3.15.cdx-1.2.xml', 167],
  ['cyclonedx/xml/dt-unit-bom-1.cdx-1.5.xml', 1],
  ['cyclonedx/xml/elixir-image_syft.cdx-1.4.xml', 584],
  ['cyclonedx/xml/laravel-7.12.0.cdx-1.4.xml', 62],
  // 253 XSD errors (properties out of order, 12 duplicate bom-refs, a bad URL); every element kept.
  ['cyclonedx/xml/projx-client-3.5.1_cyclonedx-npm_dt-issue2519.cdx-1.5.xml', 2184, 'warn'],
  ['cyclonedx/xml/regression-issue702_poetry_cyclonedx-py.cdx-1.6.xml', 63],
  ['cyclonedx/xml/traefik-image_syft.cdx-1.4.xml', 266],
  ['spdx/json/SPDXJSONExample-v2.2.spdx.json', 3],
  ['spdx/json/SPDXJSONExample-v2.3.spdx.json', 3],
  ['spdx/json/centos-7-image_trivy.spdx.json', 3, 'warn'],
  ['spdx/json/constellation-2.2.2_syft.spdx-2.2.json', 1303, 'warn'],
  ['spdx/json/flux-0.26.3_syft.spdx-2.2.json', 244, 'warn'],
  ['spdx/json/ibmcom-mcm-application-ui-image_syft.spdx-2.3.json', 1663],
  ['spdx/json/julia_manual.spdx-2.2.json', 33],
  ['spdx/json/newrelic-synthetics-minion-runner-image_trivy.spdx-2.2.json', 3952, 'warn'],
  ['spdx/json/powershell-7.2.1_ms-sbom-tool.spdx-2.2.json', 330, 'warn'],
  ['spdx/json/spdx-examples_example10-python-hello-source.spdx-2.3.json', 0],
  ['spdx/json/spdx-examples_example11-rust-hello-server.spdx-2.3.json', 3],
  ['spdx/json/spdx-examples_example14-maven-enriched.spdx-2.3.json', 5],
  ['spdx/json/spdx-examples_example7-go-bin.spdx-2.2.json', 0],
  ['spdx/json/spdx-examples_example9-gradle-appbomination.spdx-2.2.json', 6, 'warn'],
  ['spdx/tag-value/SPDXTagExample-v2.2.spdx', 3],
  ['spdx/tag-value/SPDXTagExample-v2.3.spdx', 3],
  // trivy leaves out PackageDownloadLocation, mandatory in SPDX 2.2.
  ['spdx/tag-value/centos-7-image_trivy.spdx', 3, 'warn'],
  ['spdx/tag-value/flux-0.26.3_syft.spdx', 244],
  ['spdx/tag-value/istio-release_bom.spdx', 3428],
  ['spdx/tag-value/kubernetes-1.25.4-release_bom.spdx', 105],
  ['spdx/tag-value/spdx-examples_example6-bin.spdx', 0],
  ['spdx/tag-value/spdx-examples_example6-lib.spdx', 4],
  // The dataset is a dataset_DatasetPackage, a software_Package subclass; the AI package is the subject.
  ['spdx/3.0-jsonld/spdx-examples_ai-example02.spdx3.json', 1],
  ['spdx/3.0-jsonld/spdx-examples_example11-rust-hello-server.spdx3.json', 3],
  ['spdx/3.0-jsonld/spdx-examples_example12-ruby-hello-src.spdx3.json', 0],
  ['spdx/3.0-jsonld/spdx-examples_example14-maven-enriched.spdx3.json', 5],
  ['spdx/3.0-jsonld/spdx-examples_example9-gradle-appbomination.spdx3.json', 6],
  ['spdx/3.0-jsonld/spdx-spec-3.0.1_package_sbom.spdx3.json', 0],
  ['edge-cases/ascii-boxes_cdx-1.4_no-purls.json', 2],
  ['edge-cases/cdx-1.4_component-without-purl-or-version.json', 1],
  ['edge-cases/cdx-1.4_empty-components.json', 0],
  ['edge-cases/cdx-1.4_metadata-only-no-components.json', 0],
  ['edge-cases/spdx-2.2_INVALID_trivy-vmware-log-intelligence-fluentd.spdx.json', 514, 'warn'],
  ['edge-cases/spdx-2.x_ControlCharacters.spdx.json', 1],
  ['edge-cases/spdx-2.x_SPDXJSONExample-UTF-16.spdx.json', 3],
  ['edge-cases/spdx-2.x_SPDXLite.spdx', 1],
];

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
    expect(await firstProblem('constellation-2.2.2_syft.spdx-2.2.json')).toMatchObject({ path: '/packages/0', message: expect.stringContaining('copyrightText') });
    expect(await firstProblem('newrelic-synthetics-minion-runner-image_trivy.spdx-2.2.json')).toMatchObject({ path: '/packages/0' });
    expect(await firstProblem('powershell-7.2.1_ms-sbom-tool.spdx-2.2.json')).toMatchObject({ path: '/packages/0/hasFiles', message: expect.stringContaining('array') });
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
      ok: false, status: 400, code: 'INVALID_JSON', details: [{ path: 'line 2 column 28' }],
    });
    expect(await parse(path.join(sboms, 'edge-cases/spdx-2.2_PSReadLine-2.2.6_trailing-garbage.spdx.json'), 'warn')).toMatchObject({
      ok: false, status: 400, code: 'INVALID_JSON', details: [{ path: 'line 2765 column 1' }],
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
