import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect, it } from 'vitest';
import { decodeSbomBytes } from '../../src/inventory/parsers/decode.ts';
import { parseJsonText } from '../../src/inventory/parsers/json-text.ts';
import { SPDX_JSON_VERSIONS, spdxJsonViolations, type SpdxJsonVersion } from '../../src/inventory/parsers/spdx-json.ts';
import { spdxJsonSchema } from '../../src/inventory/parsers/spdx-schemas.ts';
import { describeWithFixtures } from '../support/fixtures.ts';

/**
 * Differential conformance: our SPDX 2.2/2.3 JSON schemas against the official ones
 * (spdx/spdx-spec `schemas/spdx-schema.json`, kept in the shared fixtures only). Over every real
 * SPDX 2.x JSON SBOM, and over mutations of the valid ones, both must reach the same verdict,
 * except where a named rule below says why ours is stricter.
 */

type Json = Record<string, unknown>;
type Key = string | number;

/** Files of the scanned directories that are not JSON at all, so neither schema ever sees them. */
const NOT_JSON: Record<string, string> = {
  'edge-cases/cdx_truncated-invalid-json.json': 'truncated JSON, rejected as INVALID_JSON',
  'edge-cases/spdx-2.2_PSReadLine-2.2.6_trailing-garbage.spdx.json': 'data after the document, rejected as INVALID_JSON',
  'edge-cases/spdx-2.x_SPDXLite.spdx': 'tag-value, read by the tag-value parser',
};

/** The real SBOMs the official schemas reject (SOURCES-sboms-identifiers.md, "Real SBOMs that fail"). */
const OFFICIALLY_INVALID = [
  'edge-cases/spdx-2.2_INVALID_trivy-vmware-log-intelligence-fluentd.spdx.json',
  'spdx/json/centos-7-image_trivy.spdx.json',
  'spdx/json/constellation-2.2.2_syft.spdx-2.2.json',
  'spdx/json/flux-0.26.3_syft.spdx-2.2.json',
  'spdx/json/newrelic-synthetics-minion-runner-image_trivy.spdx-2.2.json',
  'spdx/json/powershell-7.2.1_ms-sbom-tool.spdx-2.2.json',
  'spdx/json/spdx-examples_example9-gradle-appbomination.spdx-2.2.json',
];

const REMOVE = Symbol('remove');

interface Mutation {
  name: string;
  /** Where to change the document; undefined when it has no such part (the mutation does not apply). */
  at: (doc: Json) => Key[] | undefined;
  /** The new value from the old one, or REMOVE to drop the field. */
  change: (old: unknown) => unknown;
}

const has = (node: unknown, key: Key): boolean => typeof node === 'object' && node !== null && key in node;
const list = (doc: Json, key: string): Json[] => (Array.isArray(doc[key]) ? (doc[key] as Json[]) : []);

/** The path to `field` of the first element of `doc[array]` that has it (or, with `always`, of the first element). */
function inFirst(array: string, field: string, options: { always?: boolean; inside?: string } = {}) {
  return (doc: Json): Key[] | undefined => {
    const items = list(doc, array);
    if (options.inside) {
      const inside = options.inside;
      const i = items.findIndex((item) => Array.isArray(item[inside]) && has((item[inside] as unknown[])[0], field));
      return i < 0 ? undefined : [array, i, inside, 0, field];
    }
    const i = options.always ? (items.length > 0 ? 0 : -1) : items.findIndex((item) => has(item, field));
    return i < 0 ? undefined : [array, i, field];
  };
}

const top =
  (field: string, ...rest: Key[]) =>
  (doc: Json): Key[] | undefined => {
    let node: unknown = doc;
    for (const key of [field, ...rest].slice(0, -1)) node = has(node, key) ? (node as Json)[key] : undefined;
    return node === undefined ? undefined : [field, ...rest];
  };

const drop = (name: string, at: Mutation['at']): Mutation => ({ name: `drop ${name}`, at, change: () => REMOVE });
const set = (name: string, at: Mutation['at'], value: unknown): Mutation => ({ name, at, change: () => value });

/** Drop each field of the first element of `array` that has it. */
const dropEach = (label: string, array: string, fields: string[]): Mutation[] => fields.map((field) => drop(`${label} ${field}`, inFirst(array, field)));
/** Set `field` of the first element that has one to each value. */
const setEach = (field: string, at: Mutation['at'], values: unknown[]): Mutation[] =>
  values.map((value) => set(`${field} ${JSON.stringify(value)}`, at, value));
const externalRef = (field: string) => inFirst('packages', field, { inside: 'externalRefs' });

const MUTATIONS: Mutation[] = [
  // Required fields.
  ...['SPDXID', 'name', 'dataLicense', 'creationInfo'].map((field) => drop(`document ${field}`, top(field))),
  drop('creationInfo.created', top('creationInfo', 'created')),
  drop('creationInfo.creators', top('creationInfo', 'creators')),
  ...dropEach('package', 'packages', ['SPDXID', 'name', 'downloadLocation', 'licenseConcluded', 'licenseDeclared', 'copyrightText']),
  drop('externalRef referenceLocator', externalRef('referenceLocator')),
  drop('package checksum value', inFirst('packages', 'checksumValue', { inside: 'checksums' })),
  ...dropEach('file', 'files', ['fileName', 'checksums', 'licenseConcluded', 'copyrightText']),
  ...dropEach('snippet', 'snippets', ['ranges', 'copyrightText']),
  ...dropEach('relationship', 'relationships', ['relationshipType', 'relatedSpdxElement']),
  drop('annotation annotator', inFirst('annotations', 'annotator')),
  // Enumerations, some of them valid in one version only.
  ...setEach('referenceCategory', externalRef('referenceCategory'), ['PACKAGE-MANAGER', 'PACKAGE_MANAGER', 'PERSISTENT-ID', 'security']),
  ...setEach('relationshipType', inFirst('relationships', 'relationshipType'), ['DEPENDS_UPON', 'SPECIFICATION_FOR']),
  ...setEach('package checksum algorithm', inFirst('packages', 'algorithm', { inside: 'checksums' }), ['SHA3-256', 'sha1']),
  ...setEach('file checksum algorithm', inFirst('files', 'algorithm', { inside: 'checksums' }), ['BLAKE3']),
  ...setEach('primaryPackagePurpose', inFirst('packages', 'primaryPackagePurpose', { always: true }), ['LIBRARY', 'LIB']),
  ...setEach('fileTypes', inFirst('files', 'fileTypes', { always: true }), [['EXECUTABLE']]),
  ...setEach('annotationType', inFirst('annotations', 'annotationType'), ['APPROVAL']),
  // Types.
  ...setEach('filesAnalyzed', inFirst('packages', 'filesAnalyzed', { always: true }), ['false']),
  ...setEach('hasFiles', inFirst('packages', 'hasFiles', { always: true }), [null, 'SPDXRef-File']),
  ...setEach('versionInfo', inFirst('packages', 'versionInfo', { always: true }), [1.2]),
  ...setEach('externalRefs', inFirst('packages', 'externalRefs', { always: true }), [{}]),
  ...setEach('creators', top('creationInfo', 'creators'), ['Tool: kanshi', []]),
  ...setEach('packages', top('packages'), [{}]),
  ...setEach('document name', top('name'), [7]),
  ...setEach('unknown package field', inFirst('packages', 'packageUrl', { always: true }), ['pkg:npm/x@1']),
  ...setEach('unknown document field', top('sbomType'), ['build']),
  // Identifiers and the version string.
  ...setEach('package SPDXID', inFirst('packages', 'SPDXID'), [7, 'Package-1', 'SPDXRef-a b']),
  ...setEach('document SPDXID', top('SPDXID'), ['SPDXRef-DOC']),
  ...setEach('relatedSpdxElement', inFirst('relationships', 'relatedSpdxElement'), ['zlib']),
  { name: 'spdxVersion without SPDX-', at: top('spdxVersion'), change: (old) => String(old).replace(/^SPDX-/, '') },
];

/**
 * Where ours knowingly rejects what the official schema accepts, by mutation name (and version
 * when only one is concerned). Every entry must show up, and only as this one-way difference.
 */
const STRICTER: Record<string, string> = {
  'drop creationInfo.creators@2.2':
    'SPDX 2.2 §2.8 makes Creator mandatory (one or more); the official 2.2 schema requires only `created`, which its 2.3 schema corrected',
  'package SPDXID "Package-1"': 'SPDX §3.2 / §7.2 identifiers are `SPDXRef-[idstring]`; the official schemas type them as any string',
  'package SPDXID "SPDXRef-a b"': 'SPDX §3.2 / §7.2 idstring is letters, digits, `.` and `-` only; the official schemas do not check it',
  'document SPDXID "SPDXRef-DOC"': 'SPDX §2.3 / §6.3 fixes the document identifier to SPDXRef-DOCUMENT; the official schemas do not',
  'relatedSpdxElement "zlib"': 'SPDX §7.1 / §11.1 relate `[DocumentRef-…:]SPDXRef-…` identifiers, NONE or NOASSERTION; the official schemas accept any string',
  'spdxVersion without SPDX-': 'SPDX §2.1 / §6.1 spell the version `SPDX-M.N`; the official schemas accept any string',
};

/** A copy of `node` with the value at the path changed or removed; untouched parts are shared, not copied. */
function edit(node: unknown, [key, ...rest]: Key[], change: Mutation['change']): unknown {
  if (key === undefined) return change(node);
  if (Array.isArray(node)) return node.map((item, i) => (i === key ? edit(item, rest, change) : item));
  const copy = { ...(node as Json) };
  const value = edit(copy[key], rest, change);
  if (value === REMOVE) delete copy[key];
  else copy[key] = value;
  return copy;
}

const versionOf = (doc: Json): SpdxJsonVersion => String(doc.spdxVersion).replace(/^SPDX-/, '') as SpdxJsonVersion;
const oursAccepts = (doc: Json, version: SpdxJsonVersion): boolean => spdxJsonViolations(doc, spdxJsonSchema(version)).length === 0;

describeWithFixtures('SPDX 2.x JSON schemas: ours against the official ones', (fixtures) => {
  const official = Object.fromEntries(
    SPDX_JSON_VERSIONS.map((v) => [
      v,
      new Ajv({ strict: false }).compile(JSON.parse(readFileSync(path.join(fixtures, 'schemas/spdx', v, 'spdx-schema.json'), 'utf8')) as object),
    ]),
  ) as Record<SpdxJsonVersion, ValidateFunction>;
  const officialAccepts = (doc: Json, version: SpdxJsonVersion): boolean => official[version](doc);

  const sboms = path.join(fixtures, 'sboms');
  const files = ['spdx/json', 'edge-cases'].flatMap((dir) => readdirSync(path.join(sboms, dir)).map((f) => `${dir}/${f}`));

  async function read(file: string): Promise<Json | undefined> {
    const decoded = await decodeSbomBytes(readFileSync(path.join(sboms, file)), 50 * 1024 * 1024);
    const parsed = decoded.ok ? parseJsonText(decoded.value) : undefined;
    return parsed?.ok ? (parsed.value as Json) : undefined;
  }
  const loaded = Promise.all(files.map(async (file) => ({ file, doc: await read(file) })));
  const corpus = loaded.then((all) =>
    all.flatMap(({ file, doc }) => (doc && (SPDX_JSON_VERSIONS as readonly string[]).includes(versionOf(doc)) ? [{ file, doc, version: versionOf(doc) }] : [])),
  );

  it('reads every scanned file that is JSON; the others are named', async () => {
    expect(
      (await loaded)
        .filter(({ doc }) => !doc)
        .map(({ file }) => file)
        .sort(),
    ).toEqual(Object.keys(NOT_JSON).sort());
    expect((await corpus).filter(({ file }) => file.startsWith('spdx/json/')).length).toBe(readdirSync(path.join(sboms, 'spdx/json')).length);
  });

  it('the official schemas reject exactly the SBOMs the fixture notes list', async () => {
    const rejected = (await corpus).filter(({ doc, version }) => !officialAccepts(doc, version)).map(({ file }) => file);
    expect(rejected.sort()).toEqual(OFFICIALLY_INVALID);
  });

  it('agrees with the official schema on every real SBOM', async () => {
    const verdicts = (await corpus).map(({ file, doc, version }) => ({ file, ours: oursAccepts(doc, version), official: officialAccepts(doc, version) }));
    expect(verdicts.filter((v) => v.ours !== v.official)).toEqual([]);
    expect(verdicts.length).toBe(17);
  });

  it('agrees on every mutation of the valid SBOMs, but for the named stricter rules', async () => {
    const valid = (await corpus).filter(({ doc, version }) => officialAccepts(doc, version) && oursAccepts(doc, version));
    const seen = new Set<string>();
    const disagreements: string[] = [];
    let cases = 0;
    for (const { file, doc, version } of valid) {
      for (const m of MUTATIONS) {
        const at = m.at(doc);
        if (!at) continue;
        const mutated = edit(doc, at, m.change) as Json;
        const [ours, theirs] = [oursAccepts(mutated, version), officialAccepts(mutated, version)];
        cases++;
        const exception = [`${m.name}@${version}`, m.name].find((k) => k in STRICTER);
        if (exception) seen.add(exception);
        const expected = exception ? !ours && theirs : ours === theirs;
        if (!expected) disagreements.push(`${file} / ${m.name}: ours ${ours ? 'valid' : 'invalid'}, official ${theirs ? 'valid' : 'invalid'}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect([...seen].sort()).toEqual(Object.keys(STRICTER).sort());
    expect(valid.length).toBe(10);
    expect(cases).toBe(435);
  });

  it('validates the 4 MB, 1,663-package ibmcom SBOM in well under 200 ms once compiled', async () => {
    const ibmcom = (await corpus).find(({ file }) => file.includes('ibmcom'));
    if (!ibmcom) throw new Error('ibmcom fixture missing');
    oursAccepts(ibmcom.doc, '2.3');
    const runs = Array.from({ length: 5 }, () => {
      const start = performance.now();
      oursAccepts(ibmcom.doc, '2.3');
      return performance.now() - start;
    });
    expect(Math.min(...runs)).toBeLessThan(100);
  });
});
