import type { Logger } from '../core/logger.ts';
import { observeRun, QUEUE_GROUPS, queueGroupOf, retryDelayMs, runHandler, UnrecoverableJobError } from './job-types.ts';
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

interface PendingJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempt: number;
  /** When it became runnable (enqueued, or its delay ended). */
  readyAt: number;
}

/**
 * Jobs in this process, for the embedded mode. Nothing here is durable: work whose loss would
 * matter (an accepted upload) is recorded in the database first and re-enqueued at startup.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  private handlers: JobHandlers | undefined;
  private readonly waiting = new Map<QueueGroup, PendingJob[]>();
  private readonly active = new Map<QueueGroup, number>();
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Per queue group, as BullMQ reports them: one queue's retries are not another's. */
  private readonly failed = new Map<QueueGroup, number>();
  private readonly delayed = new Map<QueueGroup, number>();
  private closed = false;
  private seq = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly log: Logger,
    private readonly options: { concurrency: number; attempts: number; observer?: JobObserver },
  ) {
    for (const g of QUEUE_GROUPS) {
      this.waiting.set(g, []);
      this.active.set(g, 0);
      this.failed.set(g, 0);
      this.delayed.set(g, 0);
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) return;
    const id = options.jobId ?? `${name}:${++this.seq}`;
    if (this.known.has(id)) return;
    this.known.add(id);
    const job: PendingJob = { id, name, payload, attempt: 1, readyAt: 0 };
    if (options.delayMs) this.later(options.delayMs, job);
    else this.push(job);
  }

  async schedule<N extends JobName>(key: string, name: N, payload: JobPayloads[N], options: ScheduleOptions): Promise<void> {
    const tick = (delay: number): void => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.closed) return;
        void this.enqueue(name, payload, { jobId: `schedule:${key}` });
        tick(options.everyMs);
      }, delay);
      t.unref();
      this.timers.add(t);
    };
    tick(Math.floor(Math.random() * (options.jitterMs ?? 0)));
  }

  /** Every group runs in the one embedded process, whatever `groups` says. */
  async work(handlers: JobHandlers, _groups?: readonly QueueGroup[]): Promise<void> {
    this.handlers = handlers;
    for (const g of QUEUE_GROUPS) this.pump(g);
  }

  async counts(): Promise<Record<QueueGroup, QueueCounts>> {
    const out = {} as Record<QueueGroup, QueueCounts>;
    for (const g of QUEUE_GROUPS) {
      out[g] = { waiting: this.waiting.get(g)!.length, active: this.active.get(g)!, delayed: this.delayed.get(g)!, failed: this.failed.get(g)! };
    }
    return out;
  }

  /** Resolves when no job is waiting, delayed or running (tests, one-shot CLI commands). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const g of QUEUE_GROUPS) {
      this.waiting.set(g, []);
      this.delayed.set(g, 0);
    }
    await this.idle();
  }

  private isIdle(): boolean {
    return QUEUE_GROUPS.every((g) => this.delayed.get(g) === 0 && this.waiting.get(g)!.length === 0 && this.active.get(g) === 0);
  }

  private push(job: PendingJob): void {
    const g = queueGroupOf(job.name);
    this.waiting.get(g)!.push({ ...job, readyAt: performance.now() });
    this.pump(g);
  }

  private later(ms: number, job: PendingJob): void {
    const g = queueGroupOf(job.name);
    this.delayed.set(g, this.delayed.get(g)! + 1);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.delayed.set(g, this.delayed.get(g)! - 1);
      if (!this.closed) this.push(job);
      else this.settle();
    }, ms);
    this.timers.add(t);
  }

  private pump(g: QueueGroup): void {
    if (!this.handlers) return;
    const queue = this.waiting.get(g)!;
    while (queue.length > 0 && this.active.get(g)! < this.options.concurrency) {
      const job = queue.shift()!;
      this.active.set(g, this.active.get(g)! + 1);
      void this.run(job).finally(() => {
        this.active.set(g, this.active.get(g)! - 1);
        this.pump(g);
        this.settle();
      });
    }
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async run(job: PendingJob): Promise<void> {
    const handler = this.handlers?.[job.name] as JobHandler<JobName> | undefined;
    const log = this.log.child({ jobId: job.id, job: job.name });
    if (!handler) {
      log.error('no handler for job');
      this.known.delete(job.id);
      return;
    }
    try {
      const waitMs = job.attempt === 1 ? performance.now() - job.readyAt : null;
      await observeRun(this.options.observer, job.name, waitMs, () => runHandler(handler, job.payload, { jobId: job.id, attempt: job.attempt, log }));
      this.known.delete(job.id);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      const final = error instanceof UnrecoverableJobError || job.attempt >= this.options.attempts || this.closed;
      log.warn({ err: error, attempt: job.attempt, final }, 'job failed');
      if (!final) {
        this.later(retryDelayMs(job.attempt), { ...job, attempt: job.attempt + 1 });
        return;
      }
      const g = queueGroupOf(job.name);
      this.failed.set(g, this.failed.get(g)! + 1);
      this.known.delete(job.id);
      await handler.onFinalFailure?.(job.payload as never, error).catch((err: unknown) => log.error({ err }, 'final-failure hook failed'));
    }
  }
}
