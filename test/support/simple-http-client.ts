import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpError, type FeedContext, type HttpClient, type HttpRequestOptions } from '../../feeds/feed-adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';

/**
 * The HttpClient contract over plain `fetch`, for adapter tests against a local server: no
 * retries, no rate limiting, no address checks. A status outside 2xx and `acceptStatus` throws.
 */
function simpleHttpClient(): HttpClient {
  async function request(url: string, options: HttpRequestOptions): Promise<Response> {
    const res = await fetch(url, options.headers ? { headers: options.headers } : {});
    if (!res.ok && !options.acceptStatus?.includes(res.status)) {
      await res.body?.cancel();
      throw new HttpError(url, res.status, `HTTP ${res.status} from ${url}`);
    }
    return res;
  }
  return {
    async get(url, options = {}) {
      const res = await request(url, options);
      const body = Buffer.from(await res.arrayBuffer());
      if (options.maxBytes !== undefined && body.length > options.maxBytes) {
        throw new HttpError(url, res.status, `body of ${body.length} bytes exceeds ${options.maxBytes}`);
      }
      return { status: res.status, url: res.url, headers: res.headers, body };
    },
    async stream(url, options = {}) {
      const res = await request(url, options);
      const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
      return { status: res.status, url: res.url, headers: res.headers, body };
    },
  };
}

/** A FeedContext for adapter tests: this client, a silent logger, a fixed clock. */
export function testFeedContext<Options>(options: Options, now: Date, http: HttpClient = simpleHttpClient()): FeedContext<Options> {
  return { http, log: silentLogger(), signal: new AbortController().signal, now: () => now, options };
}
