import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptyReport } from '../../../feeds/sync/feed-sync.service.ts';
import type { FeedStatus, SyncReport } from '../../../feeds/feeds.module.ts';
import { feedsStatusCommand, feedsSyncCommand } from './feeds.command.ts';

function capture(): { out: PassThrough; text(): string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

const report = (over: Partial<SyncReport>): SyncReport => ({
  source: 'nvd',
  mode: 'dump',
  records: 10,
  accepted: 8,
  empty: 1,
  quarantined: 1,
  normalised: 9,
  stored: 7,
  unchanged: 1,
  superseded: 1,
  changedVulnerabilities: 7,
  durationMs: 1500,
  ...over,
});

describe('kanshi feeds', () => {
  it('sync prints one line per source and exits 1 when a source failed', async () => {
    const c = capture();
    const code = await feedsSyncCommand(
      { syncNow: async () => [report({}), report({ source: 'osv', error: 'HTTP 503 from https://osv.example after 6 attempts' })] },
      { fromDir: '/dump' },
      c.out,
    );
    expect(code).toBe(1);
    expect(c.text()).toBe(
      'nvd (dump): 10 read = 8 accepted + 1 quarantined + 1 without data; 9 records = 7 stored + 1 unchanged + 1 superseded; 7 vulnerabilities changed in 1.5 s\n' +
        'osv (dump): FAILED: HTTP 503 from https://osv.example after 6 attempts\n',
    );
  });

  it('a sync that did not run (lease held elsewhere) is not a success', async () => {
    const c = capture();
    const skipped: SyncReport = { ...emptyReport('nvd', '/dump'), skipped: 'another worker holds the lease' };
    expect(await feedsSyncCommand({ syncNow: async () => [skipped] }, { fromDir: '/dump' }, c.out)).toBe(1);
    expect(c.text()).toBe('nvd (dump): NOT RUN: another worker holds the lease\n');
  });

  it('status prints a table with last success, last error, records and lag', async () => {
    const base: FeedStatus = {
      source: 'nvd',
      enabled: true,
      intervalMs: 7_200_000,
      syncing: false,
      lastAttemptAt: '2026-01-01T10:00:00.000Z',
      lastSuccessAt: '2026-01-01T10:00:00.000Z',
      lastError: null,
      lastErrorAt: null,
      recordsIngested: 250000,
      quarantined: 2,
      lagSeconds: 5400,
    };
    const c = capture();
    await feedsStatusCommand(
      {
        status: async () => [
          base,
          {
            ...base,
            source: 'jvn',
            lastSuccessAt: null,
            lastError: 'timed out',
            lastErrorAt: '2026-01-01T09:00:00.000Z',
            recordsIngested: 0,
            quarantined: 0,
            lagSeconds: null,
          },
        ],
      },
      c.out,
    );
    const lines = c.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+STATE\s+LAST SUCCESS\s+LAST ERROR\s+RECORDS\s+QUARANTINED\s+LAG$/);
    expect(lines[1]).toMatch(/^nvd\s+enabled\s+2026-01-01T10:00:00.000Z\s+-\s+250000\s+2\s+90m$/);
    expect(lines[2]).toMatch(/^jvn\s+enabled\s+never\s+2026-01-01T09:00:00.000Z timed out\s+0\s+0\s+-$/);
  });
});
