import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject } from '../json-input.ts';

export interface KevCatalog {
  /** `catalogVersion` and `dateReleased`: together they say whether the catalog changed. */
  version: { catalogVersion: string; dateReleased: string };
  records: RawRecord[];
  rejected: RejectedRecord[];
}

/** The entries of a CISA KEV catalog document, or why the document is not one. */
export function splitKevCatalog(doc: unknown, location: string): KevCatalog | { reason: string } {
  if (!isObject(doc) || !Array.isArray(doc.vulnerabilities) || typeof doc.catalogVersion !== 'string') {
    return { reason: 'not a KEV catalog (no `catalogVersion` and `vulnerabilities`)' };
  }
  const records: RawRecord[] = [];
  const rejected: RejectedRecord[] = [];
  doc.vulnerabilities.forEach((entry: unknown, i) => {
    const at = `${location}#/vulnerabilities/${i}`;
    if (!isObject(entry)) rejected.push({ location: at, reason: 'entry is not an object' });
    else records.push(typeof entry.cveID === 'string' ? { id: entry.cveID, location: at, data: entry } : { location: at, data: entry });
  });
  const dateReleased = typeof doc.dateReleased === 'string' ? doc.dateReleased : '';
  return { version: { catalogVersion: doc.catalogVersion, dateReleased }, records, rejected };
}
