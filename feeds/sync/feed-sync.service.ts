import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { KanshiConfig } from '../../src/config/index.ts';
import type { Clock } from '../../src/core/clock.ts';
import { AppError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Db } from '../../src/db/index.ts';
import type { JobQueue } from '../../src/jobs/index.ts';
import { appendEvents, type NewEvent } from '../../src/events/index.ts';
import { storeBatch, type FeedSourceName, type StoreResult } from '../../src/vulns/index.ts';
import type { FeedAdapter, FeedContext, RawRecord, RejectedRecord } from '../feed-adapter.ts';
import { createHttpClient, type HttpClientOptions } from '../http/http-client.ts';
import { RateLimiter } from '../http/rate-limiter.ts';
import { acquireLease, quarantine, readCheckpoint, recordBatch, recordOutcome, releaseLease, renewLease } from './feed-state.repo.ts';
import { dumpBatches } from './dump-batches.ts';
import { prepareBatch, type PreparedBatch } from './record-batch.ts';
import { sourceOptions } from './source-options.ts';

/**
 * What one sync did. Its counters add up: `records` (raw records read) = `accepted` +
 * `quarantined` + `empty`, and `normalised` (the records the accepted ones held) = `stored` +
 * `unchanged` + `superseded`.
 */
export interface SyncReport {
  source: string;
  mode: 'network' | 'dump';
  /** Set when the sync did not run: another worker held the source's lease past the wait allowed. */
  skipped?: string;
  /** Raw records read, quarantined ones included. */
  records: number;
  /** Raw records that normalised to at least one record. */
  accepted: number;
  /** Raw records holding no vulnerability data (normalised to nothing). */
  empty: number;
  quarantined: number;
  /** Records normalised from the accepted raw records. */
  normalised: number;
  /** Source records written (new or changed), KEV entries and EPSS scores included. */
  stored: number;
  unchanged: number;
  /** Records replaced by a later record with the same source id in the same batch. */
  superseded: number;
  changedVulnerabilities: number;
  durationMs: number;
  /** Why the sync failed; stored records stay stored. */
  error?: string;
}

export const emptyReport = (source: string, fromDir: string | undefined): SyncReport => ({
  source,
  mode: fromDir === undefined ? 'network' : 'dump',
  records: 0,
  accepted: 0,
  empty: 0,
  quarantined: 0,
  normalised: 0,
  stored: 0,
  unchanged: 0,
  superseded: 0,
  changedVulnerabilities: 0,
  durationMs: 0,
});

/** A failed sync, with what it had stored before failing. */
export class FeedSyncError extends Error {
  constructor(
    readonly report: SyncReport,
    options: { cause: unknown },
  ) {
    super(report.error, options);
    this.name = 'FeedSyncError';
  }
}

export interface FeedSyncDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  queue: JobQueue;
  config: KanshiConfig;
  /** Network syncs use these; a dump import reads with the source's built-in adapter, in a thread of its own. */
  adapters: FeedAdapter[];
  /** node-postgres takes record texts as bytes from the dump reader thread; PGlite (the default) as strings. */
  dbKind?: 'pglite' | 'postgres';
  /** Retry pacing of the HTTP client; tests shorten it. */
  http?: Pick<HttpClientOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Raw records per stored batch of a dump import (network batches are the adapter's). */
  dumpBatchSize?: number;
  /** How long a lease lasts without renewal: a dead worker's sync can be taken over after this. */
  leaseTtlMs?: number;
  /** Told after each batch commits, so the relay publishes its events soon. */
  events: { kick(): Promise<void> };
  /**
   * Called in a batch's transaction for each vulnerability merged into another, so what refers
   * to the old id (findings) moves with it in the same commit.
   */
  onAbsorbed?: (tx: Db, from: string, into: string) => Promise<void>;
  /** Aborted at shutdown: a sync in its retries stops at once (see RuntimeDeps.shutdown). */
  shutdown?: AbortSignal;
}

/**
 * The outbox events of a stored batch: reverse matching of the changed vulnerabilities (in
 * slices, one job each), merges, KEV additions and EPSS moves.
 */
function batchEvents(stored: StoreResult): NewEvent[] {
  const out: NewEvent[] = [];
  const ids = stored.changedVulnerabilityIds;
  for (let i = 0; i < ids.length; i += IDS_PER_MATCH_JOB) out.push({ type: 'vulnerability.changed', data: { ids: ids.slice(i, i + IDS_PER_MATCH_JOB) } });
  for (const [from, into] of stored.absorbed) out.push({ type: 'vulnerability.absorbed', vulnerabilityId: into, data: { from, into } });
  for (const k of stored.kevAdded) out.push({ type: 'vulnerability.kev-added', vulnerabilityId: k.cve, data: k });
  for (let i = 0; i < stored.epssChanged.length; i += IDS_PER_MATCH_JOB) {
    out.push({ type: 'vulnerability.epss-changed', data: { ids: stored.epssChanged.slice(i, i + IDS_PER_MATCH_JOB) } });
  }
  return out;
}

/**
 * Raw records normalised and serialised between two turns of the event loop. The previous
 * batch is being written meanwhile, statement after statement; each statement's answer waits
 * for the loop, so preparing a whole batch in one go would leave Postgres idle for most of it.
 */
const PREPARE_SLICE = 50;

/** Normalises and serialises one fetched batch in the event loop's turns (see PREPARE_SLICE). */
async function prepareInSlices(adapter: FeedAdapter, raws: RawRecord[], rejected: RejectedRecord[]): Promise<PreparedBatch> {
  const batch = prepareBatch(adapter, [], rejected);
  for (let i = 0; i < raws.length; i += PREPARE_SLICE) {
    prepareBatch(adapter, raws.slice(i, i + PREPARE_SLICE), [], batch);
    await setImmediate();
  }
  return batch;
}

/** How one sync call behaves when asked for by a person rather than by the schedule. */
export interface SyncOptions {
  /**
   * How long to wait for the source's lease when another worker holds it (default 0: skip, as
   * a scheduled sync does, since the other worker is doing the same work).
   */
  leaseWaitMs?: number;
  /** Called while waiting for the lease and after each batch handed to the database. */
  onProgress?(event: { source: string; waitingForLease: boolean; report: SyncReport }): void;
}

const LEASE_POLL_MS = 1000;

/** Reverse-matching jobs carry ids only; this many per job keeps payloads small. */
const IDS_PER_MATCH_JOB = 1000;

/**
 * Runs one sync of one source: under the source's lease, batch by batch, each batch stored and
 * its checkpoint saved in one transaction, so an interruption loses nothing already stored and
 * the next run resumes from the last stored batch.
 */
export class FeedSyncService {
  private readonly adapters: Map<string, FeedAdapter>;
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly deps: FeedSyncDeps) {
    this.adapters = new Map(deps.adapters.map((a) => [a.source, a]));
  }

  sources(): FeedSourceName[] {
    return [...this.adapters.keys()] as FeedSourceName[];
  }

  adapter(source: string): FeedAdapter {
    const adapter = this.adapters.get(source);
    if (!adapter) throw new AppError('UNKNOWN_FEED', `unknown feed source ${source}; known: ${this.sources().join(', ')}`, 404);
    return adapter;
  }

  async sync(source: string, fromDir?: string, how: SyncOptions = {}): Promise<SyncReport> {
    const adapter = this.adapter(source);
    const { db, clock } = this.deps;
    const log = this.deps.log.child({ feed: source });
    const ttl = this.deps.leaseTtlMs ?? 60_000;
    const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const started = Date.now();
    const report = emptyReport(source, fromDir);
    const waitUntil = started + (how.leaseWaitMs ?? 0);
    while (!(await acquireLease(db, source, holder, ttl))) {
      if (Date.now() >= waitUntil) {
        log.info('feed sync already running elsewhere; skipped');
        const waited = how.leaseWaitMs ? ` (waited ${Math.round((Date.now() - started) / 1000)} s)` : '';
        return { ...report, durationMs: Date.now() - started, skipped: `another worker holds the lease: a sync of ${source} is running elsewhere${waited}` };
      }
      how.onProgress?.({ source, waitingForLease: true, report });
      await sleep(Math.min(LEASE_POLL_MS, waitUntil - Date.now()));
    }
    const stop = new AbortController();
    const abort = (reason: Error): void => {
      if (!stop.signal.aborted) stop.abort(reason);
    };
    const onShutdown = (): void => abort(new Error(`feed sync of ${source} cancelled: shutting down`));
    this.deps.shutdown?.addEventListener('abort', onShutdown, { once: true });
    if (this.deps.shutdown?.aborted) onShutdown();
    const renewal = setInterval(() => {
      renewLease(db, source, holder, ttl).then(
        (held) => held || abort(new Error(`lease on feed ${source} lost`)),
        (e: unknown) => log.warn({ err: e }, 'lease renewal failed'),
      );
    }, ttl / 3);
    renewal.unref();
    // One batch is written while the next is read, normalised and serialised; writes stay in order, so
    // checkpoints are persisted in the order the adapter produced them.
    let writing: Promise<void> = Promise.resolve();
    try {
      const options = await sourceOptions(db, this.deps.config, adapter.source);
      // Batches are written in order, one at a time, each after the previous has committed.
      const write = async (batch: PreparedBatch, checkpoint: string | undefined): Promise<void> => {
        await writing;
        stop.signal.throwIfAborted();
        report.accepted += batch.tally.accepted;
        report.empty += batch.tally.empty;
        report.normalised += batch.tally.records;
        report.superseded += batch.tally.superseded;
        writing = this.writeBatch(adapter, holder, batch, checkpoint, report);
        writing.catch(() => undefined);
        how.onProgress?.({ source, waitingForLease: false, report });
      };
      if (fromDir !== undefined) {
        const job = { source: adapter.source, dir: path.join(fromDir, source), options, batchSize: this.deps.dumpBatchSize ?? 500 };
        const texts = this.deps.dbKind === 'postgres' ? 'bytes' : 'strings';
        for await (const batch of dumpBatches(job, texts, log)) await write(batch, undefined);
      } else {
        const ctx: FeedContext = { http: this.httpFor(adapter, options, log, stop.signal), log, signal: stop.signal, now: () => clock.now(), options };
        for await (const fetched of adapter.fetch(ctx, await readCheckpoint(db, source))) {
          await write(await prepareInSlices(adapter, fetched.records, fetched.rejected ?? []), fetched.checkpoint);
        }
      }
      await writing;
      stop.signal.throwIfAborted();
      await recordOutcome(db, source, clock.now(), null);
      report.durationMs = Date.now() - started;
      log.info({ ...report }, 'feed sync done');
      return report;
    } catch (e) {
      const message = (e as Error).message || String(e);
      await recordOutcome(db, source, clock.now(), message).catch((err: unknown) => log.error({ err }, 'could not record the sync error'));
      report.durationMs = Date.now() - started;
      report.error = message;
      log.error({ err: e, ...report }, 'feed sync failed');
      throw new FeedSyncError(report, { cause: e });
    } finally {
      // A batch still being written keeps the lease until it has committed or rolled back.
      await writing.catch(() => undefined);
      clearInterval(renewal);
      this.deps.shutdown?.removeEventListener('abort', onShutdown);
      await releaseLease(db, source, holder).catch((err: unknown) => log.warn({ err }, 'could not release the lease'));
    }
  }

  private async writeBatch(adapter: FeedAdapter, holder: string, batch: PreparedBatch, checkpoint: string | undefined, report: SyncReport): Promise<void> {
    const { db, clock } = this.deps;
    const result = await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const stored = await storeBatch(t, batch.items);
      for (const [from, into] of stored.absorbed) await this.deps.onAbsorbed?.(t, from, into);
      await appendEvents(t, clock.now(), batchEvents(stored));
      await quarantine(t, batch.quarantined, clock.now());
      await recordBatch(t, adapter.source, holder, { stored: stored.stored + stored.kev + stored.epss, quarantined: batch.quarantined.length }, checkpoint);
      return stored;
    });
    report.records += batch.read;
    report.stored += result.stored + result.kev + result.epss;
    report.unchanged += result.unchanged;
    report.quarantined += batch.quarantined.length;
    report.changedVulnerabilities += result.changedVulnerabilityIds.length;
    await this.deps.events.kick();
  }

  private httpFor(adapter: FeedAdapter, options: unknown, log: Logger, signal: AbortSignal) {
    const budget = adapter.rateLimit?.(options);
    let limiter: RateLimiter | undefined;
    if (budget) {
      const key = `${adapter.source}:${budget.requests}/${budget.perMs}`;
      limiter = this.limiters.get(key) ?? new RateLimiter(budget);
      this.limiters.set(key, limiter);
    }
    const { http } = this.deps.config;
    return createHttpClient({
      log,
      timeoutMs: http.timeout,
      maxResponseBytes: http.maxResponseBytes,
      allowPrivateNetworks: http.allowPrivateNetworks,
      forbiddenMeansThrottled: budget !== undefined,
      signal,
      ...(limiter ? { limiter } : {}),
      ...this.deps.http,
    });
  }
}
