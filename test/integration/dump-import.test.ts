import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SyncReport } from '../../feeds/sync/feed-sync.service.ts';
import { createLogger } from '../../src/core/logger.ts';
import { packageRoot } from '../../src/core/package-root.ts';
import { describeDatabases } from '../support/databases.ts';
import { openFeedsHarness, type FeedsHarness } from '../support/feeds-module.ts';

const testdata = (source: string): string => path.join(packageRoot(), 'feeds', source, 'testdata', 'dump');
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** A migrated database, a worker thread per sync (its own module graph) and two imports: up to half a minute on a loaded 2-core machine. */
const SETUP_TIMEOUT_MS = 180_000;

/**
 * `feeds sync --from-dir` reads and prepares batches in a worker thread and hands the record
 * texts over as bytes (Postgres) or strings (PGlite): what is stored must be what the records
 * say, bad records quarantined as before, and the thread's log lines and failures must reach
 * the sync.
 */
describeDatabases('dump import through the reader thread', (target) => {
  let h: FeedsHarness;
  let dump: string;
  const lines: string[] = [];
  let reports: SyncReport[];

  beforeAll(async () => {
    dump = mkdtempSync(path.join(tmpdir(), 'kanshi-dump-'));
    for (const source of ['nvd', 'jvn']) cpSync(testdata(source), path.join(dump, source), { recursive: true });
    const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    h = await openFeedsHarness(target, { log: createLogger({ level: 'debug', destination }) });
    reports = [...(await h.module.syncNow('nvd', dump)), ...(await h.module.syncNow('jvn', dump))];
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await h?.close();
    rmSync(dump, { recursive: true, force: true });
  });

  it('stores every record text as read, Japanese included, and quarantines the bad files', async () => {
    for (const r of reports) expect(r.error, r.source).toBeUndefined();

    const stored = rowsOf<{ source: string; normalized: string; raw: string; content_hash: string }>(
      await h.database.db.execute(sql`select source, normalized, raw, content_hash from advisories order by source, source_id`),
    );
    expect(stored.length).toBe(reports.reduce((n, r) => n + r.stored, 0));
    for (const a of stored) {
      expect(createHash('sha256').update(a.normalized).digest('hex')).toBe(a.content_hash);
      expect(() => JSON.parse(a.normalized) as unknown).not.toThrow();
    }
    const jvn = stored.filter((a) => a.source === 'jvn');
    expect(jvn.length).toBeGreaterThan(0);
    expect(jvn.some((a) => JAPANESE.test(a.normalized) && JAPANESE.test(a.raw))).toBe(true);

    const quarantined = rowsOf<{ source: string; location: string }>(
      await h.database.db.execute(sql`select source, location from feed_quarantine order by location`),
    );
    // Files that are not records, and the malformed records inside good files (by line or JSON pointer).
    expect(quarantined.map((q) => `${q.source} ${path.basename(q.location.replace(/[#:].*$/, ''))}`).sort()).toEqual([
      'jvn bad-markup.rdf',
      'jvn jvndb_detail_2024.rdf',
      'jvn jvndb_detail_2024.rdf',
      'jvn truncated.rdf',
      'jvn xxe.xml',
      'nvd nvdcve-1.1-2019.json',
      'nvd page-0.json',
      'nvd page-0.json',
      'nvd truncated.json',
    ]);
    for (const r of reports) expect(r.quarantined, r.source).toBe(quarantined.filter((q) => q.source === r.source).length);
  });

  it("forwards the reader thread's log lines to the sync's logger", () => {
    expect(lines.some((l) => l.includes('NVD dump file skipped') && l.includes('"feed":"nvd"'))).toBe(true);
  });

  it('reports a dump the thread cannot read as the sync error, and the next sync runs', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'kanshi-dump-'));
    try {
      // `<dump>/nvd` is a file, not a folder: listing it fails inside the thread.
      writeFileSync(path.join(broken, 'nvd'), 'not a folder');
      const [failed] = await h.module.syncNow('nvd', broken);
      expect(failed?.error).toMatch(/ENOTDIR/);
      expect((await h.module.status()).find((s) => s.source === 'nvd')?.lastError).toMatch(/ENOTDIR/);

      rmSync(path.join(broken, 'nvd'));
      mkdirSync(path.join(broken, 'nvd'));
      const [again] = await h.module.syncNow('nvd', dump);
      expect(again?.error).toBeUndefined();
      expect(again?.stored).toBe(0);
      expect(again?.unchanged).toBeGreaterThan(0);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
