import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject } from '../json-input.ts';

/**
 * What one NVD JSON document holds. `cves`: an API 2.0 response page or a 2.0 yearly feed
 * (same envelope), or a single `cve` object. `ignored`: a document that is NVD data but not
 * CVE records — the change-history API (`cveChanges`) only repeats what the CVE records already
 * say. `unknown`: anything else, rejected by the caller.
 */
export type NvdDocument =
  | { kind: 'cves'; records: RawRecord[]; rejected: RejectedRecord[]; page?: PageInfo }
  | { kind: 'ignored'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface PageInfo {
  startIndex: number;
  resultsPerPage: number;
  totalResults: number;
}

const cveId = (cve: Record<string, unknown>): string | undefined => (typeof cve.id === 'string' ? cve.id : undefined);

function pageInfo(doc: Record<string, unknown>): PageInfo | undefined {
  const { startIndex, resultsPerPage, totalResults } = doc;
  if (typeof startIndex !== 'number' || typeof resultsPerPage !== 'number' || typeof totalResults !== 'number') return undefined;
  return { startIndex, resultsPerPage, totalResults };
}

export function splitNvdDocument(doc: unknown, location: string): NvdDocument {
  if (!isObject(doc)) return { kind: 'unknown', reason: 'not an NVD CVE API 2.0 document (top level is not an object)' };
  if (Array.isArray(doc.cveChanges)) return { kind: 'ignored', reason: 'NVD change history, not CVE records' };
  if (Array.isArray(doc.CVE_Items)) {
    return { kind: 'unknown', reason: 'NVD 1.1 JSON feed: retired by NVD in 2023, use the 2.0 API or 2.0 feeds' };
  }
  if (Array.isArray(doc.vulnerabilities)) {
    const records: RawRecord[] = [];
    const rejected: RejectedRecord[] = [];
    doc.vulnerabilities.forEach((v: unknown, i) => {
      const cve = isObject(v) ? v.cve : undefined;
      if (isObject(cve)) {
        const id = cveId(cve);
        const at = `${location}#/vulnerabilities/${i}/cve`;
        records.push(id === undefined ? { location: at, data: cve } : { id, location: at, data: cve });
      } else rejected.push({ location: `${location}#/vulnerabilities/${i}`, reason: 'entry has no `cve` object' });
    });
    const page = pageInfo(doc);
    return page ? { kind: 'cves', records, rejected, page } : { kind: 'cves', records, rejected };
  }
  const id = cveId(doc);
  if (id?.startsWith('CVE-') && 'lastModified' in doc) {
    return { kind: 'cves', records: [{ id, location, data: doc }], rejected: [] };
  }
  return { kind: 'unknown', reason: 'not an NVD CVE API 2.0 document (no `vulnerabilities` and not a CVE record)' };
}
