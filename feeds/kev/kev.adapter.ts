import type { Logger } from '../../src/core/logger.ts';
import { walkFiles } from '../dump-files.ts';
import type { FeedAdapter, FeedContext, FetchBatch, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { parseJson, readJsonFile } from '../json-input.ts';
import { splitKevCatalog } from './kev-catalog.split.ts';
import { normalizeKevEntry } from './kev-entry.normalize.ts';

const KEV_FEED_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
/** The whole catalog is about 1.5 MB. */
const MAX_CATALOG_BYTES = 64 * 1024 * 1024;

export interface KevOptions {
  /** Catalog JSON; default CISA's feed (the cisagov/kev-data mirror or a test server otherwise). */
  url?: string;
}

/** Only `.json` files directly in the folder: the catalog's CSV twin holds the same entries. */
async function* readKevDump(dir: string, _log: Logger): AsyncIterable<RawRecord | { rejected: RejectedRecord }> {
  for await (const file of walkFiles(dir, (p) => p.endsWith('.json') && !p.includes('/'))) {
    const json = await readJsonFile(file, MAX_CATALOG_BYTES);
    const catalog = json.ok ? splitKevCatalog(json.value, file) : { reason: `${json.code}: ${json.message}` };
    if ('reason' in catalog) {
      yield { rejected: { location: file, reason: catalog.reason } };
      continue;
    }
    yield* catalog.records;
    for (const rejected of catalog.rejected) yield { rejected };
  }
}

/**
 * The catalog has no paging and no increments: it is read whole, and skipped when its
 * `catalogVersion` and `dateReleased` match the checkpoint.
 */
async function* fetchKev(ctx: FeedContext<KevOptions>, checkpoint: string | null): AsyncIterable<FetchBatch> {
  const url = ctx.options.url ?? KEV_FEED_URL;
  const res = await ctx.http.get(url, { maxBytes: MAX_CATALOG_BYTES });
  const json = parseJson(res.body.toString('utf8'));
  const catalog = json.ok ? splitKevCatalog(json.value, url) : { reason: `${json.code}: ${json.message}` };
  if ('reason' in catalog) throw new Error(`KEV catalog at ${url}: ${catalog.reason}`);
  const version = JSON.stringify(catalog.version);
  if (version === checkpoint) {
    ctx.log.debug({ ...catalog.version }, 'KEV catalog unchanged');
    return;
  }
  yield { records: catalog.records, rejected: catalog.rejected, checkpoint: version };
}

/** CISA Known Exploited Vulnerabilities: exploitation status, due date and ransomware use per CVE. */
export const kevAdapter: FeedAdapter<KevOptions> = {
  source: 'kev',
  defaultIntervalMs: 24 * 60 * 60 * 1000,
  readDump: readKevDump,
  fetch: fetchKev,
  normalize: normalizeKevEntry,
};
