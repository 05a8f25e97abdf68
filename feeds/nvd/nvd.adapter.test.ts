import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDumpAll } from '../../test/support/read-dump.ts';
import { nvdAdapter } from './nvd.adapter.ts';

const dumpDir = fileURLToPath(new URL('./testdata/dump', import.meta.url));

const readAll = (dir: string): ReturnType<typeof readDumpAll> => readDumpAll(nvdAdapter, dir);

describe('nvdAdapter.readDump', () => {
  it('splits API pages and single records, skips change history, rejects what is not CVE data', async () => {
    const { records, rejected } = await readAll(dumpDir);
    expect(records.map((r) => [r.id, r.location.slice(dumpDir.length)])).toEqual([
      ['CVE-2099-0001', '/pages/page-0.json#/vulnerabilities/0/cve'],
      ['CVE-2099-0003', '/pages/page-0.json#/vulnerabilities/1/cve'],
      ['CVE-2099-0002', '/single/CVE-2099-0002.json'],
    ]);
    expect(rejected.map((r) => [r.location.slice(dumpDir.length), r.reason.split(':')[0]])).toEqual([
      ['/other/nvdcve-1.1-2019.json', 'NVD 1.1 JSON feed'],
      ['/other/truncated.json', 'INVALID_JSON'],
      ['/pages/page-0.json#/vulnerabilities/2', 'entry has no `cve` object'],
    ]);
  });

  it('normalises what it read; the record with a bad date is an error, not a throw', async () => {
    const { records } = await readAll(dumpDir);
    const results = records.map((r) => nvdAdapter.normalize(r));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('reads nothing from a missing folder', async () => {
    expect(await readAll(`${dumpDir}/absent`)).toEqual({ records: [], rejected: [] });
  });

  it.each([
    [{}, 5],
    [{ apiKey: 'k' }, 50],
  ])('declares NVD’s rate limit for %o: %i requests per 30 s', (options, requests) => {
    expect(nvdAdapter.rateLimit?.(options)).toEqual({ requests, perMs: 30_000 });
  });
});
