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
  /** Where the raw records went, so a sync's counters add up (see SyncReport). */
  tally: BatchTally;
}

/** read = accepted + quarantined + empty; records (from the accepted) = stored + unchanged + superseded. */
export interface BatchTally {
  /** Raw records that normalised to at least one record. */
  accepted: number;
  /** Raw records that normalised to nothing (no vulnerability data in them, e.g. a rejected CVE). */
  empty: number;
  /** Normalised records (one raw record may hold many: a KEV catalog, a JVN entry with several CVEs). */
  records: number;
  /** Records replaced by a later one of the same source id in the same batch. */
  superseded: number;
}

const entryCount = (items: PreparedItems): number => items.kev.length + items.epss.length + [...items.advisories.values()].reduce((n, m) => n + m.size, 0);

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
  const tally: BatchTally = { accepted: 0, empty: 0, records: 0, superseded: 0 };
  for (const raw of raws) {
    let reason: string;
    try {
      const result = adapter.normalize(raw);
      if (result.ok) {
        if (result.value.length === 0) tally.empty++;
        else tally.accepted++;
        tally.records += result.value.length;
        for (const record of result.value)
          items.push(
            raw.text === undefined ? { record, raw: raw.data, location: raw.location } : { record, raw: raw.data, rawText: raw.text, location: raw.location },
          );
        continue;
      }
      reason = `${result.code}: ${result.message}${result.path ? ` (at ${result.path})` : ''}`;
    } catch (e) {
      reason = `NORMALIZE_FAILED: ${(e as Error).message}`;
    }
    quarantined.push({ source: adapter.source, recordId: raw.id ?? null, location: raw.location, reason, excerpt: excerpt(raw.data) });
  }
  if (!into) {
    const prepared = prepareItems(items);
    tally.superseded = tally.records - entryCount(prepared);
    return { read: raws.length + rejected.length, items: prepared, quarantined, tally };
  }
  const before = entryCount(into.items);
  into.read += raws.length + rejected.length;
  prepareItems(items, into.items);
  into.quarantined.push(...quarantined);
  into.tally.accepted += tally.accepted;
  into.tally.empty += tally.empty;
  into.tally.records += tally.records;
  into.tally.superseded += tally.records - (entryCount(into.items) - before);
  return into;
}
