import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { acquireLease } from '../../feeds/sync/feed-state.repo.ts';
import { readVulnerability } from '../../src/vulns/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { nvdSmallPages, openFeedsHarness, type FeedsHarness } from '../support/feeds-module.ts';
import { describeWithFixtures, fixturesDir, repoRoot } from '../support/fixtures.ts';
import { startLocalServer, type LocalServer } from '../support/local-server.ts';

const pagesDir = path.join(fixturesDir(), 'feeds/nvd/api-responses');
const page = (startIndex: number): Buffer => readFileSync(path.join(pagesDir, `cves-paged-startIndex${startIndex}-rpp3.json`));
const emptyPage = (): Buffer => readFileSync(path.join(pagesDir, 'cves-empty.json'));
const PAGE_IDS = [
  'CVE-2023-36014',
  'CVE-2023-36024',
  'CVE-2023-46729',
  'CVE-2023-6069',
  'CVE-2023-45167',
  'CVE-2023-39796',
  'CVE-2023-47246',
  'CVE-2023-47800',
];

type Fault = (res: ServerResponse, body: Buffer) => boolean;

/** Faults served once each, in order, for the page at a start index; afterwards the page itself. */
function nvdServer(faults: Map<number, Fault[]>): Promise<LocalServer> {
  return startLocalServer((url, _req, res) => {
    if (url.searchParams.has('lastModStartDate')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(emptyPage());
      return;
    }
    const start = Number(url.searchParams.get('startIndex') ?? '0');
    const body = page(start);
    const fault = faults.get(start)?.shift();
    if (fault?.(res, body)) return;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
}

const status =
  (code: number, headers: Record<string, string> = {}): Fault =>
  (res) => {
    res.writeHead(code, headers).end(`status ${code}`);
    return true;
  };
const slowBody: Fault = (res, body) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.write(body.subarray(0, 100));
  setTimeout(() => res.end(body.subarray(100)), 300);
  return true;
};
const truncated: Fault = (res, body) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body.subarray(0, body.length >> 1));
  res.socket?.destroy();
  return true;
};
const malformedRecord: Fault = (res, body) => {
  const doc = JSON.parse(body.toString()) as { vulnerabilities: { cve: Record<string, unknown> }[] };
  doc.vulnerabilities[1]!.cve.published = 'not a date';
  doc.vulnerabilities[1]!.cve.descriptions = 'not a list';
  const bad = Buffer.from(JSON.stringify(doc));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': bad.length }).end(bad);
  return true;
};

const rows = async <T>(h: FeedsHarness, q: ReturnType<typeof sql>): Promise<T[]> => ((await h.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describeWithFixtures('feed sync over HTTP', () =>
  describeDatabases('NVD pages from a local server', (target) => {
    let server: LocalServer | undefined;
    let h: FeedsHarness | undefined;

    async function open(faults: Map<number, Fault[]>, attempts = 4): Promise<FeedsHarness> {
      server = await nvdServer(faults);
      const url = `${server.url}/rest/json/cves/2.0`;
      h = await openFeedsHarness(target, { adapters: [nvdSmallPages], http: { attempts, baseDelayMs: 5, maxDelayMs: 2000 } }, (c) => ({
        ...c,
        feeds: { ...c.feeds, nvd: { ...c.feeds.nvd, baseUrl: url } },
      }));
      return h;
    }

    afterEach(async () => {
      await h?.close();
      await server?.close();
      h = undefined;
      server = undefined;
    });

    it('pages through 429 with Retry-After, 503, a slow body and a truncated body, storing every record', async () => {
      const harness = await open(
        new Map([
          [0, [status(429, { 'retry-after': '1' }), slowBody]],
          [3, [status(503), truncated]],
        ]),
      );
      const [report] = await harness.module.syncNow('nvd');
      expect(report).toMatchObject({ source: 'nvd', mode: 'network', stored: 8, quarantined: 0 });
      expect(report!.error).toBeUndefined();
      for (const id of PAGE_IDS) expect((await readVulnerability(harness.database.db, id))?.id).toBe(id);

      const starts = server!.requests.filter((r) => !r.url.searchParams.has('lastModStartDate')).map((r) => r.url.searchParams.get('startIndex'));
      // 429, slow-but-whole; 503, truncated, whole; whole.
      expect(starts).toEqual(['0', '0', '3', '3', '3', '6']);

      const [state] = await rows<{ checkpoint: string; last_error: string | null; records_ingested: number }>(
        harness,
        sql`select checkpoint, last_error, records_ingested::int from feed_state where source = 'nvd'`,
      );
      expect(JSON.parse(state!.checkpoint)).toMatchObject({ phase: 'incremental' });
      expect(state).toMatchObject({ last_error: null, records_ingested: 8 });
      // Reverse matching follows from the outbox events committed with the batches.
      const changed = await rows<{ ids: string[] }>(harness, sql`select data->'ids' as ids from events where type = 'vulnerability.changed'`);
      expect(new Set(changed.flatMap((e) => e.ids))).toEqual(new Set(PAGE_IDS));
    });

    it('honours Retry-After before asking again', async () => {
      const times: number[] = [];
      const harness = await open(new Map([[0, [status(429, { 'retry-after': '1' })]]]));
      const orig = server!.requests.push.bind(server!.requests);
      server!.requests.push = (...items) => {
        times.push(Date.now());
        return orig(...items);
      };
      await harness.module.syncNow('nvd');
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    });

    it('an interrupted sync keeps what it stored and the next run resumes at the failed page', async () => {
      const down = Array.from({ length: 10 }, () => status(500));
      const harness = await open(new Map([[6, down]]), 2);
      const [failed] = await harness.module.syncNow('nvd');
      expect(failed!.error).toMatch(/HTTP 500/);
      expect(failed!.stored).toBe(6);
      const [state] = await rows<{ checkpoint: string; last_error: string }>(harness, sql`select checkpoint, last_error from feed_state where source = 'nvd'`);
      expect(JSON.parse(state!.checkpoint)).toMatchObject({ phase: 'initial', startIndex: 6 });
      expect(state!.last_error).toMatch(/HTTP 500/);
      expect((await readVulnerability(harness.database.db, 'CVE-2023-39796'))?.id).toBe('CVE-2023-39796');

      server!.requests.length = 0;
      down.length = 0;
      const [resumed] = await harness.module.syncNow('nvd');
      expect(resumed!.error).toBeUndefined();
      expect(server!.requests[0]!.url.searchParams.get('startIndex')).toBe('6');
      expect(resumed!.stored).toBe(2);
      const [{ n }] = (await rows<{ n: number }>(harness, sql`select count(*)::int as n from advisories where source = 'nvd'`)) as [{ n: number }];
      expect(n).toBe(8);
      const status0 = (await harness.module.status()).find((s) => s.source === 'nvd');
      expect(status0).toMatchObject({ recordsIngested: 8, lastError: expect.stringMatching(/HTTP 500/) });
      expect(status0!.lastSuccessAt).not.toBeNull();
    });

    it('quarantines a malformed record with its source, id, location and reason, and stores the rest', async () => {
      const harness = await open(new Map([[3, [malformedRecord]]]));
      const [report] = await harness.module.syncNow('nvd');
      expect(report).toMatchObject({ stored: 7, quarantined: 1 });
      const q = await rows<{ source: string; record_id: string | null; location: string; reason: string; excerpt: string | null }>(
        harness,
        sql`select source, record_id, location, reason, excerpt from feed_quarantine`,
      );
      expect(q).toHaveLength(1);
      expect(q[0]).toMatchObject({ source: 'nvd', record_id: 'CVE-2023-45167' });
      expect(q[0]!.location).toContain('startIndex=3');
      expect(q[0]!.reason.length).toBeGreaterThan(0);
      expect((await harness.module.status()).find((s) => s.source === 'nvd')?.quarantined).toBe(1);
    });

    it('is single-flight: a live lease held elsewhere skips the sync, an expired one is taken over', async () => {
      const harness = await open(new Map());
      expect(await acquireLease(harness.database.db, 'nvd', 'other-worker', 60_000)).toBe(true);
      const [skipped] = await harness.module.syncNow('nvd');
      expect(skipped!.skipped).toBeDefined();
      expect(server!.requests).toHaveLength(0);

      await harness.database.db.execute(sql`update feed_state set lease_expires_at = now() - interval '1 second' where source = 'nvd'`);
      const [ran] = await harness.module.syncNow('nvd');
      expect(ran).toMatchObject({ stored: 8 });
      expect(ran!.skipped).toBeUndefined();
      const [lease] = await rows<{ lease_holder: string | null }>(harness, sql`select lease_holder from feed_state where source = 'nvd'`);
      expect(lease!.lease_holder).toBeNull();
    });

    // A second process can only share the database on Postgres: the embedded one belongs to one process.
    if (target.kind === 'postgres') {
      it('a worker killed mid-sync loses nothing stored; its lease expires and the next sync resumes', async () => {
        let hung = false;
        const harness = await open(
          new Map([
            [
              6,
              [
                () => {
                  hung = true;
                  return true;
                },
              ],
            ],
          ]),
        );
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(repoRoot, 'test/support/feeds-sync-child.ts'), harness.database.url!, `${server!.url}/rest/json/cves/2.0`, '1500'],
          {
            stdio: 'ignore',
          },
        );
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const count = async (): Promise<number> => (await rows<{ n: number }>(harness, sql`select count(*)::int as n from advisories`))[0]!.n;
        for (let i = 0; i < 600 && !(hung && (await count()) === 6); i++) await new Promise((r) => setTimeout(r, 50));
        expect(await count()).toBe(6);
        child.kill('SIGKILL');
        await exited;

        let report = (await harness.module.syncNow('nvd'))[0]!;
        for (let i = 0; i < 100 && report.skipped; i++) {
          await new Promise((r) => setTimeout(r, 100));
          report = (await harness.module.syncNow('nvd'))[0]!;
        }
        expect(report).toMatchObject({ stored: 2 });
        expect(report.error).toBeUndefined();
        const starts = server!.requests.filter((r) => !r.url.searchParams.has('lastModStartDate')).map((r) => r.url.searchParams.get('startIndex'));
        expect(starts).toEqual(['0', '3', '6', '6']);
        expect(await count()).toBe(8);
      });
    }
  }),
);
