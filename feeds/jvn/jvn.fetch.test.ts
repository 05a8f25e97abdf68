import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { testFeedContext } from '../../test/support/simple-http-client.ts';
import type { FetchBatch } from '../feed-adapter.ts';
import { jvnAdapter, type JvnOptions } from './jvn.adapter.ts';

const vulinfo = (id: string): string => `
  <Vulinfo>
    <VulinfoID>${id}</VulinfoID>
    <VulinfoData>
      <Title>${id} の脆弱性</Title>
      <DateLastUpdated>2024-05-03T09:00:00+09:00</DateLastUpdated>
    </VulinfoData>
  </Vulinfo>`;

const status = (attrs: string): string => `<status:Status version="3.3" ${attrs}/>`;

const vuldef = (ids: string[], statusAttrs = 'retCd="0"'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<VULDEF-Document version="3.2" xmlns="http://jvn.jp/vuldef/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status" xml:lang="ja">
${ids.map(vulinfo).join('')}
${status(statusAttrs)}
</VULDEF-Document>`;

const overview = (ids: string[], totalRes: number, retCd = '0'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status" xml:lang="ja">
${ids
  .map(
    (id) => `<item rdf:about="https://jvndb.jvn.jp/ja/contents/${id}.html"><title>${id}</title><sec:identifier>${id}</sec:identifier>
  <dcterms:modified>2024-06-01T10:00:00+09:00</dcterms:modified></item>`,
  )
  .join('\n')}
${status(`retCd="${retCd}" errCd="${retCd === '0' ? '' : 'E1'}" errMsg="${retCd === '0' ? '' : 'bad parameter'}" totalRes="${totalRes}" totalResRet="${ids.length}"`)}
</rdf:RDF>`;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What the fake jvndb.jvn.jp serves; tests change it between syncs. */
interface Site {
  yearly: Record<string, string>;
  /** sha256 published in checksum.txt, when it should differ from the file's real one. */
  listed?: Record<string, string>;
  recent: string[];
  apiError?: boolean;
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(site: Site): Promise<LocalServer> {
  server = await startLocalServer((url, _req, res) => {
    const send = (body: string, type = 'application/xml'): void => {
      res.writeHead(200, { 'content-type': type }).end(body);
    };
    if (url.pathname === '/ja/feed/checksum.txt') {
      const list = Object.entries(site.yearly).map(([filename, body]) => ({
        url: `https://jvndb.jvn.jp/ja/feed/detail/${filename}`,
        filename,
        sha256: site.listed?.[filename] ?? sha256(body),
        size: body.length,
        lastModified: '2024/06/01 09:00:00',
      }));
      list.push({ url: 'https://jvndb.jvn.jp/ja/rss/jvndb.rdf', filename: 'jvndb.rdf', sha256: 'ff', size: 1, lastModified: '' });
      return send(JSON.stringify(list), 'text/plain');
    }
    const yearly = site.yearly[url.pathname.replace('/ja/feed/detail/', '')];
    if (yearly !== undefined) return send(yearly);
    if (url.pathname === '/myjvn') {
      const q = url.searchParams;
      if (q.get('method') === 'getVulnOverviewList') {
        const start = Number(q.get('startItem'));
        const max = Number(q.get('maxCountItem'));
        return send(overview(site.recent.slice(start - 1, start - 1 + max), site.recent.length, site.apiError ? '1' : '0'));
      }
      if (q.get('method') === 'getVulnDetailInfo') return send(vuldef((q.get('vulnId') ?? '').split(' ')));
    }
    res.writeHead(404).end();
  });
  return server;
}

async function sync(srv: LocalServer, checkpoint: string | null, options: Partial<JvnOptions> = {}): Promise<FetchBatch[]> {
  const ctx = testFeedContext<JvnOptions>({ baseUrl: srv.url, overviewPageSize: 2, detailBatchSize: 2, ...options }, new Date('2024-06-10T20:00:00Z'));
  const batches: FetchBatch[] = [];
  for await (const b of jvnAdapter.fetch(ctx, checkpoint)) batches.push(b);
  return batches;
}

const ids = (batches: FetchBatch[]): (string | undefined)[] => batches.flatMap((b) => b.records.map((r) => r.id));
const paths = (srv: LocalServer): string[] => srv.requests.map((r) => (r.url.pathname === '/myjvn' ? `${r.url.searchParams.get('method')}` : r.url.pathname));

describe('jvn fetch', () => {
  const site = (): Site => ({
    yearly: {
      'jvndb_detail_2023.rdf': vuldef(['JVNDB-2023-000001', 'JVNDB-2023-000002']),
      'jvndb_detail_2024.rdf': vuldef(['JVNDB-2024-000001']),
    },
    recent: ['JVNDB-2024-000010', 'JVNDB-2024-000011', 'JVNDB-2024-000012'],
  });

  it('imports every yearly feed, then pages the overview list and fetches details in batches', async () => {
    const srv = await serve(site());
    const batches = await sync(srv, null);
    expect(ids(batches)).toEqual([
      'JVNDB-2023-000001',
      'JVNDB-2023-000002',
      'JVNDB-2024-000001',
      'JVNDB-2024-000010',
      'JVNDB-2024-000011',
      'JVNDB-2024-000012',
    ]);
    expect(paths(srv)).toEqual([
      '/ja/feed/checksum.txt',
      '/ja/feed/detail/jvndb_detail_2023.rdf',
      '/ja/feed/detail/jvndb_detail_2024.rdf',
      'getVulnOverviewList',
      'getVulnOverviewList',
      'getVulnDetailInfo',
      'getVulnDetailInfo',
    ]);
    const pages = srv.requests.filter((r) => r.url.searchParams.get('method') === 'getVulnOverviewList').map((r) => r.url.searchParams);
    expect(pages.map((q) => [q.get('startItem'), q.get('maxCountItem')])).toEqual([
      ['1', '2'],
      ['3', '2'],
    ]);
    // No checkpoint: one week back from today in Japan (2024-06-11 JST).
    expect(Object.fromEntries(pages[0]!)).toMatchObject({
      feed: 'hnd',
      rangeDatePublished: 'n',
      rangeDatePublic: 'n',
      rangeDateFirstPublished: 'n',
      datePublishedStartY: '2024',
      datePublishedStartM: '6',
      datePublishedStartD: '4',
    });
    const details = srv.requests.filter((r) => r.url.searchParams.get('method') === 'getVulnDetailInfo');
    expect(details.map((r) => r.url.search.match(/vulnId=([^&]*)/)?.[1])).toEqual(['JVNDB-2024-000010+JVNDB-2024-000011', 'JVNDB-2024-000012']);

    const cps = batches.map((b) => JSON.parse(b.checkpoint));
    expect(cps.at(-1)).toEqual({
      checksums: {
        'jvndb_detail_2023.rdf': sha256(site().yearly['jvndb_detail_2023.rdf']!),
        'jvndb_detail_2024.rdf': sha256(site().yearly['jvndb_detail_2024.rdf']!),
      },
      since: '2024-06-11',
    });
    // The overview date only moves once every detail batch is in.
    expect(cps.at(-2)?.since).toBeUndefined();
  });

  it('downloads again only the yearly feeds whose checksum changed, and resumes from the stored day', async () => {
    const first = site();
    const srv1 = await serve(first);
    const checkpoint = (await sync(srv1, null)).at(-1)!.checkpoint;
    await srv1.close();

    const second = site();
    second.yearly['jvndb_detail_2024.rdf'] = vuldef(['JVNDB-2024-000001', 'JVNDB-2024-000002']);
    second.recent = [];
    const srv2 = await serve(second);
    const batches = await sync(srv2, checkpoint);
    expect(paths(srv2)).toEqual(['/ja/feed/checksum.txt', '/ja/feed/detail/jvndb_detail_2024.rdf', 'getVulnOverviewList']);
    expect(ids(batches)).toEqual(['JVNDB-2024-000001', 'JVNDB-2024-000002']);
    expect(srv2.requests[2]!.url.searchParams.get('datePublishedStartD')).toBe('11');
    expect(JSON.parse(batches.at(-1)!.checkpoint).checksums['jvndb_detail_2024.rdf']).toBe(sha256(second.yearly['jvndb_detail_2024.rdf']!));
  });

  it('does not record a yearly feed whose body does not match checksum.txt', async () => {
    const s = site();
    s.listed = { 'jvndb_detail_2024.rdf': 'a'.repeat(64) };
    const srv = await serve(s);
    const cp = JSON.parse((await sync(srv, null)).at(-1)!.checkpoint);
    expect(Object.keys(cp.checksums)).toEqual(['jvndb_detail_2023.rdf']);
  });

  it('can skip the yearly feeds', async () => {
    const srv = await serve(site());
    await sync(srv, null, { yearlyFeeds: false });
    expect(paths(srv)[0]).toBe('getVulnOverviewList');
  });

  it('fails the sync on a MyJVN error status', async () => {
    const s = site();
    s.apiError = true;
    const srv = await serve(s);
    await expect(sync(srv, null, { yearlyFeeds: false })).rejects.toThrow(/MyJVN error E1: bad parameter/);
  });
});
