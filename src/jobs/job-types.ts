import type { z } from 'zod';
import type { Logger } from '../core/logger.ts';

/**
 * Every job Kanshi runs, keyed by name. Payloads carry ids, never data or secrets, so a job
 * can be retried or re-run from the database state and nothing sensitive sits in Redis.
 */
export interface JobPayloads {
  /** Parse and store one accepted SBOM upload. */
  'ingest.sbom': { uploadId: string };
  /** One sync of one feed source, from the network or a local dump folder. */
  'feeds.sync': { source: string; fromDir?: string };
  /** Match a product version's inventory against the store (new or replaced SBOM, lifecycle change); `eventId`: the outbox event it answers. */
  'matching.forward': { productVersionId: string; eventId?: number };
  /** Re-evaluate the packages named by new, changed or withdrawn advisories. */
  'matching.reverse': { vulnerabilityIds: string[]; eventId?: number };
  /** After a policy change: match again the product versions whose findings wait on a running-on platform. */
  'matching.platforms': Record<string, never>;
  /** Publish committed outbox events and hand their work to consumers. */
  'events.relay': Record<string, never>;
  /** Open, reopen, close and re-prioritise cases from the published finding and vulnerability events. */
  'cases.sync': Record<string, never>;
  /** Move SLA clocks (near breach, breached) and expire risk acceptances. */
  'cases.sla': Record<string, never>;
  /** Re-prioritise every open case under the policy now in force. */
  'cases.reprioritize': Record<string, never>;
  /** Take today's KPI snapshot of every team's cases. */
  'cases.snapshot': Record<string, never>;
  /** Archive product versions past the retention setting. */
  'inventory.retention': Record<string, never>;
  /** Plan deliveries for the published events not planned yet (one row per event and subscription). */
  'delivery.plan': Record<string, never>;
  /** Send one delivery, or the batch (digest, burst) it belongs to. */
  'delivery.send': { deliveryId: number };
  /** Hand out due deliveries (retries, digest windows, work left by a crash) and watch failing feeds. */
  'delivery.sweep': Record<string, never>;
}

export type JobName = keyof JobPayloads;

/** Jobs are grouped into queues by the part before the dot, so a long feed sync never delays ingest. */
export type QueueGroup = JobName extends `${infer G}.${string}` ? G : never;

export const queueGroupOf = (name: JobName): QueueGroup => name.slice(0, name.indexOf('.')) as QueueGroup;

export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  log: Logger;
}

export interface JobHandler<N extends JobName> {
  /** Checked before `run`: a payload that does not fit fails the job for good, naming what is wrong. */
  payload: z.ZodType<JobPayloads[N]>;
  run(payload: JobPayloads[N], ctx: JobContext): Promise<void>;
  /** Called once when the job will not be tried again (attempts used up or unrecoverable). */
  onFinalFailure?(payload: JobPayloads[N], error: Error): Promise<void>;
}

export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id that is still waiting or running is not added again. */
  jobId?: string;
  delayMs?: number;
}

export interface ScheduleOptions {
  everyMs: number;
  /** Random delay up to this many ms before the first run, so workers do not poll in lockstep. */
  jitterMs?: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** The job layer: BullMQ on Redis in distributed mode, in-process in embedded mode. */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** A repeatable job; one schedule per `key` however many processes call this. */
  schedule<N extends JobName>(key: string, name: N, payload: JobPayloads[N], options: ScheduleOptions): Promise<void>;
  /** Start running jobs of `groups` (default: every group) in this process. */
  work(handlers: JobHandlers, groups?: readonly QueueGroup[]): Promise<void>;
  counts(): Promise<Record<QueueGroup, QueueCounts>>;
  /** Stop taking jobs, let running ones finish, release connections. */
  close(): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (the input itself is bad). */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
  }
}

export const QUEUE_GROUPS: readonly QueueGroup[] = ['ingest', 'feeds', 'matching', 'inventory', 'events', 'cases', 'delivery'];

/** Runs a handler on a payload as it came off the queue, validated first. */
export async function runHandler(handler: JobHandler<JobName>, data: unknown, ctx: JobContext): Promise<void> {
  const parsed = handler.payload.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    throw new UnrecoverableJobError(`invalid job payload: ${problems}`);
  }
  await handler.run(parsed.data as never, ctx);
}

/** What a queue reports of each run it makes, for the metrics. */
export interface JobRunReport {
  name: JobName;
  group: QueueGroup;
  /** From enqueue (or the end of the delay) to start, first attempts only: a retry's wait is its backoff. */
  waitMs: number | null;
  runMs: number;
  outcome: 'completed' | 'failed';
}

export type JobObserver = (report: JobRunReport) => void;

/** Runs `run`, then tells `observer` how long it waited and ran and how it ended. */
export async function observeRun(observer: JobObserver | undefined, name: JobName, waitMs: number | null, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let outcome: JobRunReport['outcome'] = 'failed';
  try {
    await run();
    outcome = 'completed';
  } finally {
    observer?.({ name, group: queueGroupOf(name), waitMs, runMs: performance.now() - started, outcome });
  }
}

/** Exponential backoff with full jitter, capped: 1 s, 2 s, 4 s … up to 5 min. */
export const retryDelayMs = (attempt: number): number => Math.min(300_000, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
