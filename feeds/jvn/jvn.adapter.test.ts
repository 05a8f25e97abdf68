import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import type { Advisory, AffectedCpe, AffectedProduct } from '../../src/vulns/index.ts';
import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { jvnAdapter } from './jvn.adapter.ts';
import { ofString } from './jvn-records.ts';
import { MAX_XML_DEPTH, splitJvnRecords } from './xml-records.ts';

const dump = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata/dump');

const records: RawRecord[] = [];
const rejected: RejectedRecord[] = [];
const advisories = new Map<string, Advisory[]>();
const errors: { location: string; code: string }[] = [];

beforeAll(async () => {
  for await (const r of jvnAdapter.readDump(dump, silentLogger())) {
    if ('rejected' in r) rejected.push(r.rejected);
    else records.push(r);
  }
  for (const r of records) {
    const n = jvnAdapter.normalize(r);
    if (!n.ok) {
      errors.push({ location: r.location, code: n.code });
      continue;
    }
    for (const f of n.value) {
      if (f.kind !== 'advisory') continue;
      advisories.set(f.advisory.sourceId, [...(advisories.get(f.advisory.sourceId) ?? []), f.advisory]);
    }
  }
});

const one = (id: string, lang: 'ja' | 'en' = 'ja'): Advisory => {
  const a = advisories.get(id)?.find((x) => x.titles.some((t) => t.lang === lang));
  if (!a) throw new Error(`no ${lang} advisory ${id}`);
  return a;
};
const products = (a: Advisory): AffectedProduct[] => a.affected.filter((x): x is AffectedProduct => x.kind === 'product');
const cpes = (a: Advisory): AffectedCpe[] => a.affected.filter((x): x is AffectedCpe => x.kind === 'cpe');

describe('jvn readDump', () => {
  it('splits every VULDEF entry and RSS item, and rejects only what cannot be read', () => {
    expect(records.map((r) => r.id)).toEqual([
      'JVNDB-2024-000502',
      'JVNDB-2024-000401',
      'JVNDB-2024-000101',
      'JVNDB-2024-000102',
      'JVNDB-2024-000103',
      'JVNDB-2024-000104',
      'JVNDB-2024-000105',
      'JVNDB-XXXX',
      'JVNDB-2024-000106',
      'JVNDB-2024-000101',
      'JVNDB-2024-000201',
    ]);
    expect(rejected.map((r) => [path.basename(r.location.split(':')[0]!), r.reason])).toEqual([
      ['bad-markup.rdf', expect.stringMatching(/closing tag|unexpected close tag|unmatched/i)],
      ['truncated.rdf', expect.stringMatching(/ends inside this record/)],
      ['xxe.xml', expect.stringMatching(/DOCTYPE/)],
    ]);
  });

  it('locates each record by file and line', () => {
    expect(records.find((r) => r.id === 'JVNDB-2024-000201')?.location).toBe('rss/jvndb_new.rdf:6');
  });
});

describe('jvn normalize: VULDEF', () => {
  it('keeps every CVE of one entry, dropping what is not a CVE id', () => {
    const a = one('JVNDB-2024-000101');
    expect(a.cves).toEqual(['CVE-2024-10001', 'CVE-2024-10002']);
    expect(a.aliases).toEqual(['JVN#12345678']);
    expect(a.cwes).toEqual(['CWE-400']);
    expect(a.references).toContainEqual({
      url: 'https://www.cve.org/CVERecord?id=CVE-2024-10001',
      type: 'advisory',
      id: 'CVE-2024-10001',
    });
  });

  it('reads titles, dates, CVSS v2/v3/v4 and remediations', () => {
    const a = one('JVNDB-2024-000101');
    expect(a.titles).toEqual([{ lang: 'ja', text: 'Acme Web Server における複数の脆弱性' }]);
    expect(a.descriptions).toEqual([{ lang: 'ja', text: 'Acme Web Server には、複数の脆弱性が存在します。' }]);
    expect(a.published).toBe('2024-02-27T15:00:00.000Z');
    expect(a.modified).toBe('2024-03-05T03:30:00.000Z');
    expect(a.severities.map((s) => [s.type, s.version, s.score, s.rating])).toEqual([
      ['CVSS_V2', '2.0', 5, 'medium'],
      ['CVSS_V3', '3.1', 7.5, 'high'],
      ['CVSS_V4', '4.0', 8.7, 'high'],
    ]);
    expect(a.remediations).toEqual([{ category: 'vendor_fix', details: expect.stringMatching(/^\[アップデートする\]/), appliesTo: [] }]);
    expect(a.flags).toEqual([]);
  });

  it('turns products with a CPE and parsed version text into CPE matches too', () => {
    const a = one('JVNDB-2024-000101');
    expect(products(a)).toEqual([
      {
        kind: 'product',
        vendor: 'Acme',
        product: 'Acme Web Server',
        versionText: '２．４．１ 未満\n3.0 以上 3.0.5 以下',
        bounds: [{ versionEndExcluding: '2.4.1' }, { versionStartIncluding: '3.0', versionEndIncluding: '3.0.5' }],
        parsed: true,
        cpe: 'cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*',
        status: 'affected',
      },
      // A CPE with a space in it is dropped; the product and its versions stay.
      expect.objectContaining({ product: 'Acme Proxy', parsed: true, bounds: [{}] }),
      expect.objectContaining({ product: 'Acme Gateway', parsed: false, bounds: [], cpe: 'cpe:2.3:h:acme:gateway:*:*:*:*:*:*:*:*' }),
    ]);
    expect(products(a)[1]).not.toHaveProperty('cpe');
    expect(cpes(a)).toEqual([
      {
        kind: 'cpe',
        status: 'affected',
        configuration: {
          operator: 'OR',
          negate: false,
          nodes: [
            {
              operator: 'OR',
              negate: false,
              cpeMatch: [
                { vulnerable: true, criteria: 'cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*', versionEndExcluding: '2.4.1' },
                {
                  vulnerable: true,
                  criteria: 'cpe:2.3:a:acme:web_server:*:*:*:*:*:*:*:*',
                  versionStartIncluding: '3.0',
                  versionEndIncluding: '3.0.5',
                },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('keeps a JVN-only entry (no CVE) as a vulnerability of its own', () => {
    const a = one('JVNDB-2024-000102');
    expect(a.cves).toEqual([]);
    expect(a.aliases).toEqual(['JVNVU#99999999']);
    expect(products(a)[0]).toMatchObject({ product: 'Kanshi Router', bounds: [{ versionEndIncluding: '1.2' }], parsed: true });
    expect(cpes(a)).toEqual([]);
  });

  it.each([
    ['JVNDB-2024-000103', ['withdrawn']],
    ['JVNDB-2024-000104', ['unconfirmed']],
    ['JVNDB-2024-000105', ['unsupported']],
    // "ファイルを削除される" in prose is an impact, not a withdrawal marker.
    ['JVNDB-2024-000102', []],
  ])('%s is flagged %j', (id, flags) => {
    expect(one(id).flags).toEqual(flags);
  });

  it('sets withdrawnAt on withdrawn entries', () => {
    expect(one('JVNDB-2024-000103').withdrawnAt).toBe('2024-05-01T00:00:00.000Z');
  });

  it('reads the English feed as English text', () => {
    const a = one('JVNDB-2024-000101', 'en');
    expect(a.titles).toEqual([{ lang: 'en', text: 'Multiple vulnerabilities in Acme Web Server' }]);
    expect(products(a)[0]).toMatchObject({ bounds: [{ versionEndExcluding: '2.4.1' }], parsed: true });
  });

  it('returns an error with location for a malformed entry instead of throwing', () => {
    expect(errors).toEqual([
      { location: expect.stringMatching(/jvndb_detail_2024\.rdf:\d+$/), code: 'JVN_BAD_ID' },
      { location: expect.stringMatching(/jvndb_detail_2024\.rdf:\d+$/), code: 'JVN_NO_DATE' },
    ]);
    expect(jvnAdapter.normalize({ location: 'x', data: { nope: true } })).toMatchObject({ ok: false, code: 'JVN_BAD_RECORD' });
  });
});

describe('jvn normalize: RSS item', () => {
  it('reads identifiers, CVEs, CWE, CPE products and CVSS from sec: elements', () => {
    const a = one('JVNDB-2024-000201');
    expect(a.cves).toEqual(['CVE-2024-20001', 'CVE-2024-20002']);
    expect(a.aliases).toEqual(['JVN#87654321']);
    expect(a.cwes).toEqual(['CWE-79']);
    expect(a.published).toBe('2024-06-01T02:57:00.000Z');
    expect(a.modified).toBe('2024-06-02T02:57:00.000Z');
    expect(a.severities).toEqual([
      { source: 'jvn', type: 'CVSS_V3', version: '3.0', score: 6.1, rating: 'medium', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' },
    ]);
    expect(products(a)).toEqual([
      {
        kind: 'product',
        vendor: 'Acme',
        product: 'Acme Editor',
        versionText: '',
        bounds: [],
        parsed: false,
        cpe: 'cpe:2.3:a:acme:editor:*:*:*:*:*:*:*:*',
        status: 'affected',
      },
    ]);
  });
});

describe('splitJvnRecords on hostile nesting', () => {
  it('refuses a document nested past MAX_XML_DEPTH at once, keeping the records before it (20,000 deep took seconds)', async () => {
    const item = '<item rdf:about="https://jvndb.jvn.jp/x"><title>t</title><identifier>JVNDB-2024-000001</identifier></item>';
    const doc = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">${item}${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</rdf:RDF>`;
    const started = performance.now();
    const events = [];
    for await (const e of splitJvnRecords(ofString(doc))) events.push(e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(events.map((e) => e.kind)).toEqual(['record', 'error']);
    expect(events[1]).toMatchObject({ fatal: true, reason: `elements nested deeper than ${MAX_XML_DEPTH} levels` });
  });
});
