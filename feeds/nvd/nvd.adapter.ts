import type { Logger } from '../../src/core/logger.ts';
import { walkFiles } from '../dump-files.ts';
import type { FeedAdapter, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { readJsonFile } from '../json-input.ts';
import { splitNvdDocument } from './nvd-document.split.ts';
import { fetchNvd, type NvdOptions } from './nvd-pages.fetch.ts';
import { normalizeNvdCve } from './nvd-record.normalize.ts';

export type { NvdOptions } from './nvd-pages.fetch.ts';

/** A 2,000-record API page is about 10 MB; yearly 2.0 feeds reach a few hundred. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

async function* readNvdDump(dir: string, log: Logger): AsyncIterable<RawRecord | { rejected: RejectedRecord }> {
  for await (const file of walkFiles(dir, (p) => p.endsWith('.json'))) {
    const json = await readJsonFile(file, MAX_FILE_BYTES);
    if (!json.ok) {
      yield { rejected: { location: file, reason: `${json.code}: ${json.message}` } };
      continue;
    }
    const doc = splitNvdDocument(json.value, file);
    if (doc.kind === 'ignored') {
      log.debug({ file, reason: doc.reason }, 'NVD dump file skipped');
      continue;
    }
    if (doc.kind === 'unknown') {
      yield { rejected: { location: file, reason: doc.reason } };
      continue;
    }
    yield* doc.records;
    for (const rejected of doc.rejected) yield { rejected };
  }
}

/** NVD CVE API 2.0: CVSS v2/v3.x/v4 per source, CWE, references and CPE configurations. */
export const nvdAdapter: FeedAdapter<NvdOptions> = {
  source: 'nvd',
  defaultIntervalMs: 2 * 60 * 60 * 1000,
  readDump: readNvdDump,
  fetch: fetchNvd,
  // NVD's published budget per rolling 30 s; its newer text (10 / 100 per 60 s) is the same rate.
  rateLimit: (options) => ({ requests: options.apiKey ? 50 : 5, perMs: 30_000 }),
  normalize: normalizeNvdCve,
};
