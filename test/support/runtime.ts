import type { FastifyInstance } from 'fastify';
import { loadConfig, type KanshiConfig } from '../../src/config/index.ts';
import type { Clock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime/index.ts';
import { describe, it } from 'vitest';
import { databaseTargets, openTestDatabase, type DatabaseTarget } from './databases.ts';
import { queuePrefix, redisSkipReason, testRedisUrl, type QueueKind } from './redis.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestRuntime {
  rt: Runtime;
  app: FastifyInstance;
  config: KanshiConfig;
  /** The per-test database's URL (Postgres only), for processes the test starts. */
  databaseUrl: string | undefined;
  /** Bearer header for the bootstrap admin. */
  admin: { authorization: string };
  /** Creates a token through the API and returns its bearer header. */
  tokenFor(team: string | null, role: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/** A full Kanshi (database, queue, modules, HTTP app) on a fresh database of the given kind. */
export async function openTestRuntime(
  target: DatabaseTarget,
  queue: QueueKind,
  adjust: (config: KanshiConfig) => KanshiConfig = (c) => c,
  options: { work?: boolean; clock?: Clock } = {},
): Promise<TestRuntime> {
  const testDb = await openTestDatabase(target);
  const base = loadConfig({ KANSHI_ADMIN_TOKEN: ADMIN_TOKEN, KANSHI_DATA_DIR: 'memory://', ...(queue === 'bullmq' ? { REDIS_URL: testRedisUrl } : {}) });
  // SBOMs are parsed on the event loop unless a test asks for threads: each runtime's threads would
  // compile every schema again, where the event loop's validators are compiled once per test file.
  const config = adjust({ ...base, server: { ...base.server, parseThreads: 0 }, jobs: { ...base.jobs, attempts: 2, queuePrefix: queuePrefix() } });
  const rt = await openRuntime(config, { log: silentLogger(), database: testDb.database, ...(options.clock ? { clock: options.clock } : {}) });
  const app = await rt.buildHttp();
  // No network feed syncs: they would fail here, and hold a source's lease while they retry.
  if (options.work ?? true) await rt.startWorking({ networkSyncs: false });
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  return {
    rt,
    app,
    config,
    databaseUrl: testDb.url,
    admin,
    async tokenFor(team, role) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin, payload: { ...(team ? { team } : {}), role } });
      if (res.statusCode !== 201) throw new Error(`token creation failed: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
    },
    async close() {
      await app.close();
      await rt.close();
      await testDb.cleanup();
    },
  };
}

/** Polls until `check` returns a value or the deadline passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Distributed mode: Postgres and Redis both. Skipped with the reason when either is missing, except under CI. */
export function describeDistributed(name: string, body: (target: DatabaseTarget) => void): void {
  const target = databaseTargets().find((t) => t.kind === 'postgres')!;
  const skip = target.skip ?? redisSkipReason();
  if (skip === undefined) describe(name, () => body(target));
  else
    describe.skip(name, () => {
      it(`skipped: ${skip}`, () => undefined);
    });
}
