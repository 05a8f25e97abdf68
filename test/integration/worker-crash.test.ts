import { createServer, type AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { components, queryRows, sbomUploads } from '../../src/db/index.ts';
import { repoRoot } from '../support/fixtures.ts';
import { generateCycloneDx } from '../support/generate-sbom.ts';
import { testRedisUrl } from '../support/redis.ts';
import { describeDistributed, eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const COMPONENTS = 25_000;
/** The first worker reaches the job (process start, tsx, Redis, Postgres) within this. */
const PROCESSING_WITHIN_MS = 60_000;
/** The second worker's start, BullMQ's stalled check, and the whole 25,000-component ingest, within this. */
const PROCESSED_WITHIN_MS = 90_000;

/**
 * Distributed mode for real: `kanshi worker` processes on Postgres and Redis. A worker killed
 * with SIGKILL in the middle of an ingest leaves no partial inventory, and another worker
 * completes the job once BullMQ sees it stalled.
 */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

describeDistributed('worker killed mid-ingest', (target) => {
  let t: TestRuntime;
  let configFile: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    t = await openTestRuntime(target, 'bullmq', (c) => c, { work: false });
    configFile = path.join(mkdtempSync(path.join(tmpdir(), 'kanshi-crash-')), 'kanshi.yaml');
    writeFileSync(configFile, `jobs:\n  lockDuration: 2s\n  stalledInterval: 1s\n  queuePrefix: ${t.config.jobs.queuePrefix}\nserver:\n  logLevel: warn\n`);
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await t?.close();
  });

  const startWorker = (...flags: string[]): ChildProcess => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kanshi.js'), 'worker', ...flags], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, REDIS_URL: testRedisUrl, KANSHI_CONFIG: configFile, CI: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };
  const status = async (id: string) => (await t.rt.deps.db.select({ s: sbomUploads.status }).from(sbomUploads).where(eq(sbomUploads.id, id)))[0]!.s;
  const stored = async (id: string) =>
    (await queryRows<{ n: number }>(t.rt.deps.db, sql`select count(*)::int as n from ${components} where ${components.uploadId} = ${id}`))[0]!.n;

  it(
    'leaves no partial inventory and completes the job on another worker',
    async () => {
      const uploader = await t.tokenFor('web', 'uploader');
      const first = startWorker();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sboms?product=big&version=1',
        headers: { ...uploader, 'content-type': 'application/json' },
        payload: generateCycloneDx(COMPONENTS),
      });
      expect(res.statusCode).toBe(202);
      const id = res.json<{ id: string }>().id;

      await eventually(async () => ((await status(id)) === 'processing' ? true : undefined), PROCESSING_WITHIN_MS, 20);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(await status(id)).toBe('processing');
      expect(await stored(id)).toBe(0);

      const metricsPort = await freePort();
      startWorker('--metrics-port', String(metricsPort));
      await eventually(async () => ((await status(id)) === 'processed' ? true : undefined), PROCESSED_WITHIN_MS, 200);
      expect(await stored(id)).toBe(COMPONENTS);
      // The worker that ran the job reports it on its own metrics port.
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^kanshi_job_duration_seconds_count\{queue="ingest",job="ingest.sbom",outcome="completed"\} 1$/m);
      // The test's own limit covers both waits and the upload, so a slow machine fails on the wait that was too slow.
    },
    PROCESSING_WITHIN_MS + PROCESSED_WITHIN_MS + 30_000,
  );
});
