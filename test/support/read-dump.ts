import type { FeedAdapter, RawRecord, RejectedRecord } from '../../feeds/feed-adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';

/** Everything an adapter's `readDump` yields for `dir`, records and rejects apart. */
export async function readDumpAll<O>(adapter: FeedAdapter<O>, dir: string): Promise<{ records: RawRecord[]; rejected: RejectedRecord[] }> {
  const records: RawRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for await (const item of adapter.readDump(dir, silentLogger())) {
    if ('rejected' in item) rejected.push(item.rejected);
    else records.push(item);
  }
  return { records, rejected };
}
