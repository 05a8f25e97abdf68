import { ThreadPool } from '../core/thread-pool.ts';
import { siblingEntry } from '../core/threads.ts';
import { parseSbom, warmUpValidators, type SbomParseOptions, type SbomParseResult } from './parsers/index.ts';
import { warmUpCycloneDxXml } from './parsers/cyclonedx-schema.ts';
import { JSON_WARM_UP } from './parsers/parse-sbom.ts';

/** Whether an upload would be accepted, and if not why: the parse result without the inventory. */
export type SbomVerdict = { ok: true } | Extract<SbomParseResult, { ok: false }>;

/** A task of the parse threads (sbom-parse.worker.ts). */
export type ParseTask = { kind: 'parse'; bytes: Uint8Array; options: SbomParseOptions; keep: boolean } | { kind: 'warm-up'; step: number };
/** The answer: the result (without the inventory unless `keep`), or null for CycloneDX XML, which is read on the main thread. */
export type ParseAnswer = SbomParseResult | SbomVerdict | null;

/**
 * Parsing and schema validation of SBOMs: hundreds of milliseconds of CPU for a 2,000-component
 * document. With threads they run off the event loop, so the API keeps answering while uploads
 * are validated, and several are validated at once. CycloneDX XML is the exception: libxmljs2
 * (libxml2's schema validation) can be loaded by one JavaScript context per process only, so XML
 * is read on the main thread, where libxml2 does the work in native code.
 */
export interface SbomParser {
  /** The verdict on an upload before it is acknowledged. */
  check(bytes: Uint8Array, options: SbomParseOptions): Promise<SbomVerdict>;
  /** The whole result, for the ingest job. */
  parse(bytes: Uint8Array, options: SbomParseOptions): Promise<SbomParseResult>;
  /** Compiles every schema validator now (each thread's, and XML's here), so that no upload waits for one. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

const verdict = (result: SbomParseResult): SbomVerdict => (result.ok ? { ok: true } : result);

/** `threads` 0: everything on the calling thread. */
export function createSbomParser(threads: number): SbomParser {
  if (threads === 0) {
    return {
      check: async (bytes, options) => verdict(await parseSbom(bytes, options)),
      parse: parseSbom,
      warmUp: warmUpValidators,
      close: async () => undefined,
    };
  }
  const pool = new ThreadPool<ParseTask, ParseAnswer>(siblingEntry(import.meta.url, 'sbom-parse.worker'), threads);
  const run = async (bytes: Uint8Array, options: SbomParseOptions, keep: boolean): Promise<ParseAnswer> => {
    // A copy of its own is moved to the thread: the caller's buffer may be a view of a shared pool.
    const copy = new Uint8Array(bytes);
    return pool.run({ kind: 'parse', bytes: copy, options, keep }, [copy.buffer]);
  };
  return {
    async check(bytes, options) {
      const answer = (await run(bytes, options, false)) as SbomVerdict | null;
      return answer ?? verdict(await parseSbom(bytes, options));
    },
    async parse(bytes, options) {
      const answer = (await run(bytes, options, true)) as SbomParseResult | null;
      return answer ?? parseSbom(bytes, options);
    },
    async warmUp() {
      await warmUpCycloneDxXml();
      // One validator at a time on every thread: uploads queued meanwhile go before the next one.
      for (let step = 0; step < JSON_WARM_UP.length; step++) await pool.runOnEach({ kind: 'warm-up', step });
    },
    close: () => pool.close(),
  };
}
