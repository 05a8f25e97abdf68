// The dump reader thread of `dumpBatches`: reads one source's dump with its built-in adapter
// and posts prepared batches, at most BATCHES_AHEAD ahead of the writer.
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { builtInAdapters } from '../adapters.ts';
import type { FeedAdapter, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { packTexts } from './batch-texts.ts';
import { BATCHES_AHEAD, type DumpJob, type ReaderMessage } from './dump-batches.ts';
import { prepareBatch } from './record-batch.ts';

const port = parentPort!;
const job = workerData as DumpJob;
const post = (m: ReaderMessage): void => port.postMessage(m);
const log = pino({ level: job.logLevel }, { write: (line: string) => post({ type: 'log', line }) });

const found = builtInAdapters.find((a) => a.source === job.source);
if (!found) throw new Error(`no built-in adapter reads ${job.source} dumps`);
const adapter: FeedAdapter = found;

let credits = BATCHES_AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});

async function send(raws: RawRecord[], rejected: RejectedRecord[]): Promise<void> {
  const batch = prepareBatch(adapter, raws, rejected);
  const texts = packTexts(batch.items);
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage({ type: 'batch', batch } satisfies ReaderMessage, [texts]);
}

let raws: RawRecord[] = [];
let rejected: RejectedRecord[] = [];
for await (const item of adapter.readDump(job.dir, log, job.options)) {
  if ('rejected' in item) rejected.push(item.rejected);
  else raws.push(item);
  if (raws.length + rejected.length >= job.batchSize) {
    await send(raws, rejected);
    raws = [];
    rejected = [];
  }
}
if (raws.length + rejected.length > 0) await send(raws, rejected);
post({ type: 'done' });
port.unref();
