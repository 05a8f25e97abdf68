import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../core/logger.ts';
import { observeRun, QUEUE_GROUPS, queueGroupOf, runHandler, UnrecoverableJobError } from './job-types.ts';
import type {
  EnqueueOptions,
  JobHandler,
  JobObserver,
  JobHandlers,
  JobName,
  JobPayloads,
  JobQueue,
  QueueCounts,
  QueueGroup,
  ScheduleOptions,
} from './job-types.ts';

export interface BullmqQueueOptions {
  redisUrl: string;
  concurrency: number;
  attempts: number;
  /** Key prefix in Redis; tests use a random one each. */
  prefix?: string;
  /**
   * How long a job's lock lives without renewal. A worker that dies (SIGKILL) stops renewing it
   * and the job is picked up again after this plus one stalled-check interval.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  observer?: JobObserver;
}

/**
 * BullMQ on Redis for the distributed mode: any number of `kanshi worker` processes share the
 * queues; a job whose worker died is recovered by BullMQ's stalled-job check and run again,
 * which is safe because every handler is idempotent.
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly queues = new Map<QueueGroup, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connection: ConnectionOptions;
  private readonly prefix: string;

  constructor(
    private readonly log: Logger,
    private readonly options: BullmqQueueOptions,
  ) {
    // Workers block on Redis; BullMQ requires unlimited retries per request for them.
    this.connection = { url: options.redisUrl, maxRetriesPerRequest: null };
    this.prefix = options.prefix ?? 'kanshi';
    for (const g of QUEUE_GROUPS) {
      const q = new Queue(g, { connection: this.connection, prefix: this.prefix });
      q.on('error', (err) => this.log.error({ err, queue: g }, 'queue error'));
      this.queues.set(g, q);
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    await this.queue(name).add(name, payload, {
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
      // A finished job frees its id, as in the in-process queue: the id deduplicates while the
      // job waits or runs, and the same id can run again later. Failed jobs are kept for a look.
      removeOnComplete: true,
      removeOnFail: { count: 5000 },
    });
  }

  async schedule<N extends JobName>(key: string, name: N, payload: JobPayloads[N], options: ScheduleOptions): Promise<void> {
    const jitter = Math.floor(Math.random() * (options.jitterMs ?? 0));
    await this.queue(name).upsertJobScheduler(
      key,
      { every: options.everyMs, startDate: Date.now() + jitter },
      {
        name,
        data: payload,
        opts: {
          attempts: this.options.attempts,
          backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 500 },
        },
      },
    );
  }

  async work(handlers: JobHandlers, groups: readonly QueueGroup[] = QUEUE_GROUPS): Promise<void> {
    for (const g of groups) {
      const worker = new Worker(g, (job: Job) => this.run(handlers, job), {
        connection: this.connection,
        prefix: this.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        maxStalledCount: 3,
      });
      worker.on('error', (err) => this.log.error({ err, queue: g }, 'worker error'));
      worker.on('failed', (job, err) => {
        if (!job) return;
        const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        this.log.warn({ err, jobId: job.id, job: job.name, attempt: job.attemptsMade, final }, 'job failed');
        if (!final) return;
        const handler = handlers[job.name as JobName] as JobHandler<JobName> | undefined;
        void handler?.onFinalFailure?.(job.data as never, err).catch((e: unknown) => this.log.error({ err: e }, 'final-failure hook failed'));
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  async counts(): Promise<Record<QueueGroup, QueueCounts>> {
    const out = {} as Record<QueueGroup, QueueCounts>;
    for (const g of QUEUE_GROUPS) {
      const c = await this.queues.get(g)!.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      out[g] = { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    }
    return out;
  }

  async close(): Promise<void> {
    // Workers first (they finish the job in hand), then queues; the database closes after.
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private queue(name: JobName): Queue {
    return this.queues.get(queueGroupOf(name))!;
  }

  private async run(handlers: JobHandlers, job: Job): Promise<void> {
    const handler = handlers[job.name as JobName] as JobHandler<JobName> | undefined;
    const log = this.log.child({ jobId: job.id, job: job.name });
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    try {
      const waitMs = job.attemptsMade === 0 && job.processedOn ? Math.max(0, job.processedOn - job.timestamp - (job.opts.delay ?? 0)) : null;
      await observeRun(this.options.observer, job.name as JobName, waitMs, () =>
        runHandler(handler, job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1, log }),
      );
    } catch (e) {
      if (e instanceof UnrecoverableJobError) throw new UnrecoverableError(e.message);
      throw e;
    }
  }
}
