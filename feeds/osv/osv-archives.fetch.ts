import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import type { FeedContext, FetchBatch, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject, parseJson } from '../json-input.ts';
import { splitOsvDocument } from './osv-document.split.ts';
import { DEFAULT_ZIP_LIMITS, readZipJson, type ZipLimits } from './osv-zip.read.ts';

const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';
const BATCH_SIZE = 1000;
/** Records fetched one by one in parallel during an incremental sync. */
const PARALLEL_GETS = 8;

export interface OsvOptions {
  /**
   * OSV ecosystems to follow, as OSV names them (`npm`, `PyPI`, `Maven`, `Debian:12`); a
   * release suffix is dropped because OSV exports per base ecosystem. No default here: the
   * sync layer passes the ecosystems present in the inventory.
   */
  ecosystems: string[];
  /** Export bucket over HTTPS; default the public OSV bucket (a mirror or a test server otherwise). */
  baseUrl?: string;
  /** Largest `all.zip` download in bytes, default 4 GiB. */
  maxArchiveBytes?: number;
  zipLimits?: Partial<ZipLimits>;
}

/** Per ecosystem directory, the newest `modified` already stored; absent: not imported yet. */
export interface OsvCheckpoint {
  watermarks: Record<string, string>;
}

function readCheckpoint(text: string | null, ctx: FeedContext<OsvOptions>): OsvCheckpoint {
  if (text === null) return { watermarks: {} };
  const parsed = parseJson(text);
  const w = parsed.ok && isObject(parsed.value) ? parsed.value.watermarks : undefined;
  if (isObject(w) && Object.values(w).every((v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)))) {
    return { watermarks: w as Record<string, string> };
  }
  ctx.log.warn({ checkpoint: text }, 'unreadable OSV checkpoint; importing the archives again');
  return { watermarks: {} };
}

const ecosystemDir = (ecosystem: string): string => ecosystem.split(':')[0] ?? ecosystem;
const bucketUrl = (ctx: FeedContext<OsvOptions>, ...parts: string[]): string => [ctx.options.baseUrl ?? OSV_BUCKET, ...parts.map(encodeURIComponent)].join('/');

const modifiedOf = (r: RawRecord): number => {
  const m = isObject(r.data) ? r.data.modified : undefined;
  return typeof m === 'string' ? Date.parse(m) : Number.NaN;
};

/**
 * `<dir>/all.zip`, downloaded to a temporary file (zip needs random access) and read member by
 * member. The watermark becomes the newest `modified` in the archive, not the download time:
 * the export lags behind, and records changed in between must still come through the listing.
 */
async function* importArchive(ctx: FeedContext<OsvOptions>, dir: string, watermarks: Record<string, string>): AsyncIterable<FetchBatch> {
  const url = bucketUrl(ctx, dir, 'all.zip');
  const tmp = await mkdtemp(path.join(tmpdir(), 'kanshi-osv-'));
  try {
    const file = path.join(tmp, 'all.zip');
    const res = await ctx.http.stream(url, { maxBytes: ctx.options.maxArchiveBytes ?? 4 * 1024 ** 3 });
    await pipeline(res.body, createWriteStream(file), { signal: ctx.signal });
    const limits = { ...DEFAULT_ZIP_LIMITS, ...ctx.options.zipLimits };
    let records: RawRecord[] = [];
    let rejected: RejectedRecord[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    const checkpoint = JSON.stringify({ watermarks });
    for await (const member of readZipJson(file, limits)) {
      if ('rejected' in member) {
        rejected.push({ ...member.rejected, location: member.rejected.location.replace(file, url) });
        continue;
      }
      const location = `${url}!/${member.name}`;
      const json = parseJson(member.text);
      if (!json.ok) {
        rejected.push({ location, reason: `${json.code}: ${json.message}` });
        continue;
      }
      const doc = splitOsvDocument(json.value, location);
      for (const r of doc.records) {
        const modified = modifiedOf(r);
        if (!Number.isNaN(modified)) newest = Math.max(newest, modified);
      }
      records.push(...doc.records);
      rejected.push(...doc.rejected);
      if (records.length >= BATCH_SIZE) {
        yield { records, rejected, checkpoint };
        records = [];
        rejected = [];
      }
    }
    const watermark = Number.isFinite(newest) ? new Date(newest).toISOString() : ctx.now().toISOString();
    yield { records, rejected, checkpoint: JSON.stringify({ watermarks: { ...watermarks, [dir]: watermark } }) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Ids changed after `since`, newest first, read from the listing until the first older line. */
async function changedIds(ctx: FeedContext<OsvOptions>, dir: string, since: number): Promise<{ ids: string[]; newest?: string }> {
  const res = await ctx.http.stream(bucketUrl(ctx, dir, 'modified_id.csv'));
  const ids: string[] = [];
  let newest: string | undefined;
  const lines = createInterface({ input: res.body, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const comma = line.indexOf(',');
      const at = Date.parse(line.slice(0, comma));
      const id = line.slice(comma + 1).trim();
      if (comma < 0 || Number.isNaN(at) || id === '') {
        if (line.trim() !== '') ctx.log.warn({ dir, line }, 'unreadable line in OSV modified_id.csv');
        continue;
      }
      if (at <= since) break;
      newest ??= new Date(at).toISOString();
      ids.push(id);
    }
  } finally {
    lines.close();
    res.body.destroy();
  }
  return newest === undefined ? { ids } : { ids, newest };
}

async function getRecord(ctx: FeedContext<OsvOptions>, dir: string, id: string): Promise<{ records: RawRecord[]; rejected: RejectedRecord[] }> {
  const url = bucketUrl(ctx, dir, `${id}.json`);
  const res = await ctx.http.get(url, { acceptStatus: [404] });
  if (res.status === 404) {
    ctx.log.warn({ url }, 'OSV record listed as modified but not found; skipped');
    return { records: [], rejected: [] };
  }
  const json = parseJson(res.body.toString('utf8'));
  return json.ok ? splitOsvDocument(json.value, url) : { records: [], rejected: [{ id, location: url, reason: `${json.code}: ${json.message}` }] };
}

async function* incremental(ctx: FeedContext<OsvOptions>, dir: string, watermarks: Record<string, string>): AsyncIterable<FetchBatch> {
  const { ids, newest } = await changedIds(ctx, dir, Date.parse(watermarks[dir] ?? ''));
  if (newest === undefined) return;
  const before = JSON.stringify({ watermarks });
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    const records: RawRecord[] = [];
    const rejected: RejectedRecord[] = [];
    const slice = ids.slice(i, i + BATCH_SIZE);
    for (let j = 0; j < slice.length; j += PARALLEL_GETS) {
      ctx.signal.throwIfAborted();
      for (const got of await Promise.all(slice.slice(j, j + PARALLEL_GETS).map((id) => getRecord(ctx, dir, id)))) {
        records.push(...got.records);
        rejected.push(...got.rejected);
      }
    }
    const last = i + BATCH_SIZE >= ids.length;
    yield { records, rejected, checkpoint: last ? JSON.stringify({ watermarks: { ...watermarks, [dir]: newest } }) : before };
  }
}

/**
 * Per ecosystem: the whole `all.zip` the first time, afterwards the records the ecosystem's
 * `modified_id.csv` lists as changed since its watermark. Each ecosystem's watermark moves only
 * with the batch that completes it, so a restart re-reads at most that ecosystem's pass.
 */
export async function* fetchOsv(ctx: FeedContext<OsvOptions>, checkpointText: string | null): AsyncIterable<FetchBatch> {
  const watermarks = { ...readCheckpoint(checkpointText, ctx).watermarks };
  for (const dir of new Set(ctx.options.ecosystems.map(ecosystemDir))) {
    const pass = watermarks[dir] === undefined ? importArchive(ctx, dir, watermarks) : incremental(ctx, dir, watermarks);
    for await (const batch of pass) {
      yield batch;
      Object.assign(watermarks, (JSON.parse(batch.checkpoint) as OsvCheckpoint).watermarks);
    }
  }
}
