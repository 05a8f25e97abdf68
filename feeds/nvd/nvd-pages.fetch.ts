import type { FeedContext, FetchBatch, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject, parseJson } from '../json-input.ts';
import { splitNvdDocument, type PageInfo } from './nvd-document.split.ts';

const NVD_CVE_API = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
/** NVD refuses larger pages on `/cves/2.0`. */
const NVD_MAX_PAGE = 2000;
/** NVD's limit for any `lastModStartDate`/`lastModEndDate` pair. */
export const NVD_MAX_WINDOW_MS = 120 * 24 * 60 * 60 * 1000;
/** NVD sometimes cuts bodies short; a page with the wrong item count is asked for again. */
const PAGE_ATTEMPTS = 3;

export interface NvdOptions {
  /** NVD API key, sent as the `apiKey` header; raises the budget from 5 to 50 requests per 30 s. */
  apiKey?: string;
  /** CVE API endpoint; default the public NVD API (a mirror or a test server otherwise). */
  baseUrl?: string;
  /** Page size, default and at most 2000. */
  resultsPerPage?: number;
}

/**
 * `initial`: paging through every CVE; `startIndex` is the next page, `startedAt` when paging
 * began (the incremental phase starts there, so changes made during a long initial sync are
 * picked up). `incremental`: everything modified up to `since` is stored.
 */
export type NvdCheckpoint = { phase: 'initial'; startIndex: number; startedAt: string } | { phase: 'incremental'; since: string };

function readCheckpoint(text: string | null, ctx: FeedContext<NvdOptions>): NvdCheckpoint {
  const fresh: NvdCheckpoint = { phase: 'initial', startIndex: 0, startedAt: ctx.now().toISOString() };
  if (text === null) return fresh;
  const parsed = parseJson(text);
  const c = parsed.ok && isObject(parsed.value) ? parsed.value : {};
  if (c.phase === 'initial' && typeof c.startIndex === 'number' && typeof c.startedAt === 'string') {
    return { phase: 'initial', startIndex: c.startIndex, startedAt: c.startedAt };
  }
  if (c.phase === 'incremental' && typeof c.since === 'string' && !Number.isNaN(Date.parse(c.since))) {
    return { phase: 'incremental', since: c.since };
  }
  ctx.log.warn({ checkpoint: text }, 'unreadable NVD checkpoint; starting a full sync');
  return fresh;
}

/** NVD wants an explicit offset; `Z` is not in its documented examples. */
const nvdDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');

interface Page {
  records: RawRecord[];
  rejected: RejectedRecord[];
  page: PageInfo;
}

async function getPage(ctx: FeedContext<NvdOptions>, params: Record<string, string>, pageSize: number): Promise<Page> {
  const url = `${ctx.options.baseUrl ?? NVD_CVE_API}?${new URLSearchParams(params).toString()}`;
  const headers: Record<string, string> = ctx.options.apiKey ? { apiKey: ctx.options.apiKey } : {};
  let problem = '';
  for (let attempt = 1; attempt <= PAGE_ATTEMPTS; attempt++) {
    ctx.signal.throwIfAborted();
    const res = await ctx.http.get(url, { headers });
    const json = parseJson(res.body.toString('utf8'));
    if (!json.ok) {
      problem = `body is not JSON (${json.message})`;
      continue;
    }
    const doc = splitNvdDocument(json.value, url);
    if (doc.kind !== 'cves' || !doc.page) {
      problem = doc.kind === 'cves' ? 'no paging fields' : doc.reason;
      continue;
    }
    const { records, rejected, page } = doc;
    const expected = Math.max(0, Math.min(pageSize, page.totalResults - page.startIndex));
    if (records.length + rejected.length === expected) return { records, rejected, page };
    problem = `${records.length + rejected.length} items where ${expected} were due`;
    ctx.log.warn({ url, attempt, problem }, 'NVD page incomplete; asking again');
  }
  throw new Error(`NVD page ${url}: ${problem} after ${PAGE_ATTEMPTS} attempts`);
}

/** Pages `params` from 0; `checkpointAt(last)` says what each batch persists. */
async function* pages(
  ctx: FeedContext<NvdOptions>,
  params: Record<string, string>,
  firstIndex: number,
  checkpointAt: (nextIndex: number, last: boolean) => NvdCheckpoint,
): AsyncIterable<FetchBatch> {
  const pageSize = Math.min(ctx.options.resultsPerPage ?? NVD_MAX_PAGE, NVD_MAX_PAGE);
  let startIndex = firstIndex;
  for (;;) {
    const { records, rejected, page } = await getPage(ctx, { ...params, startIndex: String(startIndex), resultsPerPage: String(pageSize) }, pageSize);
    startIndex += pageSize;
    const last = startIndex >= page.totalResults;
    yield { records, rejected, checkpoint: JSON.stringify(checkpointAt(startIndex, last)) };
    if (last) return;
  }
}

/**
 * Full sync by pages, then incremental by `lastMod` windows of at most 120 days up to now.
 * Inside a window the checkpoint stays at the window's start (a restart re-reads that window,
 * whose order may have shifted); it moves to the window's end after its last page.
 */
export async function* fetchNvd(ctx: FeedContext<NvdOptions>, checkpointText: string | null): AsyncIterable<FetchBatch> {
  const checkpoint = readCheckpoint(checkpointText, ctx);
  let since: string;
  if (checkpoint.phase === 'initial') {
    const { startedAt } = checkpoint;
    yield* pages(ctx, {}, checkpoint.startIndex, (startIndex, last) =>
      last ? { phase: 'incremental', since: startedAt } : { phase: 'initial', startIndex, startedAt },
    );
    since = startedAt;
  } else {
    since = checkpoint.since;
  }
  const end = ctx.now().getTime();
  let start = Date.parse(since);
  while (start < end) {
    const windowEnd = Math.min(start + NVD_MAX_WINDOW_MS, end);
    const windowStart = new Date(start).toISOString();
    const params = { lastModStartDate: nvdDate(new Date(start)), lastModEndDate: nvdDate(new Date(windowEnd)) };
    yield* pages(ctx, params, 0, (_next, last) => ({
      phase: 'incremental',
      since: last ? new Date(windowEnd).toISOString() : windowStart,
    }));
    start = windowEnd;
  }
}
