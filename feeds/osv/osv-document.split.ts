import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject } from '../json-input.ts';

/**
 * Records in one parsed OSV JSON document: a single record, or an array of records (as some
 * exports and API answers hold). A record is recognised by its string `id`; anything else is
 * rejected where it stands.
 */
export function splitOsvDocument(doc: unknown, location: string): { records: RawRecord[]; rejected: RejectedRecord[] } {
  const records: RawRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const take = (item: unknown, at: string): void => {
    if (isObject(item) && typeof item.id === 'string') records.push({ id: item.id, location: at, data: item });
    else rejected.push({ location: at, reason: 'not an OSV record (no string `id`)' });
  };
  if (Array.isArray(doc)) doc.forEach((item: unknown, i) => take(item, `${location}#/${i}`));
  else take(doc, location);
  return { records, rejected };
}
