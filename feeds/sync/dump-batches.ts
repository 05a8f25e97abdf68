import { stat } from 'node:fs/promises';
import type { Logger } from '../../src/core/logger.ts';
import { siblingEntry, startThread } from '../../src/core/threads.ts';
import { walkFiles } from '../dump-files.ts';
import { unpackTexts } from './batch-texts.ts';
import type { FeedSourceName } from '../../src/vulns/index.ts';
import type { PreparedBatch } from './record-batch.ts';

/** What the dump reader thread is asked to read. */
export interface DumpJob {
  source: FeedSourceName;
  /** `<dump>/<source>`. */
  dir: string;
  /** The source's adapter options (structured-cloneable: they come from the validated config). */
  options: unknown;
  /** Raw records (and rejected parts) per batch. */
  batchSize: number;
  /** The caller's log level, so the thread's debug lines are made only when they would be written. */
  logLevel: string;
}

export type ReaderMessage = { type: 'batch'; batch: PreparedBatch } | { type: 'log'; line: string } | { type: 'done' };

/** Batches the reader thread may have prepared and posted before the writer has taken them: bounds memory. */
export const BATCHES_AHEAD = 1;

const entry = siblingEntry(import.meta.url, 'dump-batches.worker');

/**
 * The reader thread's old-generation cap. Left to itself, V8 lets a heap that churns through
 * gigabytes of short-lived records grow to several times what is live, and a dump import would
 * hold hundreds of megabytes for nothing. Files parsed whole (NVD pages and yearly feeds, JVN
 * RDF, CSAF documents) need about ten times their size while parsed, so a dump with large files
 * gets room for its largest; archives are held as buffers outside the heap and their members
 * parsed one at a time.
 */
const READER_HEAP_MB = 96;
const PARSED_SIZE_FACTOR = 10;
const ARCHIVE = /\.(zip|gz)$/i;

async function readerHeapMb(dir: string): Promise<number> {
  let largest = 0;
  for await (const file of walkFiles(dir, (f) => !ARCHIVE.test(f))) largest = Math.max(largest, (await stat(file)).size);
  return Math.max(READER_HEAP_MB, Math.ceil((PARSED_SIZE_FACTOR * largest) / 2 ** 20));
}

const PINO_LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function relog(log: Logger, line: string): void {
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(line) as Record<string, unknown> & { level: number; msg?: string };
  log[PINO_LEVELS[level] ?? 'info'](fields, msg ?? '');
}

/**
 * The batches of a local dump of one source, read and prepared in a worker thread. Parsing,
 * normalising, serialising and hashing records is most of a dump import's CPU; on its own
 * thread it runs while the caller writes the previous batches, instead of taking turns with
 * them. The adapter is the built-in one for the source; `prepareBatch` quarantines what does
 * not normalise. Record texts arrive as `texts` (see batch-texts.ts). Stopping early (the
 * caller throws or returns) ends the thread.
 */
export async function* dumpBatches(job: Omit<DumpJob, 'logLevel'>, texts: 'bytes' | 'strings', log: Logger): AsyncGenerator<PreparedBatch> {
  const worker = startThread(entry, {
    workerData: { ...job, logLevel: log.level } satisfies DumpJob,
    resourceLimits: { maxOldGenerationSizeMb: await readerHeapMb(job.dir) },
  });
  const ready: PreparedBatch[] = [];
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: ReaderMessage) => {
    if (m.type === 'batch') {
      unpackTexts(m.batch.items, texts);
      ready.push(m.batch);
    } else if (m.type === 'log') relog(log, m.line);
    else done = true;
    wake?.();
  });
  worker.on('error', (e) => {
    failure ??= e;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!done) failure ??= new Error(`dump reader thread for ${job.source} exited with code ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      const batch = ready.shift();
      if (batch) {
        worker.postMessage('more');
        yield batch;
      } else if (failure) throw failure;
      else if (done) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
