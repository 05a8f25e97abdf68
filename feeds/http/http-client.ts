import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../src/core/logger.ts';
import { HttpError, type HttpClient, type HttpRequestOptions, type HttpResponse } from '../feed-adapter.ts';
// fetch from the same undici as the Agent: Node's global fetch bundles its own undici, whose
// dispatcher interface need not match the npm package's major.
import { Agent, fetch, type Response } from 'undici';
import { checkUrl, guardedLookup, type Resolver } from './address-guard.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface HttpClientOptions {
  log: Logger;
  /** Per attempt: the whole exchange for `get`, until headers and then between chunks for `stream`. Config `http.timeout`. */
  timeoutMs: number;
  /** Default body cap, config `http.maxResponseBytes`; a request's `maxBytes` overrides it. */
  maxResponseBytes: number;
  /** Config `http.allowPrivateNetworks`: tests and air-gapped mirrors on private addresses. */
  allowPrivateNetworks: boolean;
  /** The source's budget, shared by every sync of that source in this process. */
  limiter?: RateLimiter;
  /** Sources that signal throttling with 403 (NVD) have it retried like a 429. */
  forbiddenMeansThrottled?: boolean;
  /** Aborts waits and requests when the sync is stopped. */
  signal?: AbortSignal;
  /** Attempts per request, default 6. */
  attempts?: number;
  /** First backoff step, default 1 s; doubled per attempt with jitter. */
  baseDelayMs?: number;
  /** Longest single wait, Retry-After included; default 5 min. */
  maxDelayMs?: number;
  /** Host name resolution, default the system resolver (`dns.lookup`); tests stand in their own. */
  resolve?: Resolver;
}

const REDIRECTS = 5;
const USER_AGENT = 'kanshi (supply-chain vulnerability monitor)';

/** Thrown for a fault worth another attempt. */
class Retryable extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Query parameters that may carry credentials are blanked in logs and errors. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) if (/key|token|secret|pass|auth/i.test(k)) u.searchParams.set(k, 'redacted');
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface Opened {
  res: Response;
  url: string;
  cancelTimeout(): void;
  signal: AbortSignal;
}

/** HttpClient over undici's fetch; see the interface for the behaviour it promises. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const attempts = options.attempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 300_000;
  // Every connection resolves its host through the guard, so the address checked is the one used.
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(options.allowPrivateNetworks, options.resolve) } });

  function isRetryableStatus(res: Response): boolean {
    if (res.status === 408 || res.status === 429 || (res.status >= 500 && res.status !== 501)) return true;
    return res.status === 403 && (options.forbiddenMeansThrottled === true || res.headers.has('retry-after'));
  }

  /** One attempt up to the response headers, following redirects and re-checking every hop. */
  async function open(url: string, req: HttpRequestOptions): Promise<Opened> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const cancelTimeout = (): void => clearTimeout(timer);
    let current = url;
    try {
      for (let hop = 0; ; hop++) {
        checkUrl(current, options.allowPrivateNetworks);
        await options.limiter?.acquire(options.signal);
        const res = await fetch(current, {
          headers: { 'user-agent': USER_AGENT, ...req.headers },
          redirect: 'manual',
          signal,
          dispatcher,
        });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          await res.body?.cancel();
          if (hop >= REDIRECTS) throw new HttpError(safeUrl(url), res.status, `more than ${REDIRECTS} redirects`);
          current = new URL(location, current).toString();
          continue;
        }
        if (res.ok || req.acceptStatus?.includes(res.status)) return { res, url: current, cancelTimeout, signal };
        await res.body?.cancel();
        if (isRetryableStatus(res)) {
          throw new Retryable(`HTTP ${res.status}`, res.status, retryAfterMs(res.headers.get('retry-after'), Date.now()));
        }
        throw new HttpError(safeUrl(current), res.status, `HTTP ${res.status} from ${safeUrl(current)}`);
      }
    } catch (e) {
      cancelTimeout();
      throw classify(e);
    }
  }

  /** Network faults and our own timeouts are retried; a stop of the sync and refusals are not. */
  function classify(e: unknown): Error {
    if (e instanceof HttpError || e instanceof Retryable) return e;
    // A host refused by the guard while connecting.
    if ((e as { cause?: unknown }).cause instanceof HttpError) return (e as { cause: HttpError }).cause;
    if (options.signal?.aborted) return options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted');
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return new Retryable(`network: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }

  async function withRetries<T>(url: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (e) {
        const err = classify(e);
        if (!(err instanceof Retryable)) throw err;
        if (n >= attempts) throw new HttpError(safeUrl(url), err.status, `${err.message} from ${safeUrl(url)} after ${n} attempts`);
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (n - 1)) * (0.5 + Math.random() / 2);
        const delayMs = Math.min(maxDelay, Math.max(backoff, err.retryAfterMs ?? 0));
        options.log.warn({ url: safeUrl(url), attempt: n, reason: err.message, delayMs: Math.round(delayMs) }, 'HTTP request failed; retrying');
        await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
      }
    }
  }

  function tooLarge(url: string, status: number, max: number): HttpError {
    return new HttpError(safeUrl(url), status, `response from ${safeUrl(url)} exceeds ${max} bytes`);
  }

  /** The declared length, when it describes the bytes we will count (no content coding in between). */
  function declaredLength(res: Response): number | undefined {
    const len = res.headers.get('content-length');
    if (len === null || res.headers.has('content-encoding')) return undefined;
    const n = Number(len);
    return Number.isSafeInteger(n) ? n : undefined;
  }

  return {
    get(url, req = {}) {
      const max = req.maxBytes ?? options.maxResponseBytes;
      return withRetries(url, async (): Promise<HttpResponse> => {
        const { res, url: finalUrl, cancelTimeout } = await open(url, req);
        try {
          const declared = declaredLength(res);
          if (declared !== undefined && declared > max) {
            await res.body?.cancel();
            throw tooLarge(finalUrl, res.status, max);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          if (res.body) {
            for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
              size += chunk.byteLength;
              if (size > max) throw tooLarge(finalUrl, res.status, max);
              chunks.push(Buffer.from(chunk));
            }
          }
          if (declared !== undefined && size !== declared) throw new Retryable(`truncated body: ${size} of ${declared} bytes`);
          return { status: res.status, url: finalUrl, headers: res.headers, body: Buffer.concat(chunks, size) };
        } finally {
          cancelTimeout();
        }
      });
    },

    stream(url, req = {}) {
      const max = req.maxBytes ?? options.maxResponseBytes;
      return withRetries(url, async () => {
        const { res, url: finalUrl, cancelTimeout } = await open(url, req);
        cancelTimeout();
        const declared = declaredLength(res);
        if (declared !== undefined && declared > max) {
          await res.body?.cancel();
          throw tooLarge(finalUrl, res.status, max);
        }
        const source = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
        let size = 0;
        let idle: NodeJS.Timeout | undefined;
        const guard = new Transform({
          transform(chunk: Buffer, _enc, done) {
            size += chunk.length;
            armIdle();
            if (size > max) done(tooLarge(finalUrl, res.status, max));
            else done(null, chunk);
          },
          flush(done) {
            clearTimeout(idle);
            if (declared !== undefined && size !== declared) {
              done(new HttpError(safeUrl(finalUrl), res.status, `truncated body: ${size} of ${declared} bytes`));
            } else done();
          },
        });
        const armIdle = (): void => {
          clearTimeout(idle);
          idle = setTimeout(() => guard.destroy(new HttpError(safeUrl(finalUrl), res.status, `no data for ${options.timeoutMs} ms`)), options.timeoutMs);
        };
        armIdle();
        source.on('error', (e) => guard.destroy(e));
        guard.on('close', () => {
          clearTimeout(idle);
          source.destroy();
        });
        source.pipe(guard);
        return { status: res.status, url: finalUrl, headers: res.headers, body: guard };
      });
    },
  };
}
