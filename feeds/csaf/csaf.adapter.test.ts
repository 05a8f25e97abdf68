import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import type { Advisory } from '../../src/vulns/index.ts';
import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { csafAdapter } from './csaf.adapter.ts';
import { sign, signingKey } from './testdata/signing.ts';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');

const sha = (alg: 'sha256' | 'sha512', b: Buffer): string => createHash(alg).update(b).digest('hex');

async function normalizeFile(name: string): Promise<Advisory[]> {
  const data = JSON.parse(await readFile(path.join(testdata, name), 'utf8')) as unknown;
  const r = csafAdapter.normalize({ location: name, data });
  if (!r.ok) throw new Error(r.message);
  return r.value.flatMap((f) => (f.kind === 'advisory' ? [f.advisory] : []));
}

describe('csaf normalize', () => {
  let advisories: Advisory[] = [];
  beforeAll(async () => {
    advisories = await normalizeFile('acme-vex-2024-0001.json');
  });
  const log4j = (): Advisory => advisories[0]!;

  it('makes one advisory per vulnerability, keyed by tracking id and CVE, other id or index', () => {
    expect(advisories.map((a) => a.sourceId)).toEqual(['ACME-VEX-2024-0001#CVE-2021-44228', 'ACME-VEX-2024-0001#ACME-BUG-77', 'ACME-VEX-2024-0001#2']);
    expect(advisories.map((a) => a.cves)).toEqual([['CVE-2021-44228'], [], []]);
    expect(log4j()).toMatchObject({
      source: 'csaf',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      related: ['ACME-VEX-2024-0001'],
      published: '2024-06-01T10:00:00.000Z',
      modified: '2024-06-02T10:00:00.000Z',
      cwes: ['CWE-502'],
      titles: [{ lang: 'en', text: 'Acme Gateway: log4j' }],
      descriptions: [{ lang: 'en', text: 'JNDI lookups in log4j-core allow remote code execution.' }],
    });
    expect(advisories[1]!.titles.map((t) => t.text)).toEqual(['Acme Gateway: log4j', 'Weak default password']);
  });

  it.each([
    {
      ids: ['GHSA-jfh8-c2jp-5v3q', 'CSCwk67262'],
      aliases: ['GHSA-jfh8-c2jp-5v3q', 'CSCwk67262'],
      related: [],
      why: 'vendor ids declared as the vulnerability',
    },
    { ids: ['NN-2025:1-01'], aliases: [], related: ['NN-2025:1-01'], why: "the document's own tracking id (NN-2025:1-01, Nozomi Networks)" },
    {
      ids: ['2268273', 'https://bugzilla.redhat.com/show_bug.cgi?id=2031667'],
      aliases: [],
      related: ['2268273', 'https://bugzilla.redhat.com/show_bug.cgi?id=2031667'],
      why: 'bare tracker numbers and URLs (Red Hat CSAF)',
    },
  ])('ids become aliases only when they name the vulnerability: $why', ({ ids, aliases, related }) => {
    const doc = JSON.parse(
      JSON.stringify({
        document: { tracking: { id: 'NN-2025:1-01', current_release_date: '2025-01-01T00:00:00Z' } },
        vulnerabilities: [{ cve: 'CVE-2024-13089', ids: ids.map((text) => ({ system_name: 'x', text })) }],
      }),
    ) as unknown;
    const r = csafAdapter.normalize({ location: 'doc.json', data: doc });
    const a = r.ok ? r.value[0] : undefined;
    expect(a?.kind === 'advisory' && a.advisory).toMatchObject({ aliases, related: [...new Set(['NN-2025:1-01', ...related])] });
  });

  it('keeps one severity per distinct vector, attributed to the publisher', () => {
    expect(log4j().severities).toEqual([
      { source: 'csaf:Acme PSIRT', type: 'CVSS_V3', version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10, rating: 'critical' },
    ]);
  });

  it('resolves the product tree: CPE ranges, exact CPEs, free-text ranges, purls, relationships, unknown ids', () => {
    const a = log4j().affected;
    expect(a).toContainEqual({
      kind: 'cpe',
      status: 'affected',
      configuration: {
        operator: 'OR',
        negate: false,
        nodes: [
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:h:acme:gateway:*:*:*:*:*:*:*:*', versionStartIncluding: '2.0', versionEndExcluding: '2.4' }],
          },
        ],
      },
    });
    expect(a).toContainEqual({
      kind: 'cpe',
      status: 'fixed',
      configuration: {
        operator: 'OR',
        negate: false,
        nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:h:acme:gateway:2.4:*:*:*:*:*:*:*' }] }],
      },
    });
    expect(a).toContainEqual({
      kind: 'product',
      vendor: 'Acme',
      product: 'Gateway',
      versionText: '<= 1.4',
      bounds: [{ versionEndIncluding: '1.4' }],
      parsed: true,
      status: 'affected',
    });
    expect(a).toContainEqual({
      kind: 'package',
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      ranges: [],
      versions: [],
      vers: 'vers:maven/<2.17.0',
      status: 'affected',
    });
    // The relationship stands for the component (log4j-core 2.17.1) inside the gateway.
    expect(a).toContainEqual({
      kind: 'package',
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
      ranges: [],
      versions: ['2.17.1'],
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
    });
    // Free text that does not parse stays a named product, never a package matching every version.
    expect(a).toContainEqual(
      expect.objectContaining({
        kind: 'product',
        product: 'Gateway',
        versionText: 'legacy builds',
        parsed: false,
        status: 'not_affected',
        justification: 'Legacy builds never shipped log4j.',
      }),
    );
    expect(a).toContainEqual(expect.objectContaining({ kind: 'product', product: 'UNLISTED-PRODUCT', parsed: false, status: 'under_investigation' }));
  });

  it('keeps remediations with the products they apply to, groups expanded', () => {
    expect(log4j().remediations).toEqual([
      { category: 'vendor_fix', details: 'Update to 2.4.', url: 'https://acme.example/dl', appliesTo: ['GW-2'] },
      { category: 'no_fix_planned', details: 'End of life.', appliesTo: ['GW-1', 'GW-LEGACY'] },
    ]);
  });

  it('keeps references of the vulnerability and of the document', () => {
    expect(log4j().references.map((r) => r.url)).toEqual([
      'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      'https://acme.example/csaf/acme-vex-2024-0001.json',
    ]);
  });

  it('labels text in other languages with its own tag', async () => {
    const [a] = await normalizeFile('acme-amber-2024-0002.json');
    expect(a!.descriptions).toEqual([{ lang: 'en', text: 'Noch nicht öffentlich.', originalLang: 'de' }]);
  });

  it.each([
    [{ nope: 1 }, 'CSAF_NOT_A_DOCUMENT'],
    [{ document: { tracking: { current_release_date: '2024-01-01T00:00:00Z' } } }, 'CSAF_NO_TRACKING_ID'],
    [{ document: { tracking: { id: 'X-1', current_release_date: 'soon' } } }, 'CSAF_NO_DATE'],
    [{ document: { tracking: { id: 'X-1', current_release_date: '2024-01-01T00:00:00Z' } }, vulnerabilities: [{}, 'oops'] }, 'CSAF_BAD_VULNERABILITY'],
  ])('returns an error for %j', (data, code) => {
    expect(csafAdapter.normalize({ location: 'x.json', data })).toMatchObject({ ok: false, code });
  });

  it('reads a note whose category is a deeply nested list as no description (String() of it overflowed the stack)', () => {
    let category: unknown = 'description';
    for (let i = 0; i < 20_000; i++) category = [category];
    const vulnerabilities = [{ cve: 'CVE-2024-0001', notes: [{ category, text: 'x' }] }];
    const data = { document: { tracking: { id: 'X-1', current_release_date: '2024-01-01T00:00:00Z' } }, vulnerabilities };
    const r = csafAdapter.normalize({ location: 'x.json', data });
    expect(r.ok && r.value.map((f) => f.kind === 'advisory' && f.advisory.descriptions)).toEqual([[]]);
  });
});

describe('csaf readDump', () => {
  let dir = '';
  let records: RawRecord[] = [];
  let rejected: RejectedRecord[] = [];

  async function read(options?: { providers: []; allowedTlp?: string[] }): Promise<void> {
    records = [];
    rejected = [];
    for await (const r of csafAdapter.readDump(dir, silentLogger(), options)) {
      if ('rejected' in r) rejected.push(r.rejected);
      else records.push(r);
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kanshi-csaf-'));
    const provider = path.join(dir, 'acme');
    await mkdir(path.join(provider, 'openpgp'), { recursive: true });
    await mkdir(path.join(provider, 'white/2024'), { recursive: true });
    await mkdir(path.join(dir, 'unsigned'), { recursive: true });
    const trusted = await signingKey();
    const stranger = await signingKey();
    const metadata = JSON.parse(await readFile(path.join(testdata, 'provider-metadata.json'), 'utf8')) as Record<string, unknown>;
    metadata.public_openpgp_keys = [{ fingerprint: trusted.fingerprint, url: 'https://acme.example/openpgp/acme.asc' }];
    await writeFile(path.join(provider, 'provider-metadata.json'), JSON.stringify(metadata));
    // The stranger's key lies beside the trusted one but is not listed in the metadata.
    await writeFile(path.join(provider, 'openpgp/acme.asc'), trusted.publicArmored);
    await writeFile(path.join(provider, 'openpgp/stranger.asc'), stranger.publicArmored);

    const doc = await readFile(path.join(testdata, 'acme-vex-2024-0001.json'));
    const put = async (name: string, body: Buffer, extras: Record<string, string>): Promise<void> => {
      const file = path.join(provider, 'white/2024', name);
      await writeFile(file, body);
      for (const [ext, text] of Object.entries(extras)) await writeFile(`${file}.${ext}`, text);
    };
    await put('good.json', doc, {
      sha256: `${sha('sha256', doc)}  good.json\n`,
      sha512: `${sha('sha512', doc)} good.json`,
      asc: await sign(doc, trusted.privateKey),
    });
    await put('bad-hash.json', doc, { sha512: `${'0'.repeat(128)}  bad-hash.json` });
    await put('bad-signature.json', doc, { asc: await sign(doc, stranger.privateKey) });
    const tampered = Buffer.from(doc.toString('utf8').replace('Update to 2.4.', 'Do nothing.'));
    await put('tampered.json', tampered, { asc: await sign(doc, trusted.privateKey) });

    await cp(path.join(testdata, 'acme-amber-2024-0002.json'), path.join(dir, 'unsigned/acme-amber-2024-0002.json'));
    await cp(path.join(testdata, 'truncated.json'), path.join(dir, 'unsigned/truncated.json'));
    await cp(path.join(testdata, 'broken-no-tracking.json'), path.join(dir, 'unsigned/broken-no-tracking.json'));
    await writeFile(path.join(dir, 'unsigned/no-key.json'), doc);
    await writeFile(path.join(dir, 'unsigned/no-key.json.asc'), await sign(doc, stranger.privateKey));
    await read();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields documents whose hashes and signature hold, and documents without any to check', () => {
    expect(records.map((r) => [r.location, r.id])).toEqual([
      ['acme/white/2024/good.json', 'ACME-VEX-2024-0001'],
      ['unsigned/broken-no-tracking.json', undefined],
      // No key of its provider in the dump: the signature cannot be checked, the document is kept.
      ['unsigned/no-key.json', 'ACME-VEX-2024-0001'],
    ]);
  });

  it('rejects failed hash and signature checks and unreadable JSON, with the reason', () => {
    expect(rejected).toEqual([
      { location: 'acme/white/2024/bad-hash.json', reason: expect.stringMatching(/^sha512 mismatch/) },
      { location: 'acme/white/2024/bad-signature.json', reason: expect.stringMatching(/does not verify/) },
      { location: 'acme/white/2024/tampered.json', reason: expect.stringMatching(/does not verify/) },
      { location: 'unsigned/truncated.json', reason: expect.stringMatching(/^not JSON/) },
    ]);
  });

  it('skips TLP:AMBER unless allowed', async () => {
    expect(records.some((r) => r.id === 'ACME-2024-0002')).toBe(false);
    await read({ providers: [], allowedTlp: ['TLP:AMBER'] });
    expect(records.some((r) => r.id === 'ACME-2024-0002')).toBe(true);
  });

  it('leaves provider metadata and other JSON alone', () => {
    expect(records.some((r) => r.location.endsWith('provider-metadata.json'))).toBe(false);
  });
});
