import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../src/db/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { redisSkipReason } from '../support/redis.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const DAY = 86_400_000;
const sbom = Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [] }));
type Bearer = { authorization: string };
const bearer = (token: string): Bearer => ({ authorization: `Bearer ${token}` });

describeDatabases('token lifecycle', (target) => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process', (c) => ({
      ...c,
      tokens: { defaultTtl: 30 * DAY, maxTtl: 60 * DAY },
      rateLimit: { authFailures: { max: 5, window: 60_000 }, uploads: { max: 2, window: 60_000 } },
    }));
  });
  afterAll(async () => t?.close());

  const create = async (payload: object, headers: Bearer = t.admin) => t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload });
  const get = (url: string, headers: Bearer, remoteAddress?: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers, ...(remoteAddress ? { remoteAddress } : {}) });
  const listed = async (id: string) => (await get('/tokens', t.admin)).json<{ items: { id: string; [k: string]: unknown }[] }>().items.find((x) => x.id === id);

  it('gives non-admin tokens the default lifetime, refuses one past the maximum, lists tokens without secrets', async () => {
    const res = await create({ team: 'web', role: 'uploader', label: 'ci' });
    expect(res.statusCode).toBe(201);
    const created = res.json<{ token: string; id: string; expiresAt: string }>();
    const lifetime = new Date(created.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(30 * DAY - 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * DAY);
    expect((await create({ team: 'web', role: 'uploader', expiresIn: '61d' })).statusCode).toBe(400);
    expect((await create({ role: 'admin' })).json<{ expiresAt: string | null }>().expiresAt).toBeNull();

    const list = await get('/tokens', t.admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    expect(list.body).not.toMatch(/[0-9a-f]{64}/);
    expect(await listed(created.id)).toMatchObject({ team: 'web', role: 'uploader', label: 'ci', revokedAt: null, expiresAt: created.expiresAt });
    expect((await get('/tokens', bearer(created.token))).statusCode).toBe(403);
  });

  it('refuses a token once it has expired', async () => {
    const { token } = (await create({ team: 'web', role: 'member', expiresIn: '1s' })).json<{ token: string }>();
    expect((await get('/products', bearer(token))).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get('/products', bearer(token))).statusCode).toBe(401);
  });

  it('records the last use at most once a minute per token', async () => {
    const { token, id } = (await create({ team: 'web', role: 'member' })).json<{ token: string; id: string }>();
    expect((await listed(id))!.lastUsedAt).toBeNull();
    await get('/products', bearer(token));
    expect((await listed(id))!.lastUsedAt).not.toBeNull();
    await t.rt.deps.db.update(apiTokens).set({ lastUsedAt: null }).where(eq(apiTokens.id, id));
    await get('/products', bearer(token));
    expect((await listed(id))!.lastUsedAt).toBeNull();
  });

  it('revokes: by an admin, or by the token itself; another team’s token reads as unknown', async () => {
    const a = (await create({ team: 'web', role: 'uploader' })).json<{ token: string; id: string }>();
    const b = (await create({ team: 'payments', role: 'member' })).json<{ token: string; id: string }>();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${a.id}`, headers: bearer(b.token) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${b.id}`, headers: bearer(b.token) })).statusCode).toBe(204);
    expect((await get('/products', bearer(b.token))).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${a.id}`, headers: t.admin })).statusCode).toBe(204);
    expect((await get('/products', bearer(a.token))).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${a.id}`, headers: t.admin })).statusCode).toBe(409);
    expect((await listed(a.id))!.revokedAt).not.toBeNull();
  });

  it('rotates: a new secret with the same team, role and lifetime; the old one stops at once', async () => {
    const old = (await create({ team: 'web', role: 'uploader', expiresIn: '7d' })).json<{ token: string; id: string }>();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tokens/${old.id}/rotate`, headers: bearer(old.token) });
    expect(res.statusCode).toBe(201);
    const rotated = res.json<{ token: string; id: string; team: string; role: string; expiresAt: string }>();
    expect(rotated).toMatchObject({ team: 'web', role: 'uploader' });
    expect(rotated.token).not.toBe(old.token);
    expect(Math.abs(new Date(rotated.expiresAt).getTime() - Date.now() - 7 * DAY)).toBeLessThan(60_000);
    expect((await get('/products', bearer(old.token))).statusCode).toBe(401);
    expect((await get('/products', bearer(rotated.token))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tokens/${old.id}/rotate`, headers: t.admin })).statusCode).toBe(409);
  });

  it('answers 429 with Retry-After to a client past its failed authentications, good token or not', async () => {
    const from = '10.1.2.3';
    for (let i = 0; i < 5; i++) expect((await get('/products', bearer(`kanshi_wrong${i}`), from)).statusCode).toBe(401);
    const limited = await get('/products', bearer('kanshi_wrong'), from);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await get('/products', t.admin, from)).statusCode).toBe(429);
    expect((await get('/products', t.admin, '10.1.2.4')).statusCode).toBe(200);
  });

  it('limits uploads per token with 429 and Retry-After', async () => {
    const one = bearer((await create({ team: 'web', role: 'uploader' })).json<{ token: string }>().token);
    const two = bearer((await create({ team: 'web', role: 'uploader' })).json<{ token: string }>().token);
    const upload = (h: Bearer, v: string) => t.app.inject({ method: 'POST', url: `/api/v1/sboms?product=limited&version=${v}`, headers: h, payload: sbom });
    expect((await upload(one, '1')).statusCode).toBe(202);
    expect((await upload(one, '2')).statusCode).toBe(202);
    const limited = await upload(one, '3');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await upload(two, '3')).statusCode).toBe(202);
  });

  it('keeps admin actions in the audit log, readable by admin and psirt only', async () => {
    const member = (await create({ team: 'web', role: 'member' })).json<{ token: string }>().token;
    const vex = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products/limited/vex',
      headers: bearer(member),
      payload: { bomFormat: 'CycloneDX', specVersion: '1.6', vulnerabilities: [] },
    });
    expect(vex.statusCode).toBe(201);
    const psirt = bearer((await create({ team: 'psirt', role: 'psirt' })).json<{ token: string }>().token);
    const audit = await get('/audit?limit=200', psirt);
    expect(audit.statusCode).toBe(200);
    const actions = audit.json<{ items: { action: string; subject: string | null }[] }>().items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['token.create', 'token.revoke', 'token.rotate', 'team.create', 'vex.import']));
    expect(audit.body).not.toContain(member);
    const page = (await get('/audit?action=token.revoke&limit=1', t.admin)).json<{ items: unknown[]; total: number }>();
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(2);
    expect((await get('/audit', bearer(member))).statusCode).toBe(403);
  });
});

/** Distributed mode: every API process counts the same failures, in Redis. */
const describeWithRedis = (name: string, body: () => void): void => {
  const skip = redisSkipReason();
  if (skip === undefined) describe(name, body);
  else describe.skip(name, () => it(`skipped: ${skip}`, () => undefined));
};

describeWithRedis('failed authentications counted across API processes', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ kind: 'pglite' }, 'bullmq', (c) => ({ ...c, rateLimit: { ...c.rateLimit, authFailures: { max: 3, window: 60_000 } } }), {
      work: false,
    });
  });
  afterAll(async () => t?.close());

  it('refuses a client at another API process once the failures add up past the limit', async () => {
    const other = await t.rt.buildHttp();
    const from = '10.9.8.7';
    const fail = (app: typeof other) => app.inject({ method: 'GET', url: '/api/v1/products', headers: bearer('kanshi_wrong'), remoteAddress: from });
    expect([(await fail(t.app)).statusCode, (await fail(t.app)).statusCode, (await fail(other)).statusCode]).toEqual([401, 401, 401]);
    expect((await fail(other)).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/products', headers: t.admin, remoteAddress: from })).statusCode).toBe(429);
    await other.close();
  });
});
