import { prepareItems, type PreparedItems, type StoreItem } from '../../src/vulns/index.ts';
import type { FeedAdapter, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import type { QuarantineEntry } from './feed-state.repo.ts';

const EXCERPT_CHARS = 500;

function excerpt(data: unknown): string | null {
  if (data === undefined) return null;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return text === undefined ? null : text.slice(0, EXCERPT_CHARS);
}

/** A batch ready for `storeBatch`: plain data, so the dump reader thread can make it. */
export interface PreparedBatch {
  /** Raw records and rejected parts this batch was made from. */
  read: number;
  items: PreparedItems;
  quarantined: QuarantineEntry[];
}

/**
 * Normalises and serialises a batch of raw records, adding them to `into` when given (a batch
 * prepared in slices). A record that does not normalise (or whose normaliser throws) is
 * quarantined with where it came from and why; the rest of the batch goes on.
 */
export function prepareBatch(adapter: FeedAdapter, raws: RawRecord[], rejected: RejectedRecord[], into?: PreparedBatch): PreparedBatch {
  const items: StoreItem[] = [];
  const quarantined: QuarantineEntry[] = rejected.map((r) => ({
    source: adapter.source,
    recordId: r.id ?? null,
    location: r.location,
    reason: r.reason,
    excerpt: null,
  }));
  for (const raw of raws) {
    let reason: string;
    try {
      const result = adapter.normalize(raw);
      if (result.ok) {
        for (const record of result.value) items.push(raw.text === undefined ? { record, raw: raw.data, location: raw.location } : { record, raw: raw.data, rawText: raw.text, location: raw.location });
        continue;
      }
      reason = `${result.code}: ${result.message}${result.path ? ` (at ${result.path})` : ''}`;
    } catch (e) {
      reason = `NORMALIZE_FAILED: ${(e as Error).message}`;
    }
    quarantined.push({ source: adapter.source, recordId: raw.id ?? null, location: raw.location, reason, excerpt: excerpt(raw.data) });
  }
  if (!into) return { read: raws.length + rejected.length, items: prepareItems(items), quarantined };
  into.read += raws.length + rejected.length;
  prepareItems(items, into.items);
  into.quarantined.push(...quarantined);
  return into;
}
