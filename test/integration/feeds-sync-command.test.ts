import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireLease, releaseLease } from '../../feeds/sync/feed-state.repo.ts';
import { feedsSyncCommand } from '../../src/cli/commands/feeds.command.ts';
import type { KanshiConfig } from '../../src/config/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const osvRecord = (id: string, extra: object = {}) =>
  JSON.stringify({
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
    ...extra,
  });

/** A dump of two good OSV records and one that does not normalise. */
const dump = mkdtempSync(path.join(tmpdir(), 'kanshi-sync-cmd-'));
mkdirSync(path.join(dump, 'osv'));
writeFileSync(path.join(dump, 'osv/GHSA-aaaa-0001.json'), osvRecord('GHSA-aaaa-0001'));
writeFileSync(path.join(dump, 'osv/GHSA-aaaa-0002.json'), osvRecord('GHSA-aaaa-0002'));
writeFileSync(path.join(dump, 'osv/broken.json'), JSON.stringify({ id: 'BROKEN-1', affected: 'not a list' }));

const allDisabled = (c: KanshiConfig): KanshiConfig => ({
  ...c,
  feeds: Object.fromEntries(Object.entries(c.feeds).map(([k, v]) => [k, { ...v, enabled: false }])) as KanshiConfig['feeds'],
});

function capture(): { out: PassThrough; text(): string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { out, text: () => text };
}

/** `kanshi feeds sync --from-dir` as an air-gapped PSIRT runs it: every feed disabled in kanshi.yaml. */
describeDatabases('feeds sync --from-dir', (target) => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process', allDisabled, { work: false });
  });
  afterAll(async () => t?.close());

  it('waits for a lease held elsewhere, and fails with the reason when the wait runs out', async () => {
    await acquireLease(t.rt.deps.db, 'osv', 'another-worker', 60_000);
    const out = capture();
    const err = capture();
    expect(await feedsSyncCommand(t.rt.feeds, { fromDir: dump, leaseWaitMs: 1500, progressEveryMs: 0 }, out.out, err.out)).toBe(1);
    expect(out.text()).toMatch(/^osv \(dump\): NOT RUN: another worker holds the lease.*waited \d+ s/m);
    expect(err.text()).toMatch(/osv: waiting for a sync of osv running elsewhere/);

    setTimeout(() => void releaseLease(t.rt.deps.db, 'osv', 'another-worker'), 1000);
    expect(await feedsSyncCommand(t.rt.feeds, { fromDir: dump, leaseWaitMs: 30_000 }, capture().out)).toBe(0);
  });

  it('imports the dump given although every feed is disabled, with counters that add up', async () => {
    const out = capture();
    expect(await t.rt.withJobs(() => feedsSyncCommand(t.rt.feeds, { fromDir: dump }, out.out))).toBe(0);
    const line = out.text().trim();
    // Second import of the same dump (the previous test stored it): both records unchanged.
    expect(line).toMatch(/^osv \(dump\): 3 read = 2 accepted \+ 1 quarantined \+ 0 without data; 2 records = 0 stored \+ 2 unchanged \+ 0 superseded;/);
    const [read, accepted, quarantined, empty, records, stored, unchanged, superseded] = [
      ...line.matchAll(/(\d+) (?:read|accepted|quarantined|without|records|stored|unchanged|superseded)/g),
    ].map((m) => Number(m[1]));
    expect(accepted! + quarantined! + empty!).toBe(read);
    expect(stored! + unchanged! + superseded!).toBe(records);
  });

  it('lists quarantined records with their reason over the API', async () => {
    const admin = t.admin;
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/feeds/quarantine?source=osv', headers: admin });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { source: string; location: string; reason: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ source: 'osv', location: expect.stringContaining('broken.json'), reason: expect.any(String) });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/feeds/quarantine?source=nvd', headers: admin })).json()).toEqual({ items: [] });
  });

  it('refuses a folder that holds no feed', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'kanshi-empty-dump-'));
    await expect(t.rt.feeds.syncNow(undefined, empty)).rejects.toThrow(/holds no feed folder/);
  });
});
