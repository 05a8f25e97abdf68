import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/index.ts';
import type { JobName, JobPayloads, JobQueue } from '../jobs/index.ts';
import type { EventType, StoredEvent } from './event-types.ts';
import { pendingTasks, publishPending } from './outbox.repo.ts';

/** A job to run for one event. */
export type JobRequest = { [N in JobName]: { name: N; payload: JobPayloads[N] } }[JobName];

/**
 * Work done inside Kanshi for some event types (matching after an ingest or a feed batch).
 * The job's handler marks the task done with `completeTask` in the transaction of its work,
 * so a task is done exactly when its work has committed.
 */
export interface EventConsumer {
  /** Names the task rows; stable across releases. */
  name: string;
  types: readonly EventType[];
  job(event: StoredEvent): JobRequest;
}

/**
 * A consumer that reads the published stream itself, keeping its place in `event_cursors`
 * (cases). The relay only wakes it when events of its types were published.
 */
export interface EventStreamConsumer {
  name: string;
  types: readonly EventType[];
  wake: JobRequest;
}

const BATCH = 1_000;

/**
 * Publishes committed events in order and hands their work to consumers as jobs. Safe to run
 * any number of times and in several processes at once: publication is serialised by a lock,
 * and a task's job id is derived from the task, so a job enqueued twice runs once while waiting.
 */
export class EventRelay {
  constructor(
    private readonly deps: { db: Db; queue: JobQueue; log: Logger },
    private readonly consumers: readonly EventConsumer[],
    private readonly streams: readonly EventStreamConsumer[] = [],
  ) {}

  /** Publishes every pending event; returns how many. */
  async relay(): Promise<number> {
    let total = 0;
    for (;;) {
      const { published, tasks } = await publishPending(this.deps.db, BATCH, this.consumers);
      total += published.length;
      for (const t of tasks) await this.hand(t.consumer, t.event);
      for (const s of this.streams) {
        // No job id: a wake while the consumer runs must run again after it, not be merged into it.
        if (published.some((e) => s.types.includes(e.type))) await this.deps.queue.enqueue(s.wake.name, s.wake.payload as never);
      }
      if (published.length < BATCH) return total;
    }
  }

  /**
   * Hands out again every task not done, under the task's own job id: the in-process queue
   * forgets its jobs at a restart, while BullMQ, still holding a waiting or running job of that
   * id, adds nothing. A job that failed for good in BullMQ keeps its id and its task stays open,
   * visible as failed, rather than failing again at every start. Returns how many.
   */
  async recover(): Promise<number> {
    const tasks = await pendingTasks(this.deps.db, 100_000);
    for (const t of tasks) await this.hand(t.consumer, t.event);
    return tasks.length;
  }

  /** Asks for a relay run soon: called by producers after their transaction committed. */
  async kick(): Promise<void> {
    try {
      await this.deps.queue.enqueue('events.relay', {});
    } catch (err) {
      // The events are committed; the periodic relay publishes them.
      this.deps.log.warn({ err }, 'could not enqueue the event relay');
    }
  }

  private async hand(consumerName: string, event: StoredEvent): Promise<void> {
    const consumer = this.consumers.find((c) => c.name === consumerName);
    if (!consumer) {
      this.deps.log.warn({ consumer: consumerName, eventId: event.id }, 'task of an unknown consumer left open');
      return;
    }
    const { name, payload } = consumer.job(event);
    await this.deps.queue.enqueue(name, payload as never, { jobId: `task-${consumerName}-${event.id}` });
  }
}
