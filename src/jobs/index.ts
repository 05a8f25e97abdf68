import type { Logger } from '../core/logger.ts';
import { BullmqQueue, type BullmqQueueOptions } from './bullmq.queue.ts';
import { InProcessQueue } from './in-process.queue.ts';
import type { JobQueue } from './job-types.ts';

export * from './job-types.ts';
export { BullmqQueue, type BullmqQueueOptions } from './bullmq.queue.ts';
export { InProcessQueue } from './in-process.queue.ts';

/** BullMQ when REDIS_URL is set, in-process otherwise. */
export function createJobQueue(log: Logger, options: Omit<BullmqQueueOptions, 'redisUrl'> & { redisUrl: string | undefined }): JobQueue {
  return options.redisUrl ? new BullmqQueue(log, { ...options, redisUrl: options.redisUrl }) : new InProcessQueue(log, options);
}
