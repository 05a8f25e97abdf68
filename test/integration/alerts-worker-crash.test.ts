import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caseWithEvents, deliveryStatuses, moreCaseEvents, seedProduct, startReceiver, type Receiver } from '../support/alert-receivers.ts';
import { repoRoot } from '../support/fixtures.ts';
import { testRedisUrl } from '../support/redis.ts';
import { describeDistributed, eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const SECRET = `whsec_${Buffer.from('crash-test-secret-0123456789abcdef').toString('base64')}`;
const CASES = 20;
const TYPES = ['case.opened', 'case.priority-changed', 'case.state-changed'] as const;

/**
 * `kanshi worker --queues delivery` processes on Postgres and Redis, the first killed with SIGKILL
 * while it is sending: every event still arrives, duplicates carry the same event id, and each
 * case's events arrive in order.
 */
describeDistributed('delivery worker killed mid-batch', (target) => {
  let t: TestRuntime;
  let receiver: Receiver;
  let configFile: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await openTestRuntime(target, 'bullmq', (c) => ({ ...c, alerts: { ...c.alerts, allowNetworks: ['127.0.0.1/32'] } }), { work: false });
    // The relay runs here; planning and sending only in the worker processes.
    await t.rt.startWorking({ groups: ['events'], networkSyncs: false });
    configFile = path.join(mkdtempSync(path.join(tmpdir(), 'kanshi-alerts-crash-')), 'kanshi.yaml');
    writeFileSync(
      configFile,
      `jobs:\n  lockDuration: 2s\n  stalledInterval: 1s\n  concurrency: 4\n  queuePrefix: ${t.config.jobs.queuePrefix}\nserver:\n  logLevel: warn\nalerts:\n  allowNetworks: [127.0.0.1/32]\n  retryBase: 100ms\n  sweepInterval: 1s\n  timeout: 3s\n`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: t.admin,
      payload: { channel: { type: 'webhook', url: receiver.url, secret: SECRET }, events: [...TYPES] },
    });
    expect(res.statusCode, res.body).toBe(201);
  }, 240_000);
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await t?.close();
    await receiver?.close();
  });

  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kanshi.js'), 'worker', '--queues', 'delivery'], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, REDIS_URL: testRedisUrl, KANSHI_CONFIG: configFile, CI: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  it('delivers every event, duplicates under the same id, in order per case', async () => {
    const db = t.rt.deps.db;
    const productId = await seedProduct(db, 'team-a', 'crash-product');
    const first = startWorker();
    // One transaction per change, as people and the sweep make them: each case's events in order.
    const seeds = Array.from({ length: CASES }, (_, i) => ({ productId, teamId: 'team-a', vulnerabilityId: `CVE-2099-${5000 + i}` }));
    const caseIds: number[] = [];
    for (const s of seeds) caseIds.push(await caseWithEvents(db, s, () => [TYPES[0]]));
    for (const type of TYPES.slice(1)) for (const [i, s] of seeds.entries()) await moreCaseEvents(db, caseIds[i]!, s, [type]);
    await t.rt.deps.events.kick();

    await eventually(async () => (receiver.receipts.length >= 10 ? true : undefined), 120_000, 5);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = receiver.receipts.length;
    expect(atKill).toBeLessThan(CASES * TYPES.length);

    startWorker();
    await eventually(async () => ((await deliveryStatuses(db)).sent === CASES * TYPES.length ? true : undefined), 120_000, 200);

    const byId = new Map<string, string[]>();
    for (const r of receiver.receipts) byId.set(String(r.headers['webhook-id']), [...(byId.get(String(r.headers['webhook-id'])) ?? []), r.body]);
    expect(byId.size).toBe(CASES * TYPES.length);
    // A resend is the same message: same id, same event.
    for (const copies of byId.values()) expect(new Set(copies.map((b) => JSON.stringify({ ...JSON.parse(b), timestamp: null }))).size).toBe(1);
    const seen = new Set<string>();
    const firstArrivals = receiver.receipts.filter((r) => !seen.has(String(r.headers['webhook-id'])) && seen.add(String(r.headers['webhook-id'])));
    for (const caseId of caseIds) {
      const types = firstArrivals.map((r) => JSON.parse(r.body) as { type: string; data: { caseId: number } }).filter((b) => b.data.caseId === caseId);
      expect(types.map((b) => b.type)).toEqual([...TYPES]);
    }
  }, 300_000);
});
