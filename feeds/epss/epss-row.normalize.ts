import { err, ok, type Result } from '../../src/core/result.ts';
import type { EpssScore, FeedRecord } from '../../src/vulns/index.ts';
import type { RawRecord } from '../feed-adapter.ts';
import { isObject } from '../json-input.ts';

/** A probability as EPSS writes it: a plain decimal from 0 to 1. */
function probability(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text.trim())) return undefined;
  return Number(text);
}

export function normalizeEpssRow(raw: RawRecord): Result<FeedRecord[]> {
  const row = raw.data;
  if (!isObject(row)) return err('EPSS_INVALID_ROW', 'row is not an object');
  const { cve, date } = row;
  if (typeof cve !== 'string' || !/^CVE-\d{4}-\d{4,}$/.test(cve)) return err('EPSS_INVALID_ROW', `not a CVE id: ${String(cve)}`, 'cve');
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return err('EPSS_INVALID_ROW', `not a score date: ${String(date)}`, 'date');
  const epss = probability(row.epss);
  if (epss === undefined) return err('EPSS_INVALID_ROW', `epss is not a probability: ${String(row.epss)}`, 'epss');
  const score: EpssScore = { cve, epss, date };
  if (row.percentile !== undefined) {
    const percentile = probability(row.percentile);
    if (percentile === undefined) return err('EPSS_INVALID_ROW', `percentile is not between 0 and 1: ${String(row.percentile)}`, 'percentile');
    score.percentile = percentile;
  }
  return ok([{ kind: 'epss', score }]);
}
