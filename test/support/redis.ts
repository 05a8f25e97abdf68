import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';
import { isCI } from './fixtures.ts';

export const testRedisUrl = process.env.KANSHI_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function probe(url: string): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    client.disconnect();
  }
}

const redisProblem = await probe(testRedisUrl);

export type QueueKind = 'in-process' | 'bullmq';

/** Why BullMQ suites skip here; undefined when Redis answers or under CI=true (then they must run). */
export const redisSkipReason = (): string | undefined =>
  redisProblem === undefined || isCI() ? undefined : `Redis at ${testRedisUrl} unreachable (${redisProblem})`;

/**
 * One `describe` per job backend: in-process always, BullMQ on Redis when it answers. Under
 * CI=true BullMQ is always included, so a missing Redis fails instead of skipping.
 */
export function describeQueues(name: string, body: (kind: QueueKind) => void): void {
  describe(`${name} [in-process]`, () => body('in-process'));
  const skip = redisSkipReason();
  if (skip === undefined) describe(`${name} [bullmq]`, () => body('bullmq'));
  else
    describe.skip(`${name} [bullmq]`, () => {
      it(`skipped: ${skip}`, () => undefined);
    });
}

/** A Redis key prefix of its own, so parallel test files never share queues. */
export const queuePrefix = (): string => `kanshi-test-${randomBytes(4).toString('hex')}`;
