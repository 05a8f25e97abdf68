import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../src/core/logger.ts';
import { BullmqQueue, InProcessQueue, UnrecoverableJobError, type JobQueue } from '../../src/jobs/index.ts';
import { describeQueues, queuePrefix, testRedisUrl, type QueueKind } from '../support/redis.ts';
import { eventually } from '../support/runtime.ts';

const upload = z.object({ uploadId: z.string() });
const nothing = z.object({});

const make = (kind: QueueKind, attempts = 3): JobQueue =>
  kind === 'bullmq'
    ? new BullmqQueue(silentLogger(), { redisUrl: testRedisUrl, concurrency: 2, attempts, prefix: queuePrefix() })
    : new InProcessQueue(silentLogger(), { concurrency: 2, attempts });

/** The contract both job backends keep; the product code relies on nothing else. */
describeQueues('job queue contract', (kind) => {
  let queue: JobQueue;
  afterEach(async () => queue?.close());

  it('runs a job with its payload in its own queue group', async () => {
    queue = make(kind);
    const seen: string[] = [];
    await queue.work({ 'ingest.sbom': { payload: upload, run: async (p) => void seen.push(p.uploadId) } });
    await queue.enqueue('ingest.sbom', { uploadId: 'u1' });
    await eventually(async () => (seen.length === 1 ? true : undefined), 10_000, 20);
    expect(seen).toEqual(['u1']);
  });

  it('retries a failing job and succeeds on a later attempt', async () => {
    queue = make(kind);
    const attempts: number[] = [];
    await queue.work({
      'ingest.sbom': {
        payload: upload,
        run: async (_p, ctx) => {
          attempts.push(ctx.attempt);
          if (ctx.attempt < 2) throw new Error('transient');
        },
      },
    });
    await queue.enqueue('ingest.sbom', { uploadId: 'u2' });
    await eventually(async () => (attempts.length === 2 ? true : undefined), 20_000, 50);
    expect(attempts).toEqual([1, 2]);
  });

  it('does not retry an unrecoverable error and reports the final failure once', async () => {
    queue = make(kind);
    let runs = 0;
    const finals: string[] = [];
    await queue.work({
      'ingest.sbom': {
        payload: upload,
        run: async () => {
          runs++;
          throw new UnrecoverableJobError('bad input');
        },
        onFinalFailure: async (p, e) => void finals.push(`${p.uploadId}:${e.message}`),
      },
    });
    await queue.enqueue('ingest.sbom', { uploadId: 'u3' });
    await eventually(async () => (finals.length === 1 ? true : undefined), 10_000, 20);
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toBe(1);
    expect(finals).toEqual(['u3:bad input']);
  });

  it('calls the final-failure hook when attempts run out', async () => {
    queue = make(kind, 2);
    const finals: string[] = [];
    await queue.work({
      'ingest.sbom': {
        payload: upload,
        run: async () => {
          throw new Error('always');
        },
        onFinalFailure: async (p) => void finals.push(p.uploadId),
      },
    });
    await queue.enqueue('ingest.sbom', { uploadId: 'u4' });
    await eventually(async () => (finals.length === 1 ? true : undefined), 20_000, 50);
    expect(finals).toEqual(['u4']);
  });

  it('deduplicates jobs by id while one is waiting', async () => {
    queue = make(kind);
    const seen: string[] = [];
    await queue.enqueue('ingest.sbom', { uploadId: 'first' }, { jobId: 'same' });
    await queue.enqueue('ingest.sbom', { uploadId: 'second' }, { jobId: 'same' });
    await queue.work({ 'ingest.sbom': { payload: upload, run: async (p) => void seen.push(p.uploadId) } });
    await eventually(async () => (seen.length >= 1 ? true : undefined), 10_000, 20);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['first']);
  });

  it("lets a finished job's id run again: ids deduplicate only while a job waits or runs", async () => {
    queue = make(kind);
    const seen: string[] = [];
    await queue.work({ 'ingest.sbom': { payload: upload, run: async (p) => void seen.push(p.uploadId) } });
    await queue.enqueue('ingest.sbom', { uploadId: 'once' }, { jobId: 'again' });
    await eventually(async () => (seen.length === 1 ? true : undefined), 10_000, 20);
    await new Promise((r) => setTimeout(r, 100));
    await queue.enqueue('ingest.sbom', { uploadId: 'twice' }, { jobId: 'again' });
    await eventually(async () => (seen.length === 2 ? true : undefined), 10_000, 20);
    expect(seen).toEqual(['once', 'twice']);
  });

  it('fails a job whose payload does not fit its schema for good, without running it, naming the field', async () => {
    queue = make(kind);
    let runs = 0;
    const finals: string[] = [];
    await queue.work({
      'ingest.sbom': {
        payload: z.strictObject({ uploadId: z.uuid() }),
        run: async () => void runs++,
        onFinalFailure: async (_p, e) => void finals.push(e.message),
      },
    });
    await queue.enqueue('ingest.sbom', { uploadId: 'not-a-uuid' });
    await eventually(async () => (finals.length === 1 ? true : undefined), 10_000, 20);
    expect(runs).toBe(0);
    expect(finals[0]).toMatch(/^invalid job payload: uploadId: /);
  });

  it('repeats a scheduled job', async () => {
    queue = make(kind);
    let runs = 0;
    await queue.work({ 'inventory.retention': { payload: nothing, run: async () => void runs++ } });
    await queue.schedule('retention-test', 'inventory.retention', {}, { everyMs: 300 });
    await eventually(async () => (runs >= 2 ? true : undefined), 10_000, 50);
    expect(runs).toBeGreaterThanOrEqual(2);
  });

  it('counts waiting jobs per group', async () => {
    queue = make(kind);
    await queue.enqueue('feeds.sync', { source: 'nvd' });
    const counts = await queue.counts();
    expect(counts.feeds.waiting).toBe(1);
    expect(counts.ingest.waiting).toBe(0);
  });

  it('counts failed and delayed jobs under their own group, not under every group', async () => {
    queue = make(kind);
    await queue.work({
      'ingest.sbom': {
        payload: upload,
        run: async () => {
          throw new UnrecoverableJobError('bad input');
        },
      },
    });
    await queue.enqueue('ingest.sbom', { uploadId: 'u-failed' });
    await queue.enqueue('feeds.sync', { source: 'nvd' }, { delayMs: 60_000 });
    const counts = await eventually(
      async () => {
        const c = await queue.counts();
        return c.ingest.failed === 1 ? c : undefined;
      },
      10_000,
      20,
    );
    expect({ ingest: counts.ingest.failed, feeds: counts.feeds.failed, matching: counts.matching.failed }).toEqual({ ingest: 1, feeds: 0, matching: 0 });
    expect({ ingest: counts.ingest.delayed, feeds: counts.feeds.delayed, matching: counts.matching.delayed }).toEqual({ ingest: 0, feeds: 1, matching: 0 });
  });
});
