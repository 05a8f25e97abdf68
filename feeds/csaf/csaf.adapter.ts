import { ok, type Result } from '../../src/core/result.ts';
import type { FeedRecord } from '../../src/vulns/index.ts';
import type { FeedAdapter, RawRecord } from '../feed-adapter.ts';
import { readCsafDump } from './csaf-dump.ts';
import { fetchCsaf, type CsafOptions } from './csaf.fetch.ts';
import { normalizeCsaf } from './csaf.normalize.ts';

export type { CsafOptions, CsafProviderOptions } from './csaf.fetch.ts';

/**
 * Vendor CSAF 2.0 advisories and VEX: one Advisory per vulnerability of a document, products
 * resolved from its product tree. Documents are only used once their hashes and signature hold.
 */
export const csafAdapter: FeedAdapter<CsafOptions> = {
  source: 'csaf',
  defaultIntervalMs: 3600_000,

  readDump: (sourceDir, log, options) => readCsafDump(sourceDir, log, options?.allowedTlp),

  fetch: fetchCsaf,

  normalize(raw: RawRecord): Result<FeedRecord[]> {
    const r = normalizeCsaf(raw.data, raw.location);
    return r.ok ? ok(r.value.map((advisory) => ({ kind: 'advisory' as const, advisory }))) : r;
  },
};
