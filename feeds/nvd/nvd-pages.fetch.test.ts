import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { testFeedContext } from '../../test/support/simple-http-client.ts';
import type { FetchBatch } from '../feed-adapter.ts';
import { NVD_MAX_WINDOW_MS, fetchNvd, type NvdOptions } from './nvd-pages.fetch.ts';

const NOW = new Date('2099-06-01T00:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const cves = Array.from({ length: 5 }, (_, i) => ({
  id: `CVE-2099-000${i}`,
  published: '2099-01-01T00:00:00.000',
  lastModified: '2099-01-01T00:00:00.000',
  vulnStatus: 'Analyzed',
}));

function page(res: ServerResponse, startIndex: number, items: unknown[], totalResults: number): void {
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      resultsPerPage: items.length,
      startIndex,
      totalResults,
      format: 'NVD_CVE',
      version: '2.0',
      vulnerabilities: items.map((cve) => ({ cve })),
    }),
  );
}

let server: LocalServer;
/** startIndex values whose next answer drops its last item, as NVD's cut-off bodies do. */
let truncate: Map<number, number>;

beforeEach(async () => {
  truncate = new Map();
  server = await startLocalServer((url, _req, res) => {
    const startIndex = Number(url.searchParams.get('startIndex'));
    const rpp = Number(url.searchParams.get('resultsPerPage'));
    // Windows answer with an empty result: the test looks at the requests, not the records.
    if (url.searchParams.has('lastModStartDate')) return page(res, startIndex, [], 0);
    const items = cves.slice(startIndex, startIndex + rpp);
    const cut = truncate.get(startIndex) ?? 0;
    if (cut > 0) truncate.set(startIndex, cut - 1);
    page(res, startIndex, cut > 0 ? items.slice(0, -1) : items, cves.length);
  });
});
afterEach(() => server.close());

async function collect(options: NvdOptions, checkpoint: string | null): Promise<FetchBatch[]> {
  const batches: FetchBatch[] = [];
  for await (const b of fetchNvd(testFeedContext(options, NOW), checkpoint)) batches.push(b);
  return batches;
}
const opts = (extra: Partial<NvdOptions> = {}): NvdOptions => ({ baseUrl: `${server.url}/rest/json/cves/2.0`, resultsPerPage: 2, ...extra });

describe('fetchNvd', () => {
  it('pages the initial sync by startIndex and then hands over to incremental from its start', async () => {
    const batches = await collect(opts(), null);
    expect(server.requests.map((r) => [r.url.pathname, r.url.searchParams.get('startIndex'), r.url.searchParams.get('resultsPerPage')])).toEqual([
      ['/rest/json/cves/2.0', '0', '2'],
      ['/rest/json/cves/2.0', '2', '2'],
      ['/rest/json/cves/2.0', '4', '2'],
    ]);
    expect(batches.map((b) => b.records.map((r) => r.id))).toEqual([['CVE-2099-0000', 'CVE-2099-0001'], ['CVE-2099-0002', 'CVE-2099-0003'], ['CVE-2099-0004']]);
    expect(batches.map((b) => JSON.parse(b.checkpoint) as unknown)).toEqual([
      { phase: 'initial', startIndex: 2, startedAt: NOW.toISOString() },
      { phase: 'initial', startIndex: 4, startedAt: NOW.toISOString() },
      { phase: 'incremental', since: NOW.toISOString() },
    ]);
  });

  it('resumes the initial sync at the page after the last checkpoint', async () => {
    const startedAt = new Date(NOW.getTime() - 3 * DAY).toISOString();
    const batches = await collect(opts(), JSON.stringify({ phase: 'initial', startIndex: 4, startedAt }));
    const params = server.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(params[0]).toEqual({ startIndex: '4', resultsPerPage: '2' });
    // then the changes made since the initial sync began, in one window
    expect(params.slice(1)).toEqual([
      { lastModStartDate: startedAt.replace('Z', '+00:00'), lastModEndDate: NOW.toISOString().replace('Z', '+00:00'), startIndex: '0', resultsPerPage: '2' },
    ]);
    expect(batches.at(-1)?.checkpoint).toBe(JSON.stringify({ phase: 'incremental', since: NOW.toISOString() }));
  });

  it('walks a 300-day gap in contiguous lastMod windows of at most 120 days, ending now', async () => {
    const since = new Date(NOW.getTime() - 300 * DAY);
    const batches = await collect(opts(), JSON.stringify({ phase: 'incremental', since: since.toISOString() }));
    const windows = server.requests.map(
      (r) => [Date.parse(r.url.searchParams.get('lastModStartDate') ?? ''), Date.parse(r.url.searchParams.get('lastModEndDate') ?? '')] as const,
    );
    expect(windows.map(([s, e]) => (e - s) / DAY)).toEqual([120, 120, 60]);
    expect(windows.every(([s, e]) => e - s <= NVD_MAX_WINDOW_MS)).toBe(true);
    expect(windows[0]?.[0]).toBe(since.getTime());
    expect(windows.slice(1).map(([s]) => s)).toEqual(windows.slice(0, -1).map(([, e]) => e));
    expect(windows.at(-1)?.[1]).toBe(NOW.getTime());
    expect(server.requests[0]?.url.search).toContain('%2B00%3A00');
    expect(batches.map((b) => (JSON.parse(b.checkpoint) as { since: string }).since)).toEqual([
      new Date(since.getTime() + 120 * DAY).toISOString(),
      new Date(since.getTime() + 240 * DAY).toISOString(),
      NOW.toISOString(),
    ]);
  });

  it('asks nothing when the checkpoint is already now', async () => {
    expect(await collect(opts(), JSON.stringify({ phase: 'incremental', since: NOW.toISOString() }))).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it.each([
    [{ apiKey: 'secret-key' }, 'secret-key'],
    [{}, undefined],
  ])('sends the apiKey header only when configured (%o)', async (extra, header) => {
    await collect(opts(extra), JSON.stringify({ phase: 'initial', startIndex: 4, startedAt: NOW.toISOString() }));
    expect(server.requests[0]?.headers.apikey).toBe(header);
  });

  it('asks again for a page that came back short, and gives up after three short answers', async () => {
    truncate.set(2, 1);
    const batches = await collect(opts(), null);
    expect(server.requests.map((r) => r.url.searchParams.get('startIndex'))).toEqual(['0', '2', '2', '4']);
    expect(batches.flatMap((b) => b.records).length).toBe(5);

    truncate.set(2, 3);
    await expect(collect(opts(), JSON.stringify({ phase: 'initial', startIndex: 2, startedAt: NOW.toISOString() }))).rejects.toThrow(
      /1 items where 2 were due after 3 attempts/,
    );
  });

  it('starts over on an unreadable checkpoint', async () => {
    await collect(opts(), '{"phase":"sideways"}');
    expect(server.requests[0]?.url.searchParams.get('startIndex')).toBe('0');
  });
});
