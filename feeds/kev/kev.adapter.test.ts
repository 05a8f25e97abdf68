import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDumpAll } from '../../test/support/read-dump.ts';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { testFeedContext } from '../../test/support/simple-http-client.ts';
import type { FetchBatch } from '../feed-adapter.ts';
import { kevAdapter } from './kev.adapter.ts';

const dumpDir = fileURLToPath(new URL('./testdata/dump', import.meta.url));
const catalog = readFileSync(`${dumpDir}/known_exploited_vulnerabilities.json`);

const readAll = (): ReturnType<typeof readDumpAll> => readDumpAll(kevAdapter, dumpDir);

describe('kevAdapter', () => {
  it('reads one record per catalog entry and rejects files that are not a catalog', async () => {
    const { records, rejected } = await readAll();
    expect(records.map((r) => r.id)).toEqual(['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003']);
    expect(rejected.map((r) => [r.location.slice(dumpDir.length), r.reason])).toEqual([
      ['/known_exploited_vulnerabilities.json#/vulnerabilities/3', 'entry is not an object'],
      ['/known_exploited_vulnerabilities_schema.json', 'not a KEV catalog (no `catalogVersion` and `vulnerabilities`)'],
    ]);
  });

  it.each([
    {
      cve: 'CVE-2099-0001',
      expected: {
        kind: 'kev',
        entry: {
          cve: 'CVE-2099-0001',
          vendorProject: 'Example',
          product: 'Lib',
          name: 'Example Lib Remote Code Execution Vulnerability',
          dateAdded: '2099-01-02',
          dueDate: '2099-01-23',
          requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
          knownRansomwareCampaignUse: 'Known',
          notes: 'https://example.org/advisory/1 ; https://nvd.nist.gov/vuln/detail/CVE-2099-0001',
          cwes: ['CWE-502'],
        },
      },
    },
    { cve: 'CVE-2099-0002', expected: expect.objectContaining({ entry: expect.not.objectContaining({ notes: expect.anything() as unknown }) as unknown }) },
  ])('normalises $cve', async ({ cve, expected }) => {
    const raw = (await readAll()).records.find((r) => r.id === cve);
    expect(raw && kevAdapter.normalize(raw)).toEqual({ ok: true, value: [expected] });
  });

  it('rejects an entry with a malformed date, pointing at the field', async () => {
    const raw = (await readAll()).records.find((r) => r.id === 'CVE-2099-0003');
    expect(raw && kevAdapter.normalize(raw)).toMatchObject({ ok: false, code: 'KEV_INVALID_ENTRY', path: '/dateAdded' });
  });

  describe('fetch', () => {
    let server: LocalServer;
    beforeAll(async () => {
      server = await startLocalServer((_url, _req, res) => res.end(catalog));
    });
    afterAll(() => server.close());
    const run = async (checkpoint: string | null): Promise<FetchBatch[]> => {
      const out: FetchBatch[] = [];
      for await (const b of kevAdapter.fetch(testFeedContext({ url: `${server.url}/kev.json` }, new Date()), checkpoint)) out.push(b);
      return out;
    };

    it('takes the whole catalog and checkpoints its version; the same version again yields nothing', async () => {
      const [first, ...more] = await run(null);
      expect(more).toEqual([]);
      expect(first?.records.length).toBe(3);
      expect(first?.checkpoint).toBe(JSON.stringify({ catalogVersion: '2099.01.02', dateReleased: '2099-01-02T17:00:00.000Z' }));
      expect(await run(first?.checkpoint ?? null)).toEqual([]);
      expect(server.requests.map((r) => r.url.pathname)).toEqual(['/kev.json', '/kev.json']);
    });
  });
});
