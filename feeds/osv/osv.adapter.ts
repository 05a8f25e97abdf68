import type { Logger } from '../../src/core/logger.ts';
import { walkFiles } from '../dump-files.ts';
import type { FeedAdapter, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { isObject, parseJson, readJsonFile } from '../json-input.ts';
import { fetchOsv, type OsvOptions } from './osv-archives.fetch.ts';
import { splitOsvDocument } from './osv-document.split.ts';
import { normalizeOsvRecord } from './osv-record.normalize.ts';
import { readZipJson } from './osv-zip.read.ts';

export type { OsvOptions } from './osv-archives.fetch.ts';

/** A single record file, or a JSON array of records; archives go through the zip limits instead. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

type DumpItem = RawRecord | { rejected: RejectedRecord };

function* split(doc: unknown, location: string): Iterable<DumpItem> {
  const { records, rejected } = splitOsvDocument(doc, location);
  yield* records;
  for (const r of rejected) yield { rejected: r };
}

async function* readOsvDump(dir: string, _log: Logger): AsyncIterable<DumpItem> {
  for await (const file of walkFiles(dir, (p) => p.endsWith('.json') || p.endsWith('.zip'))) {
    if (file.endsWith('.zip')) {
      for await (const member of readZipJson(file)) {
        if ('rejected' in member) {
          yield member;
          continue;
        }
        const json = parseJson(member.text);
        if (!json.ok) yield { rejected: { location: member.location, reason: `${json.code}: ${json.message}` } };
        else if (isObject(json.value) && !member.text.includes('\n')) {
          // A compact single record: its text is kept as read rather than serialised again.
          for (const item of split(json.value, member.location)) yield 'rejected' in item ? item : { ...item, text: member.text.trim() };
        } else yield* split(json.value, member.location);
      }
      continue;
    }
    const json = await readJsonFile(file, MAX_FILE_BYTES);
    if (json.ok) yield* split(json.value, file);
    else yield { rejected: { location: file, reason: `${json.code}: ${json.message}` } };
  }
}

/** OSV: per-ecosystem `all.zip` archives, then the records each `modified_id.csv` lists as changed. */
export const osvAdapter: FeedAdapter<OsvOptions> = {
  source: 'osv',
  defaultIntervalMs: 60 * 60 * 1000,
  readDump: readOsvDump,
  fetch: fetchOsv,
  normalize: normalizeOsvRecord,
};
