import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDumpAll } from '../../test/support/read-dump.ts';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { testFeedContext } from '../../test/support/simple-http-client.ts';
import type { FetchBatch } from '../feed-adapter.ts';
import { epssAdapter } from './epss.adapter.ts';

const dumpDir = fileURLToPath(new URL('./testdata/dump', import.meta.url));

const readAll = (): ReturnType<typeof readDumpAll> => readDumpAll(epssAdapter, dumpDir);

describe('epssAdapter.readDump and normalize', () => {
  it('reads current and 2021-format files, plain and gzipped, and rejects files it cannot date or read', async () => {
    const { records, rejected } = await readAll();
    expect(records.map((r) => r.location.slice(dumpDir.length))).toEqual([
      '/epss_scores-2099-01-02.csv:3',
      '/epss_scores-2099-01-02.csv:4',
      '/epss_scores-2099-01-02.csv:6',
      '/epss_scores-2099-01-02.csv:7',
      '/old/epss_scores-2099-01-01.csv.gz:2',
      '/old/epss_scores-2099-01-01.csv.gz:3',
    ]);
    expect(rejected.map((r) => [r.location.slice(dumpDir.length), r.reason.split(':')[0]])).toEqual([
      ['/broken/epss_scores-2099-01-03.csv.gz', 'unreadable EPSS file'],
      ['/broken/scores.csv', 'not an EPSS scores file'],
    ]);
  });

  it.each([
    [
      '/epss_scores-2099-01-02.csv:3',
      { ok: true, value: [{ kind: 'epss', score: { cve: 'CVE-2099-0001', epss: 0.97123, percentile: 0.99987, date: '2099-01-02' } }] },
    ],
    // 2021 files: no comment line (date from the file name) and no percentile
    ['/old/epss_scores-2099-01-01.csv.gz:2', { ok: true, value: [{ kind: 'epss', score: { cve: 'CVE-2099-0001', epss: 0.65117, date: '2099-01-01' } }] }],
    ['/epss_scores-2099-01-02.csv:6', { ok: false, code: 'EPSS_INVALID_ROW', message: 'epss is not a probability: 1.5', path: 'epss' }],
    ['/epss_scores-2099-01-02.csv:7', { ok: false, code: 'EPSS_INVALID_ROW', message: 'not a CVE id: NOT-A-CVE', path: 'cve' }],
  ])('%s', async (location, expected) => {
    const raw = (await readAll()).records.find((r) => r.location === dumpDir + location);
    expect(raw && epssAdapter.normalize(raw)).toEqual(expected);
  });
});

describe('epssAdapter.fetch', () => {
  let server: LocalServer;
  beforeAll(async () => {
    const body = gzipSync(readFileSync(`${dumpDir}/epss_scores-2099-01-02.csv`));
    server = await startLocalServer((url, _req, res) => {
      if (url.pathname === '/old-address.csv.gz') {
        res.writeHead(301, { location: '/epss_scores-current.csv.gz' }).end();
        return;
      }
      res.end(body);
    });
  });
  afterAll(() => server.close());
  const run = async (checkpoint: string | null): Promise<FetchBatch[]> => {
    const out: FetchBatch[] = [];
    for await (const b of epssAdapter.fetch(testFeedContext({ url: `${server.url}/old-address.csv.gz` }, new Date()), checkpoint)) out.push(b);
    return out;
  };

  it('follows the redirect, gunzips the daily file and checkpoints its score date; the same date again yields nothing', async () => {
    const [batch, ...more] = await run(null);
    expect(more).toEqual([]);
    expect(batch?.records.map((r) => r.id)).toEqual(['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003', 'NOT-A-CVE']);
    expect(batch?.checkpoint).toBe(JSON.stringify({ scoreDate: '2099-01-02' }));
    expect(await run(batch?.checkpoint ?? null)).toEqual([]);
    expect(server.requests.map((r) => r.url.pathname)).toEqual([
      '/old-address.csv.gz',
      '/epss_scores-current.csv.gz',
      '/old-address.csv.gz',
      '/epss_scores-current.csv.gz',
    ]);
  });
});
