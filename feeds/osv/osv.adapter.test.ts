import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readDumpAll } from '../../test/support/read-dump.ts';
import { writeZip } from '../../test/support/zip-writer.ts';
import { osvAdapter } from './osv.adapter.ts';

const testdata = fileURLToPath(new URL('./testdata', import.meta.url));
const tmpDirs: string[] = [];
afterAll(() => Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true }))));

const readAll = (dir: string): ReturnType<typeof readDumpAll> => readDumpAll(osvAdapter, dir);
const rel = (dir: string, location: string): string => location.slice(dir.length);

describe('osvAdapter.readDump', () => {
  it('reads single records and arrays of records, rejecting what is not a record', async () => {
    const dir = path.join(testdata, 'dump');
    const { records, rejected } = await readAll(dir);
    expect(records.map((r) => [r.id, rel(dir, r.location)])).toEqual([
      ['CURL-CVE-2099-0007', '/GIT/CURL-CVE-2099-0007.json'],
      ['GO-2099-0001', '/Go/GO-2099-0001.json'],
      ['GHSA-aaaa-bbbb-cccc', '/npm/GHSA-aaaa-bbbb-cccc.json'],
      ['GHSA-arra-y000-0001', '/npm/batch.json#/0'],
      ['GHSA-bad0-even-ts00', '/npm/batch.json#/1'],
    ]);
    expect(rejected.map((r) => [rel(dir, r.location), r.reason.split(':')[0]])).toEqual([
      ['/broken/schema.json', 'not an OSV record (no string `id`)'],
      ['/broken/truncated.json', 'INVALID_JSON'],
      ['/npm/batch.json#/2', 'not an OSV record (no string `id`)'],
    ]);
    expect(records.map((r) => osvAdapter.normalize(r).ok)).toEqual([true, true, true, true, false]);
  });

  it('streams records out of <Ecosystem>/all.zip archives', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'osv-dump-'));
    tmpDirs.push(dir);
    await mkdir(path.join(dir, 'npm'));
    const data = await readFile(path.join(testdata, 'ghsa-full.json'));
    await writeZip(
      path.join(dir, 'npm', 'all.zip'),
      [
        { name: 'GHSA-aaaa-bbbb-cccc.json', data },
        { name: 'broken.json', data: Buffer.from('{"id": ') },
      ],
      { deflate: true },
    );
    const { records, rejected } = await readAll(dir);
    expect(records.map((r) => [r.id, rel(dir, r.location)])).toEqual([['GHSA-aaaa-bbbb-cccc', '/npm/all.zip!/GHSA-aaaa-bbbb-cccc.json']]);
    expect(rejected.map((r) => [rel(dir, r.location), r.reason.split(':')[0]])).toEqual([['/npm/all.zip!/broken.json', 'INVALID_JSON']]);
  });
});
