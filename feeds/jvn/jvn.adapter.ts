import { createReadStream } from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../src/core/result.ts';
import type { FeedRecord } from '../../src/vulns/index.ts';
import { walkFiles } from '../dump-files.ts';
import type { FeedAdapter, RawRecord } from '../feed-adapter.ts';
import { fetchJvn, type JvnOptions } from './jvn.fetch.ts';
import { toRawRecords } from './jvn-records.ts';
import { normalizeRssItem } from './rss.normalize.ts';
import { normalizeVulinfo } from './vuldef.normalize.ts';
import { splitJvnRecords, type JvnRawData } from './xml-records.ts';

export type { JvnOptions } from './jvn.fetch.ts';

function isJvnRawData(d: unknown): d is JvnRawData {
  const v = d as Partial<JvnRawData> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.format === 'vuldef' || v.format === 'rss') &&
    typeof v.element?.name === 'string' &&
    Array.isArray(v.element.children)
  );
}

/**
 * JVN iPedia: MyJVN API responses and JVNDB RDF feeds (VULDEF detail entries, JVNRSS overview
 * items). A JVNDB entry stays one advisory listing all its CVEs; JVN-only entries have none.
 */
export const jvnAdapter: FeedAdapter<JvnOptions> = {
  source: 'jvn',
  defaultIntervalMs: 6 * 3600_000,

  async *readDump(sourceDir, log) {
    for await (const file of walkFiles(sourceDir, (p) => /\.(?:xml|rdf)$/i.test(p))) {
      const rel = path.relative(sourceDir, file);
      const chunks = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
      yield* toRawRecords(splitJvnRecords(chunks), rel, (m) => log.warn(m));
    }
  },

  fetch: fetchJvn,

  normalize(raw: RawRecord): Result<FeedRecord[]> {
    if (!isJvnRawData(raw.data)) return err('JVN_BAD_RECORD', 'not a JVN VULDEF entry or RSS item', raw.location);
    const { format, element } = raw.data;
    const r = format === 'vuldef' ? normalizeVulinfo(element, raw.location) : normalizeRssItem(element, raw.location);
    return r.ok ? ok([{ kind: 'advisory', advisory: r.value }]) : r;
  },
};
