import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPostgres, runCase, type BenchFigure, type BenchSuite } from './bench.ts';
import { generateFeedDump } from './generate-feed-dump.ts';

const COUNTS = { nvd: 250_000, osv: 200_000 };
const TARGET_RECORDS_PER_S = 5000;
const TARGET_RSS_MB = 500;

/** A dump of 250,000 NVD and 200,000 OSV records imported into a fresh Postgres database through `kanshi feeds sync --from-dir`'s path. */
export const suite: BenchSuite = {
  name: 'feeds',
  async run(ctx): Promise<BenchFigure[]> {
    if (!ctx.postgresUrl) {
      ctx.progress('feeds import skipped: no Postgres reachable');
      return [];
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'kanshi-feed-dump-'));
    let database: { url: string; drop(): Promise<void> } | undefined;
    try {
      ctx.progress(`generating ${COUNTS.nvd} NVD and ${COUNTS.osv} OSV records`);
      await generateFeedDump(dir, COUNTS);
      database = await freshPostgres(ctx.postgresUrl, 'kanshi_bench_feeds');
      ctx.progress('importing the dump');
      const out = runCase('feeds-import', [dir, database.url]);
      const result = JSON.parse(out.trim().split('\n').pop()!) as { records: number; ms: number; peakRssMb: number };
      const perSecond = result.records / (result.ms / 1000);
      return [
        {
          name: 'feeds.import.records_per_s',
          value: Math.round(perSecond),
          unit: 'records/s',
          target: TARGET_RECORDS_PER_S,
          ratio: perSecond / TARGET_RECORDS_PER_S,
        },
        { name: 'feeds.import.peak_rss', value: Math.round(result.peakRssMb), unit: 'MB', target: TARGET_RSS_MB, ratio: result.peakRssMb / TARGET_RSS_MB },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database?.drop().catch(() => undefined);
    }
  },
};
