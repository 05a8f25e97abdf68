import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../src/core/logger.ts';
import { walkFiles } from '../dump-files.ts';
import type { FeedAdapter, FeedContext, FetchBatch, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject, parseJson } from '../json-input.ts';
import { epssItems, epssLines, type EpssItem } from './epss-csv.read.ts';
import { normalizeEpssRow } from './epss-row.normalize.ts';

/** FIRST's documented address; it now redirects to epss.empiricalsecurity.com, which fetch follows. */
const EPSS_CURRENT_URL = 'https://epss.cyentia.com/epss_scores-current.csv.gz';
const BATCH_SIZE = 10_000;

export interface EpssOptions {
  /** Daily scores file (`.csv` or `.csv.gz`); default FIRST's current file. */
  url?: string;
}

/** Rows of one file; a file that breaks off (bad gzip, over the size cap) is rejected from there on. */
async function* fileItems(items: AsyncGenerator<EpssItem>, location: string): AsyncGenerator<EpssItem> {
  try {
    yield* items;
  } catch (e) {
    yield { rejected: { location, reason: `unreadable EPSS file: ${(e as Error).message}` } };
  }
}

async function* readEpssDump(dir: string, _log: Logger): AsyncIterable<RawRecord | { rejected: RejectedRecord }> {
  for await (const file of walkFiles(dir, (p) => p.endsWith('.csv') || p.endsWith('.csv.gz'))) {
    const lines = epssLines(createReadStream(file), file.endsWith('.gz'));
    for await (const item of fileItems(epssItems(lines, file, path.basename(file)), file)) {
      if (!('header' in item)) yield item;
    }
  }
}

function lastScoreDate(checkpoint: string | null): string | undefined {
  const parsed = checkpoint === null ? undefined : parseJson(checkpoint);
  const date = parsed?.ok && isObject(parsed.value) ? parsed.value.scoreDate : undefined;
  return typeof date === 'string' ? date : undefined;
}

/** The whole daily file, skipped once its score date is the checkpoint's. */
async function* fetchEpss(ctx: FeedContext<EpssOptions>, checkpoint: string | null): AsyncIterable<FetchBatch> {
  const url = ctx.options.url ?? EPSS_CURRENT_URL;
  const res = await ctx.http.stream(url);
  const name = path.basename(new URL(res.url || url).pathname);
  const items = epssItems(epssLines(res.body, name.endsWith('.gz')), url, name);
  try {
    const first = await items.next();
    if (first.done) return;
    if (!('header' in first.value)) throw new Error(`EPSS file at ${url}: ${'rejected' in first.value ? first.value.rejected.reason : 'no header'}`);
    const { date } = first.value.header;
    if (date === lastScoreDate(checkpoint)) {
      ctx.log.debug({ date }, 'EPSS scores unchanged');
      return;
    }
    const before = checkpoint ?? JSON.stringify({ scoreDate: null });
    let records: RawRecord[] = [];
    for await (const item of items) {
      if ('header' in item || 'rejected' in item) continue;
      records.push(item);
      if (records.length === BATCH_SIZE) {
        yield { records, checkpoint: before };
        records = [];
      }
    }
    yield { records, checkpoint: JSON.stringify({ scoreDate: date }) };
  } finally {
    await items.return(undefined);
    res.body.destroy();
  }
}

/** FIRST EPSS: the daily probability of exploitation and its percentile per CVE. */
export const epssAdapter: FeedAdapter<EpssOptions> = {
  source: 'epss',
  defaultIntervalMs: 24 * 60 * 60 * 1000,
  readDump: readEpssDump,
  fetch: fetchEpss,
  normalize: normalizeEpssRow,
};
