import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';

/** The daily file is about 12 MB of text; anything far beyond is not an EPSS file. */
const MAX_EPSS_TEXT_BYTES = 256 * 1024 * 1024;

export interface EpssHeader {
  /** Score date, YYYY-MM-DD. */
  date: string;
  /** `v2023.03.01`; absent in 2021 files, which have no comment line. */
  modelVersion?: string;
}

/** What a row record's `data` holds: the CSV's text, checked by `normalize`. */
export interface EpssRow {
  cve: string;
  epss: string;
  percentile?: string;
  date: string;
}

export type EpssItem = { header: EpssHeader } | RawRecord | { rejected: RejectedRecord };

const DAY = /^(\d{4}-\d{2}-\d{2})/;

/**
 * Lines of a CSV body, gunzipped when `gzipped`, failing past `maxBytes` of text. Iterating the
 * stream directly (not through `pipe` into readline) lets a gzip or network error end the loop.
 */
export async function* epssLines(body: Readable, gzipped: boolean, maxBytes = MAX_EPSS_TEXT_BYTES): AsyncGenerator<string> {
  const source = gzipped ? body.pipe(createGunzip()) : body;
  if (gzipped) body.once('error', (e) => source.destroy(e));
  const decoder = new StringDecoder('utf8');
  let seen = 0;
  let rest = '';
  for await (const chunk of source as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > maxBytes) throw new Error(`EPSS text exceeds ${maxBytes} bytes`);
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield line.replace(/\r$/, '');
  }
  rest += decoder.end();
  if (rest !== '') yield rest.replace(/\r$/, '');
}

/** `#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000` */
function commentFields(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of line.slice(1).split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * Header, then one record per row. The score date comes from the comment line, or for 2021
 * files without one from the file name (`epss_scores-2021-04-14.csv`). Without either, or
 * without `cve` and `epss` columns, the whole file is rejected.
 */
export async function* epssItems(lines: AsyncIterator<string>, location: string, fileName: string): AsyncGenerator<EpssItem> {
  let lineNo = 1;
  let line = await lines.next();
  const header: Partial<EpssHeader> = {};
  if (!line.done && line.value.startsWith('#')) {
    const fields = commentFields(line.value);
    const model = fields.get('model_version');
    if (model) header.modelVersion = model;
    header.date = DAY.exec(fields.get('score_date') ?? '')?.[1];
    line = await lines.next();
    lineNo++;
  }
  header.date ??= /epss_scores-(\d{4}-\d{2}-\d{2})/.exec(fileName)?.[1];
  const columns = line.done ? [] : line.value.trim().split(',');
  const [cveAt, epssAt, percentileAt] = ['cve', 'epss', 'percentile'].map((c) => columns.indexOf(c));
  if (header.date === undefined || cveAt === undefined || cveAt < 0 || epssAt === undefined || epssAt < 0) {
    const why = header.date === undefined ? 'no score date (no comment line and none in the file name)' : 'no `cve` and `epss` columns';
    yield { rejected: { location, reason: `not an EPSS scores file: ${why}` } };
    return;
  }
  const date = header.date;
  yield { header: header.modelVersion ? { date, modelVersion: header.modelVersion } : { date } };
  for (line = await lines.next(); !line.done; line = await lines.next()) {
    lineNo++;
    if (line.value.trim() === '') continue;
    const cells = line.value.trim().split(',');
    const row: EpssRow = { cve: cells[cveAt] ?? '', epss: cells[epssAt] ?? '', date };
    const percentile = percentileAt !== undefined && percentileAt >= 0 ? cells[percentileAt] : undefined;
    if (percentile !== undefined) row.percentile = percentile;
    yield { id: row.cve, location: `${location}:${lineNo}`, data: row };
  }
}
