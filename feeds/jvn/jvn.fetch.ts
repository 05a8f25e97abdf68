import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { HttpError, type FeedContext, type FetchBatch, type RawRecord, type RejectedRecord } from '../feed-adapter.ts';
import { ofString, toRawRecords } from './jvn-records.ts';
import {
  DETAIL_FEED_FILE,
  MAX_DETAIL_BATCH,
  MAX_OVERVIEW_PAGE,
  checksumUrl,
  detailFeedUrl,
  detailUrl,
  jstDate,
  overviewUrl,
  type JvnLang,
} from './myjvn-urls.ts';
import { splitJvnRecords } from './xml-records.ts';

export interface JvnOptions {
  /** Default `https://jvndb.jvn.jp`. */
  baseUrl?: string;
  /** Default `ja`; `en` reads the English JVN iPedia. */
  lang?: JvnLang;
  /** Keep the yearly `jvndb_detail_YYYY.rdf` feeds in step (default true). */
  yearlyFeeds?: boolean;
  /** Without a checkpoint, how far back the overview API is asked (default 7 days). */
  initialLookbackDays?: number;
  overviewPageSize?: number;
  detailBatchSize?: number;
}

/** What a JVN sync has done: the sha256 of each yearly feed imported, and the last overview day. */
interface JvnCheckpoint {
  checksums: Record<string, string>;
  since?: string;
}

const RECORDS_PER_BATCH = 500;

function parseCheckpoint(s: string | null): JvnCheckpoint {
  if (!s) return { checksums: {} };
  try {
    const v = JSON.parse(s) as Partial<JvnCheckpoint>;
    return { checksums: v.checksums ?? {}, ...(typeof v.since === 'string' ? { since: v.since } : {}) };
  } catch {
    return { checksums: {} };
  }
}

interface ChecksumEntry {
  filename: string;
  sha256: string;
}

function parseChecksumList(body: Buffer, url: string): ChecksumEntry[] {
  let list: unknown;
  try {
    list = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new HttpError(url, 200, `checksum.txt is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(list)) throw new HttpError(url, 200, 'checksum.txt is not a JSON array');
  return list.flatMap((e: unknown) => {
    const { filename, sha256 } = (e ?? {}) as Record<string, unknown>;
    return typeof filename === 'string' && typeof sha256 === 'string' && DETAIL_FEED_FILE.test(filename) ? [{ filename, sha256: sha256.toLowerCase() }] : [];
  });
}

async function* decodeHashing(body: Readable, hash: Hash): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    yield decoder.decode(chunk, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function ensureOk(status: number, url: string): void {
  if (status !== 200) throw new HttpError(url, status, `unexpected HTTP ${status}`);
}

function throwOnApiError(status: Record<string, string> | undefined, url: string): void {
  const retCd = status?.retCd?.trim();
  if (retCd !== undefined && retCd !== '0') {
    throw new HttpError(url, 200, `MyJVN error ${status?.errCd ?? ''}: ${status?.errMsg ?? 'retCd ' + retCd}`);
  }
}

/**
 * One yearly detail feed, streamed, in batches. Only the last batch records the file's sha256
 * (into `cp`), so an interrupted or mismatching download is taken again next time.
 */
async function* yearlyFeed(ctx: FeedContext<JvnOptions>, url: string, entry: ChecksumEntry, cp: JvnCheckpoint): AsyncIterable<FetchBatch> {
  const res = await ctx.http.stream(url);
  ensureOk(res.status, url);
  const hash = createHash('sha256');
  const unchanged = JSON.stringify(cp);
  let records: RawRecord[] = [];
  let rejected: RejectedRecord[] = [];
  const warn = (m: string): void => ctx.log.warn(m);
  for await (const r of toRawRecords(splitJvnRecords(decodeHashing(res.body, hash)), url, warn)) {
    if ('rejected' in r) rejected.push(r.rejected);
    else records.push(r);
    if (records.length >= RECORDS_PER_BATCH) {
      yield { records, rejected, checkpoint: unchanged };
      records = [];
      rejected = [];
    }
  }
  const digest = hash.digest('hex');
  if (digest === entry.sha256) cp.checksums[entry.filename] = digest;
  else ctx.log.warn({ url, expected: entry.sha256, got: digest }, 'JVN detail feed does not match checksum.txt; it will be fetched again');
  yield { records, rejected, checkpoint: JSON.stringify(cp) };
}

/** Every overview page from `since`, following MyJVN's status block until totalRes is reached. */
async function overviewIds(ctx: FeedContext<JvnOptions>, base: string, lang: JvnLang, since: string, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  for (let startItem = 1; ;) {
    const url = overviewUrl(base, lang, since, startItem, pageSize);
    const res = await ctx.http.get(url);
    ensureOk(res.status, url);
    let status: Record<string, string> | undefined;
    const events = toRawRecords(
      splitJvnRecords(ofString(res.body.toString('utf8'))),
      url,
      (m) => ctx.log.warn(m),
      (a) => (status = a),
    );
    for await (const r of events) {
      if ('rejected' in r) ctx.log.warn({ ...r.rejected }, 'unreadable MyJVN overview item');
      else if (r.id) ids.push(r.id);
    }
    throwOnApiError(status, url);
    const total = Number(status?.totalRes);
    const returned = Number(status?.totalResRet);
    if (!(returned > 0) || !Number.isFinite(total)) break;
    startItem += returned;
    if (startItem > total) break;
  }
  return [...new Set(ids)];
}

export async function* fetchJvn(ctx: FeedContext<JvnOptions>, checkpoint: string | null): AsyncIterable<FetchBatch> {
  const o = ctx.options;
  const base = (o.baseUrl ?? 'https://jvndb.jvn.jp').replace(/\/+$/, '');
  const lang = o.lang ?? 'ja';
  const cp = parseCheckpoint(checkpoint);
  const today = jstDate(ctx.now());

  if (o.yearlyFeeds ?? true) {
    const url = checksumUrl(base, lang);
    const res = await ctx.http.get(url);
    ensureOk(res.status, url);
    const entries = parseChecksumList(res.body, url).sort((a, b) => a.filename.localeCompare(b.filename));
    for (const entry of entries) {
      if (ctx.signal.aborted) return;
      if (cp.checksums[entry.filename] === entry.sha256) continue;
      yield* yearlyFeed(ctx, detailFeedUrl(base, lang, entry.filename), entry, cp);
    }
  }

  const since = cp.since ?? jstDate(new Date(ctx.now().getTime() - (o.initialLookbackDays ?? 7) * 86_400_000));
  const pageSize = Math.min(Math.max(o.overviewPageSize ?? MAX_OVERVIEW_PAGE, 1), MAX_OVERVIEW_PAGE);
  const batchSize = Math.min(Math.max(o.detailBatchSize ?? MAX_DETAIL_BATCH, 1), MAX_DETAIL_BATCH);
  const ids = await overviewIds(ctx, base, lang, since, pageSize);
  const unchanged = JSON.stringify(cp);
  const done = JSON.stringify({ ...cp, since: today });
  if (ids.length === 0) {
    yield { records: [], checkpoint: done };
    return;
  }
  for (let i = 0; i < ids.length; i += batchSize) {
    if (ctx.signal.aborted) return;
    const chunk = ids.slice(i, i + batchSize);
    const url = detailUrl(base, lang, chunk);
    const res = await ctx.http.get(url);
    ensureOk(res.status, url);
    let status: Record<string, string> | undefined;
    const records: RawRecord[] = [];
    const rejected: RejectedRecord[] = [];
    for await (const r of toRawRecords(
      splitJvnRecords(ofString(res.body.toString('utf8'))),
      url,
      (m) => ctx.log.warn(m),
      (a) => (status = a),
    )) {
      if ('rejected' in r) rejected.push(r.rejected);
      else records.push(r);
    }
    throwOnApiError(status, url);
    const last = i + batchSize >= ids.length;
    yield { records, rejected, checkpoint: last ? done : unchanged };
  }
}
