import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip, type ZipEntryInput } from '../../test/support/zip-writer.ts';
import { DEFAULT_ZIP_LIMITS, readZipJson, type ZipLimits, type ZipMember } from './osv-zip.read.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'osv-zip-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const record = (id: string): ZipEntryInput => ({ name: `all/${id}.json`, data: Buffer.from(JSON.stringify({ id, modified: '2099-01-01T00:00:00Z' })) });

async function read(entries: ZipEntryInput[], limits: Partial<ZipLimits> = {}, deflate = false): Promise<string[]> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.zip`);
  await writeZip(file, entries, { deflate });
  const out: string[] = [];
  for await (const m of readZipJson(file, { ...DEFAULT_ZIP_LIMITS, ...limits }) as AsyncIterable<ZipMember>) {
    out.push('rejected' in m ? `rejected ${m.rejected.location.slice(file.length)}: ${m.rejected.reason}` : m.name);
  }
  return out;
}

describe('readZipJson', () => {
  it.each([false, true])('reads every JSON member and skips the rest (deflated: %s)', async (deflate) => {
    expect(await read([record('A-1'), { name: 'all/README.txt', data: Buffer.from('hi') }, record('A-2')], {}, deflate)).toEqual([
      'all/A-1.json',
      'all/A-2.json',
    ]);
  });

  it('rejects a member over the per-member limit and goes on', async () => {
    const big = { name: 'all/BIG.json', data: Buffer.alloc(2000, 0x20) };
    expect(await read([record('A-1'), big, record('A-2')], { maxEntryBytes: 1000 })).toEqual([
      'all/A-1.json',
      'rejected !/all/BIG.json: member inflates to 2000 bytes, more than 1000',
      'all/A-2.json',
    ]);
  });

  it('refuses a zip bomb member by its compression ratio before inflating it', async () => {
    const bomb = { name: 'all/BOMB.json', data: Buffer.alloc(4 * 1024 * 1024, 0x20) };
    const out = await read([bomb, record('A-1')], {}, true);
    expect(out[0]).toMatch(/^rejected !\/all\/BOMB.json: member compression ratio \d+:1 exceeds 200:1$/);
    expect(out[1]).toBe('all/A-1.json');
  });

  it('stops at the member count limit', async () => {
    expect(await read([record('A-1'), record('A-2'), record('A-3')], { maxEntries: 2 })).toEqual([
      'all/A-1.json',
      'all/A-2.json',
      'rejected !/all/A-3.json: archive has more than 2 members; the rest is not read',
    ]);
  });

  it('stops when the archive inflates past the total limit', async () => {
    const out = await read([record('A-1'), record('A-2')], { maxTotalBytes: 60 });
    expect(out).toEqual(['all/A-1.json', expect.stringMatching(/^rejected !\/all\/A-2.json: archive inflates past 60 bytes/)]);
  });

  it('rejects a file that is not a zip archive', async () => {
    const file = path.join(dir, 'fake.zip');
    await writeFile(file, 'PK but not really');
    const out: ZipMember[] = [];
    for await (const m of readZipJson(file)) out.push(m);
    expect(out).toEqual([{ rejected: { location: file, reason: expect.stringMatching(/^unreadable zip archive/) as string } }]);
  });
});
