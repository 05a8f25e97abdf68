import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSbom } from './index.ts';
import { testdata } from './testdata.ts';

const options = { validation: 'strict' as const, maxBytes: 1024 * 1024 };

describe('decoding and detection', () => {
  it('reads gzip-compressed SBOMs', async () => {
    const r = await parseSbom(gzipSync(testdata('cdx-1.6-nested.json')), options);
    expect(r.ok && r.sbom.components.length).toBe(7);
  });

  it('cuts a gzip bomb off at the cap with 413 instead of inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const before = process.memoryUsage().rss;
    expect(await parseSbom(bomb, options)).toMatchObject({ ok: false, status: 413, code: 'TOO_LARGE' });
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('refuses uncompressed input over the cap with 413', async () => {
    expect(await parseSbom(Buffer.alloc(options.maxBytes + 1, 0x20), options)).toMatchObject({ status: 413 });
  });

  it('reads UTF-8 with a byte order mark and UTF-16 in both byte orders', async () => {
    const text = testdata('spdx-2.3-small.spdx.json').toString('utf8');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), le, be]) {
      const r = await parseSbom(bytes, options);
      expect(r.ok && r.sbom.components.length).toBe(2);
    }
  });

  it('rejects invalid UTF-8, and text that is no SBOM format', async () => {
    expect(await parseSbom(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), options)).toMatchObject({ code: 'INVALID_ENCODING' });
    expect(await parseSbom(Buffer.from('hello world'), options)).toMatchObject({ status: 400, code: 'UNKNOWN_FORMAT' });
    expect(await parseSbom(Buffer.from('{"hello": "world"}'), options)).toMatchObject({ code: 'UNKNOWN_FORMAT' });
  });
});
