import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendEvents } from '../../src/events/index.ts';
import type { Db } from '../../src/db/index.ts';
import { caseWithEvents, deliveryStatuses, seedProduct, startReceiver, type CaseSeed, type Receiver } from '../support/alert-receivers.ts';
import { describePostgres } from '../support/databases.ts';
import { eventually, openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const SECRET = `whsec_${Buffer.from('alerts-integration-secret-0123456789').toString('base64')}`;

interface Body {
  version: number;
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { items?: { type: string; data: Record<string, unknown> }[] };
}
const bodies = (r: Receiver): Body[] => r.receipts.map((x) => JSON.parse(x.body) as Body);

/**
 * Signed webhooks to real receivers on loopback: Standard Webhooks headers that verify, per-case
 * order, a receiver that fails (500, then 429 with Retry-After) and recovers, the dead letter and
 * its re-drive, embargoed payloads, bursts, rolled-back changes and the SSRF guard.
 */
describePostgres('alerts over webhooks', (target) => {
  let t: TestRuntime;
  let good: Receiver;
  let flaky: Receiver;
  let down: Receiver;
  let downUp = false;
  let productId: string;
  let flakyProduct: string;

  beforeAll(async () => {
    good = await startReceiver();
    // Fails twice with 500, then says 429 with Retry-After: 1, then accepts.
    flaky = await startReceiver((n) => (n < 2 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    down = await startReceiver(() => ({ status: downUp ? 200 : 503 }));
    t = await openTestRuntime(target, 'in-process', (c) => ({
      ...c,
      alerts: { ...c.alerts, allowNetworks: ['127.0.0.1/32'], retryBase: 50, retryMax: 2_000, attempts: 5, sweepInterval: 300, burstThreshold: 3 },
    }));
    productId = await seedProduct(t.rt.deps.db, 'team-a', 'alpha-product');
    flakyProduct = await seedProduct(t.rt.deps.db, 'team-a', 'flaky-product');
    await seedProduct(t.rt.deps.db, 'team-b', 'beta-product');
    const subscribe = async (url: string, extra: object = {}) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subscriptions',
        headers: t.admin,
        payload: { channel: { type: 'webhook', url, secret: SECRET }, events: ['case.opened', 'case.priority-changed', 'case.state-changed'], ...extra },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.body).not.toContain(SECRET);
      return res.json<{ id: number }>().id;
    };
    await subscribe(good.url);
    await subscribe(flaky.url, { team: 'team-a', products: ['flaky-*'] });
    await subscribe(down.url, { minPriority: 'P2' });
    // The embedded database's migrations alone take a while on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([good, flaky, down].map((r) => r?.close()));
  });

  const ofCase = (r: Receiver, caseId: number): Body[] => bodies(r).filter((b) => b.data.caseId === caseId);

  it('signs every request as Standard Webhooks say, with the event id, in the order of the case', async () => {
    const caseId = await caseWithEvents(t.rt.deps.db, { productId, teamId: 'team-a', vulnerabilityId: 'CVE-2099-1000' }, () => [
      'case.opened',
      'case.priority-changed',
      'case.state-changed',
    ]);
    await t.rt.deps.events.kick();
    await eventually(async () => (ofCase(good, caseId).length === 3 ? true : undefined), 20_000);
    const wh = new Webhook(SECRET);
    for (const r of good.receipts) {
      expect(() => wh.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    }
    const got = ofCase(good, caseId);
    expect(got.map((b) => b.type)).toEqual(['case.opened', 'case.priority-changed', 'case.state-changed']);
    expect(got[0]).toMatchObject({
      version: 1,
      data: {
        caseId,
        priority: 'P1',
        product: 'alpha-product',
        team: 'team-a',
        vulnerability: { id: 'CVE-2099-1000' },
        url: `http://localhost:8080/cases/${caseId}`,
      },
    });
    const ids = good.receipts.map((r) => Number(r.headers['webhook-id']));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('retries a failing receiver with backoff, honours Retry-After, and delivers in order once it recovers', async () => {
    const caseId = await caseWithEvents(t.rt.deps.db, { productId: flakyProduct, teamId: 'team-a', vulnerabilityId: 'CVE-2099-1001' }, () => [
      'case.opened',
      'case.state-changed',
    ]);
    await t.rt.deps.events.kick();
    await eventually(async () => (ofCase(flaky, caseId).length === 2 ? true : undefined), 30_000);
    expect(ofCase(flaky, caseId).map((b) => b.type)).toEqual(['case.opened', 'case.state-changed']);
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/deliveries?event=case.opened&status=sent', headers: t.admin });
    const first = log
      .json<{ items: { caseId: number; attempts: number; channel: string; lastError: string | null }[] }>()
      .items.filter((d) => d.caseId === caseId);
    expect(first.map((d) => d.attempts).sort()).toEqual([1, 4]);
  });

  it('dead-letters after the configured attempts, and a re-drive delivers', async () => {
    const caseId = await caseWithEvents(t.rt.deps.db, { productId, teamId: 'team-a', vulnerabilityId: 'CVE-2099-1002' }, () => ['case.opened']);
    await t.rt.deps.events.kick();
    const dead = await eventually(async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/deliveries?status=dead', headers: t.admin });
      return res.json<{ items: { id: number; caseId: number; attempts: number; lastError: string }[] }>().items.find((d) => d.caseId === caseId);
    }, 20_000);
    expect(dead).toMatchObject({ attempts: 5, lastError: 'HTTP 503' });
    downUp = true;
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/deliveries/${dead.id}/retry`, headers: t.admin });
    expect(retried.statusCode, retried.body).toBe(202);
    await eventually(async () => (ofCase(down, caseId).length === 1 ? true : undefined), 20_000);
    // Recorded once the receiver's answer is in.
    await eventually(async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/deliveries?status=sent', headers: t.admin });
      return res.json<{ items: { id: number }[] }>().items.some((d) => d.id === dead.id) ? true : undefined;
    });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/deliveries/${dead.id}/retry`, headers: t.admin });
    expect(again.statusCode).toBe(409);
  });

  it('carries only the case id and link of an embargoed case', async () => {
    const caseId = await caseWithEvents(t.rt.deps.db, { productId, teamId: 'team-a', vulnerabilityId: 'CVE-2099-SECRET', embargoed: true }, () => [
      'case.opened',
    ]);
    await t.rt.deps.events.kick();
    await eventually(async () => (ofCase(good, caseId).length === 1 ? true : undefined), 20_000);
    const [body] = ofCase(good, caseId);
    expect(body!.data).toEqual({ caseId, url: `http://localhost:8080/cases/${caseId}` });
    expect(good.receipts.at(-1)!.body).not.toMatch(/SECRET|alpha-product/);
  });

  it('sends a burst (one vulnerability opening cases in many products at once) as one message with the list', async () => {
    const db = t.rt.deps.db;
    const before = good.receipts.length;
    const ids: number[] = [];
    const seeds: CaseSeed[] = [];
    for (let i = 0; i < 4; i++)
      seeds.push({ productId: await seedProduct(db, 'team-b', `burst-product-${i}`), teamId: 'team-b', vulnerabilityId: 'CVE-2099-2000' });
    await db.transaction(async (tx) => {
      for (const s of seeds) ids.push(await caseWithEvents(tx as unknown as Db, s, () => ['case.opened']));
    });
    await t.rt.deps.events.kick();
    await eventually(async () => (bodies(good).some((b) => b.type === 'digest') ? true : undefined), 20_000);
    expect(good.receipts.length - before).toBe(1);
    const digest = bodies(good).at(-1)!;
    expect(digest.data).toMatchObject({ reason: 'burst', count: 4 });
    expect(digest.data.items!.map((i) => i.data.caseId).sort()).toEqual(ids.sort());
    expect(good.receipts.at(-1)!.headers['webhook-id']).toMatch(/^burst-/);
  });

  it('sends nothing for a change that rolled back', async () => {
    const db = t.rt.deps.db;
    const total = async () => Object.values(await deliveryStatuses(db)).reduce((a, b) => a + b, 0);
    const before = await total();
    await expect(
      db.transaction(async (tx) => {
        await appendEvents(tx as unknown as Db, new Date(), [
          { type: 'case.opened', teamId: 'team-a', productId, caseId: 999_999, data: { caseId: 999_999, priority: 'P1', state: 'new', decisionId: null } },
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.rt.deps.events.kick();
    await t.rt.alerts.planner.plan();
    expect(await total()).toBe(before);
    expect(bodies(good).some((b) => b.data.caseId === 999_999)).toBe(false);
  });

  it('refuses webhook targets on private or loopback addresses outside the allow-list', async () => {
    for (const url of ['http://10.1.2.3/hook', 'http://127.0.0.2/hook', 'http://[::1]/hook', 'file:///etc/passwd']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subscriptions',
        headers: t.admin,
        payload: { channel: { type: 'webhook', url, secret: SECRET }, events: ['case.opened'] },
      });
      expect(res.statusCode, url).toBe(400);
    }
    const noSecret = await t.app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: t.admin,
      payload: { channel: { type: 'webhook', url: good.url }, events: ['case.opened'] },
    });
    expect(noSecret.statusCode).toBe(400);
  });
});
