import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { describeDatabases } from '../support/databases.ts';
import { feedsApp, openFeedsHarness, type FeedsHarness } from '../support/feeds-module.ts';

describeDatabases('a disabled feed source', (target) => {
  let h: FeedsHarness;
  beforeAll(async () => {
    // The OSV base URL points at a closed loopback port: any network sync would fail loudly.
    h = await openFeedsHarness(target, {}, (c) => ({ ...c, feeds: { ...c.feeds, osv: { ...c.feeds.osv, enabled: false, baseUrl: 'http://127.0.0.1:9/' } } }));
  });
  afterAll(async () => h?.close());

  it('is not synced from the network on request: 409 with the reason, nothing queued', async () => {
    const app = await feedsApp(h.module, { tokenId: 't', role: 'psirt', teamId: null });
    const before = (await h.queue.counts()).feeds.waiting;
    const res = await app.inject({ method: 'POST', url: '/api/v1/feeds/osv/sync' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'FEED_DISABLED', message: expect.stringContaining('feeds.osv.enabled') } });
    expect((await h.queue.counts()).feeds.waiting).toBe(before);
    expect((await app.inject({ method: 'POST', url: '/api/v1/feeds/kev/sync' })).statusCode).toBe(202);
    await app.close();
  });

  it('is not synced from the network by a job left from an earlier schedule', async () => {
    await h.module.jobHandlers!['feeds.sync']!.run({ source: 'osv' }, { jobId: 'left-over', attempt: 1, log: silentLogger() });
    const osv = (await h.module.status()).find((s) => s.source === 'osv')!;
    expect(osv.lastAttemptAt).toBeNull();
  });
});
