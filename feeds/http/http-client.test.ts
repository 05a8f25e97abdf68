import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/core/logger.ts';
import { startLocalServer, type LocalServer } from '../../test/support/local-server.ts';
import { HttpError } from '../feed-adapter.ts';
import { isPublicAddress } from './address-guard.ts';
import { createHttpClient, type HttpClientOptions } from './http-client.ts';
import { RateLimiter } from './rate-limiter.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (over: Partial<HttpClientOptions> = {}) =>
  createHttpClient({ log: silentLogger(), timeoutMs: 2000, maxResponseBytes: 1 << 20, allowPrivateNetworks: true, baseDelayMs: 5, attempts: 3, ...over });

describe('address guard', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['8.8.8.8', true],
    ['2001:4860:4860::8888', true],
  ])('%s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('HTTP client against a local server', () => {
  it('refuses loopback addresses unless private networks are allowed', async () => {
    server = await startLocalServer((_u, _r, res) => res.end('secret'));
    await expect(client({ allowPrivateNetworks: false }).get(`${server.url}/x`)).rejects.toThrow(/non-public address 127\.0\.0\.1/);
    await expect(client({ allowPrivateNetworks: false }).get(`http://localhost:${new URL(server.url).port}/x`)).rejects.toThrow(/non-public/);
    expect(server.requests).toHaveLength(0);
    expect((await client().get(`${server.url}/x`)).body.toString()).toBe('secret');
  });

  it('connects to the address it checked: a name is resolved once, by the guard, for the connection', async () => {
    server = await startLocalServer((_u, _r, res) => res.end('via the guard'));
    const url = `http://feed.invalid:${new URL(server.url).port}/x`;
    const calls: string[] = [];
    // `feed.invalid` exists in no DNS: the request can only reach the server through this answer.
    const resolve = ((host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => {
      calls.push(host);
      cb(null, [{ address: '127.0.0.1', family: 4 }]);
    }) as unknown as NonNullable<HttpClientOptions['resolve']>;
    await expect(client({ allowPrivateNetworks: false, resolve, attempts: 1 }).get(url)).rejects.toThrow(
      /feed\.invalid: resolves to non-public address 127\.0\.0\.1/,
    );
    expect(server.requests).toHaveLength(0);
    expect(calls).toEqual(['feed.invalid']);
    expect((await client({ resolve }).get(url)).body.toString()).toBe('via the guard');
  });

  it('refuses other schemes, also when a redirect points to one', async () => {
    server = await startLocalServer((_u, _r, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(client().get('file:///etc/passwd')).rejects.toThrow(/only http and https/);
    await expect(client().get(`${server.url}/r`)).rejects.toThrow(/only http and https/);
  });

  it('cuts a body off past the size cap without retrying', async () => {
    server = await startLocalServer((_u, _r, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(5000, 97));
    });
    const err = await client({ maxResponseBytes: 1000 })
      .get(`${server.url}/big`)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as Error).message).toMatch(/exceeds 1000 bytes/);
    expect(server.requests).toHaveLength(1);
    const streamed = await client({ maxResponseBytes: 1000 }).stream(`${server.url}/big`);
    await expect(streamed.body.toArray()).rejects.toThrow(/exceeds 1000 bytes/);
  });

  it('retries a stalled body after the timeout and a truncated one, and gives up on 404 at once', async () => {
    let n = 0;
    server = await startLocalServer((url, _r, res) => {
      if (url.pathname === '/missing') return void res.writeHead(404).end();
      n++;
      res.writeHead(200, { 'content-length': 10 });
      if (n === 1) res.write('12345');
      else if (n === 2) res.end('12345');
      else res.end('0123456789');
    });
    const res = await client({ timeoutMs: 300 }).get(`${server.url}/flaky`);
    expect(res.body.toString()).toBe('0123456789');
    expect(n).toBe(3);
    await expect(client().get(`${server.url}/missing`)).rejects.toMatchObject({ status: 404 });
    expect(server.requests.filter((r) => r.url.pathname === '/missing')).toHaveLength(1);
    expect((await client().get(`${server.url}/missing`, { acceptStatus: [404] })).status).toBe(404);
  });

  it('retries 403 only for sources that throttle with it, and never logs the API key', async () => {
    let n = 0;
    server = await startLocalServer((_u, _r, res) => {
      n++;
      if (n === 1) res.writeHead(403).end();
      else res.end('ok');
    });
    const lines: string[] = [];
    const log = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    await expect(client().get(`${server.url}/a`)).rejects.toMatchObject({ status: 403 });
    n = 0;
    const throttled = client({ log, forbiddenMeansThrottled: true });
    const res = await throttled.get(`${server.url}/a?apiKey=sekrit-query`, { headers: { apiKey: 'sekrit-header' } });
    expect(res.body.toString()).toBe('ok');
    expect(server.requests.at(-1)!.headers.apikey).toBe('sekrit-header');
    expect(lines.join('')).toMatch(/retrying/);
    expect(lines.join('')).not.toMatch(/sekrit/);
  });
});

describe('rate limiter', () => {
  it('starts at most `requests` in any window', async () => {
    const limiter = new RateLimiter({ requests: 2, perMs: 200 });
    const t0 = Date.now();
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire().then(() => starts.push(Date.now() - t0))));
    starts.sort((a, b) => a - b);
    expect(starts[1]!).toBeLessThan(100);
    expect(starts[2]!).toBeGreaterThanOrEqual(195);
    expect(starts[4]!).toBeGreaterThanOrEqual(395);
  });
});
