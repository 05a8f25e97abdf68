import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csafAdapter } from '../../feeds/csaf/csaf.adapter.ts';
import { epssAdapter } from '../../feeds/epss/epss.adapter.ts';
import type { FeedAdapter } from '../../feeds/feed-adapter.ts';
import { jvnAdapter } from '../../feeds/jvn/jvn.adapter.ts';
import { kevAdapter } from '../../feeds/kev/kev.adapter.ts';
import { nvdAdapter } from '../../feeds/nvd/nvd.adapter.ts';
import { osvAdapter } from '../../feeds/osv/osv.adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { expectBounded, fuzzOptions, fuzzTimeout, mutatedJson, mutatedText } from '../support/fuzz.ts';

const feedsDir = new URL('../../feeds/', import.meta.url);
const seed = (file: string): string => readFileSync(new URL(file, feedsDir), 'utf8');

const work = mkdtempSync(path.join(tmpdir(), 'kanshi-fuzz-feeds-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A dump folder holding one mutated file, read by the adapter's own dump reader, every record
 * normalised: the reader may reject what it cannot split and `normalize` may return an error,
 * but neither may throw.
 */
async function readsAndNormalizes(adapter: FeedAdapter, file: string, text: string): Promise<void> {
  const dir = path.join(work, adapter.source);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  await expectBounded(text, async () => {
    const out: unknown[] = [];
    for await (const item of adapter.readDump(dir, silentLogger(), undefined as never)) {
      if ('rejected' in item) {
        expect(item.rejected.reason).toEqual(expect.any(String));
        continue;
      }
      const r = adapter.normalize(item);
      expect(typeof r.ok).toBe('boolean');
      out.push(r.ok ? r.value : r.code);
    }
    return out;
  });
}

const XML = {
  tokens: ['<item>', '</item>', '<vuldef:Vulinfo>', '</vuldef:Vulinfo>', '<![CDATA[', ']]>', '&amp;', '&#0;', '<!DOCTYPE x>', '"', 'rdf:about="'],
  open: '<a>',
  close: '</a>',
};
const CSV = {
  tokens: [',', '\n', '\r\n', '"', '#model_version:', 'cve,epss,percentile\n', 'CVE-2099-0001,', '0.5,', 'NaN', '-1', '1e400'],
  open: '"',
  close: '"',
};

describe('feed readers and normalisers under fuzzing: records, rejections or typed errors, never a crash', () => {
  it.each([
    [
      'NVD',
      nvdAdapter,
      'pages/page.json',
      ['nvd/testdata/dump/pages/page-0.json', 'nvd/testdata/cve-full.json', 'nvd/testdata/dump/single/CVE-2099-0002.json'],
    ],
    [
      'OSV',
      osvAdapter,
      'npm/record.json',
      ['osv/testdata/ghsa-full.json', 'osv/testdata/dump/npm/batch.json', 'osv/testdata/dump/GIT/CURL-CVE-2099-0007.json'],
    ],
    ['CSAF', csafAdapter, 'acme/advisory.json', ['csaf/testdata/acme-vex-2024-0001.json', 'csaf/testdata/acme-amber-2024-0002.json']],
    ['KEV', kevAdapter, 'known_exploited_vulnerabilities.json', ['kev/testdata/dump/known_exploited_vulnerabilities.json']],
  ])(
    '%s',
    async (_name, adapter, file, seeds) => {
      const docs = seeds.map((s) => JSON.parse(seed(s)) as unknown);
      await fc.assert(
        fc.asyncProperty(mutatedJson(docs), (text) => readsAndNormalizes(adapter as FeedAdapter, file, text)),
        fuzzOptions(200),
      );
    },
    fuzzTimeout(),
  );

  it(
    'MyJVN XML (VULDEF and RSS)',
    async () => {
      const seeds = [seed('jvn/testdata/dump/detail/jvndb_detail_2024.rdf'), seed('jvn/testdata/dump/rss/jvndb_new.rdf')];
      await fc.assert(
        fc.asyncProperty(mutatedText(seeds, XML), (text) => readsAndNormalizes(jvnAdapter as FeedAdapter, 'detail/feed.rdf', text)),
        fuzzOptions(200),
      );
    },
    fuzzTimeout(),
  );

  it(
    'EPSS CSV',
    async () => {
      const seeds = [seed('epss/testdata/dump/epss_scores-2099-01-02.csv')];
      await fc.assert(
        fc.asyncProperty(mutatedText(seeds, CSV), (text) => readsAndNormalizes(epssAdapter as FeedAdapter, 'epss_scores-2099-01-02.csv', text)),
        fuzzOptions(200),
      );
    },
    fuzzTimeout(),
  );
});
