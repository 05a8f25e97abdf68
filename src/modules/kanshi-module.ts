import type { FastifyPluginAsync } from 'fastify';
import type { KanshiConfig } from '../config/index.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/index.ts';
import type { EventConsumer, EventStreamConsumer } from '../events/index.ts';
import type { JobHandlers, JobQueue } from '../jobs/index.ts';

/** What the composition root builds once and hands to every module. */
export interface RuntimeDeps {
  config: KanshiConfig;
  log: Logger;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  queue: JobQueue;
  clock: Clock;
  /** Producers of outbox events call `kick` after their transaction commits, so the relay publishes them soon. */
  events: { kick(): Promise<void> };
  /**
   * Aborted when the process shuts down: long waits (feed retries and their backoff) end at
   * once instead of holding the shutdown until they run out.
   */
  shutdown?: AbortSignal;
}

/**
 * A domain's contribution to the running system. The composition root merges the job handlers,
 * mounts the routes under `/api/v1` (behind the bearer-token hook, `request.principal` set),
 * and calls `start` in daemon and worker processes (schedules, recovery), never in one-shot CLI runs.
 */
export interface KanshiModule {
  name: string;
  jobHandlers?: JobHandlers;
  routes?: FastifyPluginAsync;
  /** Work this module does for outbox events, handed out by the relay. */
  eventConsumers?: EventConsumer[];
  /** Readers of the published stream this module keeps a cursor for, woken by the relay. */
  eventStreams?: EventStreamConsumer[];
  start?(options?: StartOptions): Promise<void>;
}

/** How a daemon or worker process starts its modules. */
export interface StartOptions {
  /**
   * Schedule the periodic network syncs of the enabled feeds (default true). Off in the demo and
   * offline modes, where they would fail every few minutes on a machine without internet.
   */
  networkSyncs: boolean;
}
