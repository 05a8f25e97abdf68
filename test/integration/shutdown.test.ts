import { expect, it } from 'vitest';
import { describeDatabases } from '../support/databases.ts';
import { startLocalServer } from '../support/local-server.ts';
import { eventually, openTestRuntime } from '../support/runtime.ts';

/**
 * Embedded shutdown with a feed in its retries: NVD answers 503, so the sync is waiting out a
 * backoff (seconds, growing) when SIGTERM comes. The wait must end at once, not when the
 * retries run out.
 */
describeDatabases('shutdown during feed retries', (target) => {
  it('cancels the retrying sync and closes within seconds', async () => {
    let requests = 0;
    const nvd = await startLocalServer((_url, _req, res) => {
      requests++;
      res.writeHead(503).end('maintenance');
    });
    const t = await openTestRuntime(target, 'in-process', (c) => ({
      ...c,
      http: { ...c.http, allowPrivateNetworks: true },
      feeds: { ...c.feeds, nvd: { ...c.feeds.nvd, baseUrl: nvd.url } },
    }));
    try {
      await t.rt.queue.enqueue('feeds.sync', { source: 'nvd' });
      await eventually(async () => (requests >= 2 ? true : undefined), 30_000, 20);
      const started = Date.now();
      await t.close();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await nvd.close();
    }
  });
});
