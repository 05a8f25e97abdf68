import type { Readable } from 'node:stream';
import type { Logger } from '../src/core/logger.ts';
import type { Result } from '../src/core/result.ts';
import type { FeedRecord, FeedSourceName } from '../src/vulns/index.ts';

/**
 * One record as it came from the source, before normalisation. `location` says where it came
 * from (file and JSON pointer, URL, archive member) so a quarantined record can be found again.
 */
export interface RawRecord {
  /** The source's id for the record when it can be read without normalising (CVE-…, GHSA-…). */
  id?: string;
  location: string;
  /** Parsed JSON, an XML fragment as text, or a CSV row object: whatever `normalize` expects. */
  data: unknown;
  /** `data` as compact JSON text, when the reader has it without serialising `data` again. */
  text?: string;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Headers;
  body: Buffer;
}

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  /** Cut the body off past this many bytes (default from config). */
  maxBytes?: number;
  /** Statuses returned to the caller instead of retried or thrown (e.g. 404 for optional files). */
  acceptStatus?: number[];
}

/**
 * HTTP as feed adapters see it: retries with backoff on 429/503/5xx and network faults,
 * honours Retry-After, rate-limits per source, refuses private addresses unless configured,
 * enforces size limits and timeouts. Throws `HttpError` once retries are exhausted.
 */
export interface HttpClient {
  get(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  /** For large archives: the body as a stream, still size-limited. */
  stream(url: string, options?: HttpRequestOptions): Promise<{ status: number; url: string; headers: Headers; body: Readable }>;
}

export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface FeedContext<Options = unknown> {
  http: HttpClient;
  log: Logger;
  signal: AbortSignal;
  now(): Date;
  options: Options;
}

/**
 * Records fetched since the last checkpoint. The sync loop stores `records`, then persists
 * `checkpoint`; a restart resumes from the last persisted checkpoint, so an interrupted sync
 * re-fetches at most one batch and loses nothing.
 */
export interface FetchBatch {
  records: RawRecord[];
  /** Opaque to the caller; the adapter's own resume point (JSON string). */
  checkpoint: string;
  /** Records the adapter could not even split out (bad page); quarantined by the caller. */
  rejected?: RejectedRecord[];
}

export interface RejectedRecord {
  id?: string;
  location: string;
  reason: string;
}

/**
 * A source's published request budget: at most `requests` requests in any rolling `perMs`
 * window. The HttpClient spaces a source's requests to stay inside it.
 */
export interface RateLimit {
  requests: number;
  perMs: number;
}

/** One adapter per source; the dump reader and the network path share `normalize`. */
export interface FeedAdapter<Options = unknown> {
  readonly source: FeedSourceName;
  /** Default poll interval in ms (NVD 2 h, OSV 1 h, JVN 6 h, CSAF 1 h, KEV and EPSS daily). */
  readonly defaultIntervalMs: number;
  /**
   * Raw records of every file under `<dir>/<source>/` (DESIGN.md "Local feed dump"). Large files
   * and archives are streamed. Files or parts that cannot be split into records are yielded as
   * `{rejected}` so the caller quarantines them and goes on. `options` are the source's
   * configured options where they decide what a dump may contain (CSAF `allowedTlp`).
   */
  readDump(sourceDir: string, log: Logger, options?: Options): AsyncIterable<RawRecord | { rejected: RejectedRecord }>;
  /** Network sync from `checkpoint` (null: full initial sync). */
  fetch(ctx: FeedContext<Options>, checkpoint: string | null): AsyncIterable<FetchBatch>;
  /** The source's request budget for these options; absent when the source publishes none. */
  rateLimit?(options: Options): RateLimit;
  /** One raw record to zero or more unified records, or the reason it is malformed. */
  normalize(raw: RawRecord): Result<FeedRecord[]>;
}
