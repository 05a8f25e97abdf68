import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { testFeedContext } from '../../test/support/simple-http-client.ts';
import { writeZip } from '../../test/support/zip-writer.ts';
import type { FetchBatch } from '../feed-adapter.ts';
import { fetchOsv } from './osv-archives.fetch.ts';

const NOW = new Date('2099-06-01T00:00:00Z');
const rec = (id: string, modified: string): Buffer => Buffer.from(JSON.stringify({ id, modified }));
const records: Record<string, Buffer> = {
  'GHSA-0001': rec('GHSA-0001', '2099-01-01T00:00:00Z'),
  'GHSA-0002': rec('GHSA-0002', '2099-03-01T00:00:00Z'),
  'GHSA-0003': rec('GHSA-0003', '2099-05-01T00:00:00Z'),
  'PYSEC-0001': rec('PYSEC-0001', '2099-02-02T00:00:00Z'),
};
const listing = [
  '2099-05-01T00:00:00Z,GHSA-0003',
  '2099-04-01T00:00:00Z,GHSA-GONE',
  'garbage line',
  '2099-03-01T00:00:00Z,GHSA-0002',
  '2099-01-01T00:00:00Z,GHSA-0001',
].join('\n');

let server: LocalServer;
let zips: Record<string, Buffer>;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'osv-fetch-'));
  await writeZip(
    path.join(tmp, 'npm.zip'),
    ['GHSA-0001', 'GHSA-0002'].map((id) => ({ name: `all/${id}.json`, data: records[id] ?? Buffer.from('') })),
    { deflate: true },
  );
  await writeZip(path.join(tmp, 'PyPI.zip'), [{ name: 'PYSEC-0001.json', data: records['PYSEC-0001'] ?? Buffer.from('') }]);
  zips = { npm: await readFile(path.join(tmp, 'npm.zip')), PyPI: await readFile(path.join(tmp, 'PyPI.zip')) };
  server = await startLocalServer((url, _req, res) => {
    const [, eco = '', file = ''] = url.pathname.split('/');
    const body = file === 'all.zip' ? zips[eco] : file === 'modified_id.csv' && eco === 'npm' ? Buffer.from(listing) : records[file.replace(/\.json$/, '')];
    res.statusCode = body ? 200 : 404;
    res.end(body ?? 'not found');
  });
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

async function collect(ecosystems: string[], checkpoint: string | null): Promise<FetchBatch[]> {
  server.requests.length = 0;
  const batches: FetchBatch[] = [];
  for await (const b of fetchOsv(testFeedContext({ ecosystems, baseUrl: server.url }, NOW), checkpoint)) batches.push(b);
  return batches;
}

describe('fetchOsv', () => {
  it('imports each ecosystem’s all.zip once, watermarking it with the newest record it held', async () => {
    const batches = await collect(['npm', 'PyPI', 'npm'], null);
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/npm/all.zip', '/PyPI/all.zip']);
    expect(batches.map((b) => b.records.map((r) => r.id))).toEqual([['GHSA-0001', 'GHSA-0002'], ['PYSEC-0001']]);
    expect(batches.map((b) => JSON.parse(b.checkpoint) as unknown)).toEqual([
      { watermarks: { npm: '2099-03-01T00:00:00.000Z' } },
      { watermarks: { npm: '2099-03-01T00:00:00.000Z', PyPI: '2099-02-02T00:00:00.000Z' } },
    ]);
    expect(batches[0]?.records[0]?.location).toBe(`${server.url}/npm/all.zip!/all/GHSA-0001.json`);
  });

  it('then fetches only what modified_id.csv lists as newer, skipping records that are gone', async () => {
    const batches = await collect(['npm'], JSON.stringify({ watermarks: { npm: '2099-03-01T00:00:00.000Z' } }));
    expect(server.requests.map((r) => r.url.pathname).sort()).toEqual(['/npm/GHSA-0003.json', '/npm/GHSA-GONE.json', '/npm/modified_id.csv']);
    expect(batches.map((b) => b.records.map((r) => r.id))).toEqual([['GHSA-0003']]);
    expect(batches[0]?.checkpoint).toBe(JSON.stringify({ watermarks: { npm: '2099-05-01T00:00:00.000Z' } }));
  });

  it('yields nothing when nothing changed, and imports an ecosystem added to the options', async () => {
    const batches = await collect(['npm', 'PyPI:3'], JSON.stringify({ watermarks: { npm: '2099-05-01T00:00:00.000Z' } }));
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/npm/modified_id.csv', '/PyPI/all.zip']);
    expect(batches.map((b) => JSON.parse(b.checkpoint) as unknown)).toEqual([
      { watermarks: { npm: '2099-05-01T00:00:00.000Z', PyPI: '2099-02-02T00:00:00.000Z' } },
    ]);
  });
});
