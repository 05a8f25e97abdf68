import type { RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { childText } from './xml-records.ts';
import type { SplitEvent } from './xml-records.ts';

export type RecordOrRejected = RawRecord | { rejected: RejectedRecord };

/**
 * Split events of one document as RawRecords located at `where:line`; fatal errors become
 * rejections, the others a warning through `warn`. Status blocks go to `onStatus`.
 */
export async function* toRawRecords(
  events: AsyncIterable<SplitEvent>,
  where: string,
  warn: (msg: string) => void,
  onStatus: (attrs: Record<string, string>) => void = () => undefined,
): AsyncIterable<RecordOrRejected> {
  for await (const ev of events) {
    if (ev.kind === 'status') {
      onStatus(ev.attrs);
    } else if (ev.kind === 'record') {
      const el = ev.data.element;
      const id = ev.data.format === 'vuldef' ? childText(el, 'VulinfoID') : childText(el, 'identifier');
      yield { ...(id ? { id } : {}), location: `${where}:${ev.line}`, data: ev.data };
    } else if (ev.fatal) {
      yield { rejected: { location: `${where}:${ev.line}`, reason: ev.reason } };
    } else {
      warn(`${where}:${ev.line}: ${ev.reason} (outside any record, parsing went on)`);
    }
  }
}

export async function* ofString(s: string): AsyncIterable<string> {
  yield s;
}
