import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from '../../src/cases/index.ts';
import { alertDeliveries, alertSubscriptions, cases, events, products } from '../../src/db/index.ts';
import { openApiDocument, operations, type OpenApiDocument } from '../support/openapi.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Every operation of the OpenAPI document, called by every role of two teams and without a
 * token: the status each must get, that the status is documented, and that no body names
 * another team's products, uploads, components or team (beyond what the caller sent).
 * A route added to the API without a row here fails the walk.
 */

const CALLERS = ['admin', 'psirt-a', 'psirt-b', 'member-a', 'member-b', 'uploader-a', 'uploader-b', 'none'] as const;
type Caller = (typeof CALLERS)[number];
const teamOf = (c: Caller): 'a' | 'b' | null => (c.endsWith('-a') ? 'a' : c.endsWith('-b') ? 'b' : null);
const isStaff = (c: Caller): boolean => c === 'admin' || c.startsWith('psirt');
/** May the caller know that team A's data exists? */
const seesA = (c: Caller): boolean => isStaff(c) || teamOf(c) === 'a';
const writerOfA = (c: Caller): boolean => seesA(c) && !c.startsWith('uploader');

const component = (name: string) => ({ type: 'library', 'bom-ref': name, name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` });
const sbomOf = (only: string): Buffer =>
  Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [component(only), component('shared-lib')] }));
const vex = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  vulnerabilities: [{ id: 'CVE-2099-0001', analysis: { state: 'not_affected', justification: 'code_not_present' } }],
};

interface Fixture {
  t: TestRuntime;
  uploadA: string;
  /** A case of team A's product. */
  caseA: number;
  /** An alert subscription of team A, and a dead-lettered delivery of it. */
  subscriptionA: number;
  deliveryA: number;
  fresh(): number;
  admin: { authorization: string };
}
interface CallSpec {
  url: string;
  payload?: Buffer | object;
}
interface RouteCase {
  request(f: Fixture): Promise<CallSpec> | CallSpec;
  status(c: Exclude<Caller, 'none'>): number;
}

const teamARead = (c: Caller): number => (seesA(c) ? 200 : 404);

/** Creates a suppression on team A's product, as an admin, for a caller to revoke. */
async function suppressionOfA(f: Fixture): Promise<string> {
  const res = await f.t.app.inject({ method: 'POST', url: '/api/v1/products/alpha-product/vex', headers: f.admin, payload: vex });
  return res.json<{ suppressions: string[] }>().suppressions[0]!;
}
/** A fresh uploader token of team A, created by an admin, for a caller to revoke or rotate. */
async function tokenOfA(f: Fixture): Promise<string> {
  return (await f.t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: f.admin, payload: { team: 'team-a', role: 'uploader' } })).json<{
    id: string;
  }>().id;
}

const CASES: Record<string, RouteCase> = {
  'POST /api/v1/sboms': {
    request: (f) => ({ url: `/api/v1/sboms?product=alpha-product&version=walk-${f.fresh()}&team=team-a`, payload: sbomOf('alpha-only-lib') }),
    // Uploading to a taken name cannot hide that it is taken: 403, not 404.
    status: (c) => (seesA(c) ? 202 : 403),
  },
  'GET /api/v1/sboms/{id}': { request: (f) => ({ url: `/api/v1/sboms/${f.uploadA}` }), status: teamARead },
  'GET /api/v1/products': { request: () => ({ url: '/api/v1/products' }), status: () => 200 },
  'GET /api/v1/products/{product}': { request: () => ({ url: '/api/v1/products/alpha-product' }), status: teamARead },
  'GET /api/v1/products/{product}/versions/{version}': { request: () => ({ url: '/api/v1/products/alpha-product/versions/1.0' }), status: teamARead },
  'PATCH /api/v1/products/{product}/versions/{version}': {
    request: () => ({ url: '/api/v1/products/alpha-product/versions/1.0', payload: { lifecycle: 'supported' } }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 200 : 403),
  },
  'GET /api/v1/products/{product}/versions/{version}/components': {
    request: () => ({ url: '/api/v1/products/alpha-product/versions/1.0/components' }),
    status: teamARead,
  },
  'GET /api/v1/where-used': { request: () => ({ url: '/api/v1/where-used?q=shared-lib' }), status: () => 200 },
  'GET /api/v1/exposure/components': { request: () => ({ url: '/api/v1/exposure/components' }), status: () => 200 },
  'GET /api/v1/vulnerabilities/{id}': { request: () => ({ url: '/api/v1/vulnerabilities/CVE-2099-0001' }), status: () => 404 },
  'GET /api/v1/feeds': { request: () => ({ url: '/api/v1/feeds' }), status: () => 200 },
  'GET /api/v1/feeds/quarantine': { request: () => ({ url: '/api/v1/feeds/quarantine' }), status: () => 200 },
  'POST /api/v1/feeds/{source}/sync': { request: () => ({ url: '/api/v1/feeds/kev/sync' }), status: (c) => (isStaff(c) ? 202 : 403) },
  'GET /api/v1/findings': { request: () => ({ url: '/api/v1/findings' }), status: () => 200 },
  'POST /api/v1/products/{product}/vex': {
    request: () => ({ url: '/api/v1/products/alpha-product/vex', payload: vex }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 201 : 403),
  },
  'DELETE /api/v1/products/{product}/vex/{suppression}': {
    request: async (f) => ({ url: `/api/v1/products/alpha-product/vex/${await suppressionOfA(f)}` }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 204 : 403),
  },
  'POST /api/v1/tokens': {
    request: () => ({ url: '/api/v1/tokens', payload: { team: 'team-a', role: 'uploader' } }),
    status: (c) => (c === 'admin' ? 201 : 403),
  },
  'GET /api/v1/tokens': { request: () => ({ url: '/api/v1/tokens' }), status: (c) => (c === 'admin' ? 200 : 403) },
  // Someone else's token reads as unknown, to PSIRT staff too.
  'DELETE /api/v1/tokens/{id}': { request: async (f) => ({ url: `/api/v1/tokens/${await tokenOfA(f)}` }), status: (c) => (c === 'admin' ? 204 : 404) },
  'POST /api/v1/tokens/{id}/rotate': {
    request: async (f) => ({ url: `/api/v1/tokens/${await tokenOfA(f)}/rotate` }),
    status: (c) => (c === 'admin' ? 201 : 404),
  },
  'GET /api/v1/teams': { request: () => ({ url: '/api/v1/teams' }), status: () => 200 },
  'GET /api/v1/me': { request: () => ({ url: '/api/v1/me' }), status: () => 200 },
  'GET /api/v1/audit': { request: () => ({ url: '/api/v1/audit' }), status: (c) => (isStaff(c) ? 200 : 403) },
  'GET /api/v1/events': { request: () => ({ url: '/api/v1/events' }), status: () => 200 },
  'GET /api/v1/cases': { request: () => ({ url: '/api/v1/cases' }), status: () => 200 },
  'GET /api/v1/cases/{id}': { request: (f) => ({ url: `/api/v1/cases/${f.caseA}` }), status: teamARead },
  // A move the workflow never allows from `new`: 409 for those who may act, so the case stays as it is for the next caller.
  'POST /api/v1/cases/{id}/transitions': {
    request: (f) => ({ url: `/api/v1/cases/${f.caseA}/transitions`, payload: { to: 'fixed', fixVersion: '2.0' } }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 409 : 403),
  },
  'POST /api/v1/cases/{id}/comments': {
    request: (f) => ({ url: `/api/v1/cases/${f.caseA}/comments`, payload: { text: 'looking' } }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 201 : 403),
  },
  'PATCH /api/v1/cases/{id}': {
    request: (f) => ({ url: `/api/v1/cases/${f.caseA}`, payload: { assignee: 'someone@example.com' } }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 200 : 403),
  },
  'GET /api/v1/products/{product}/priorities': {
    request: () => ({ url: '/api/v1/products/alpha-product/priorities?vulnerabilities=CVE-2099-0001' }),
    status: teamARead,
  },
  'GET /api/v1/cases/{id}/jvn-status': { request: (f) => ({ url: `/api/v1/cases/${f.caseA}/jvn-status?format=text` }), status: teamARead },
  'POST /api/v1/cases': {
    request: (f) => ({
      url: '/api/v1/cases',
      payload: {
        vulnerability: { id: `ACME-WALK-${f.fresh()}`, title: 'walk' },
        affects: [{ purl: 'pkg:npm/walk-lib', range: 'vers:npm/<1.0.0' }],
        embargoed: false,
      },
    }),
    status: (c) => (isStaff(c) ? 202 : 403),
  },
  // Version 1.0 has no finding: an empty CycloneDX VEX. The case has no finding either: nothing for an advisory to state.
  'GET /api/v1/products/{product}/versions/{version}/vex': {
    request: () => ({ url: '/api/v1/products/alpha-product/versions/1.0/vex' }),
    status: teamARead,
  },
  'GET /api/v1/cases/{id}/csaf': { request: (f) => ({ url: `/api/v1/cases/${f.caseA}/csaf` }), status: () => 404 },
  // A version decision without its version: 400 for those who may decide, after access is checked, so the case stays as it is.
  'POST /api/v1/cases/{id}/decisions': {
    request: (f) => ({
      url: `/api/v1/cases/${f.caseA}/decisions`,
      payload: { scope: 'version', status: 'not_affected', justification: 'component_not_present' },
    }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 400 : 403),
  },
  'GET /api/v1/decisions': { request: () => ({ url: '/api/v1/decisions' }), status: () => 200 },
  'DELETE /api/v1/decisions/{id}': {
    request: async (f) => ({ url: `/api/v1/decisions/${await suppressionOfA(f)}` }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 204 : 403),
  },
  'GET /api/v1/subscriptions': { request: () => ({ url: '/api/v1/subscriptions' }), status: () => 200 },
  'POST /api/v1/subscriptions': {
    request: () => ({
      url: '/api/v1/subscriptions',
      payload: { team: 'team-a', channel: { type: 'email', to: 'alerts@example.com' }, events: ['case.opened'] },
    }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 201 : 403),
  },
  'GET /api/v1/subscriptions/{id}': { request: (f) => ({ url: `/api/v1/subscriptions/${f.subscriptionA}` }), status: teamARead },
  'PATCH /api/v1/subscriptions/{id}': {
    request: (f) => ({ url: `/api/v1/subscriptions/${f.subscriptionA}`, payload: { enabled: true } }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 200 : 403),
  },
  'DELETE /api/v1/subscriptions/{id}': {
    request: async (f) => {
      const res = await f.t.app.inject({
        method: 'POST',
        url: '/api/v1/subscriptions',
        headers: f.admin,
        payload: { team: 'team-a', channel: { type: 'email', to: 'gone@example.com' }, events: ['case.opened'] },
      });
      return { url: `/api/v1/subscriptions/${res.json<{ id: number }>().id}` };
    },
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 204 : 403),
  },
  'GET /api/v1/deliveries': { request: () => ({ url: '/api/v1/deliveries' }), status: () => 200 },
  'POST /api/v1/deliveries/{id}/retry': {
    request: (f) => ({ url: `/api/v1/deliveries/${f.deliveryA}/retry` }),
    status: (c) => (!seesA(c) ? 404 : writerOfA(c) ? 202 : 403),
  },
  'GET /api/v1/policy': { request: () => ({ url: '/api/v1/policy' }), status: () => 200 },
  'POST /api/v1/policy/check': { request: () => ({ url: '/api/v1/policy/check', payload: Buffer.from(DEFAULT_POLICY_YAML) }), status: () => 200 },
  'PUT /api/v1/policy': { request: () => ({ url: '/api/v1/policy', payload: Buffer.from(DEFAULT_POLICY_YAML) }), status: (c) => (isStaff(c) ? 200 : 403) },
  'GET /api/v1/kpis': { request: () => ({ url: '/api/v1/kpis?team=team-a' }), status: teamARead },
  'GET /api/v1/kpis/trend': { request: () => ({ url: '/api/v1/kpis/trend?team=team-a' }), status: teamARead },
};

// Access does not depend on the database kind; one is enough for this walk of ~200 requests.
describe('every route × every role of two teams', () => {
  let t: TestRuntime;
  let doc: OpenApiDocument;
  let f: Fixture;
  const headers = new Map<Caller, Record<string, string>>();
  const secretsOf: Record<'a' | 'b', string[]> = { a: ['team-a', 'alpha-product', 'alpha-only-lib'], b: ['team-b', 'beta-product', 'beta-only-lib'] };

  beforeAll(async () => {
    t = await openTestRuntime(
      { kind: 'pglite' },
      'in-process',
      (c) => ({ ...c, rateLimit: { ...c.rateLimit, authFailures: { max: 10_000, window: 60_000 } } }),
      { work: false },
    );
    for (const c of CALLERS) {
      if (c === 'admin') headers.set(c, t.admin);
      else if (c === 'none') headers.set(c, {});
      else headers.set(c, await t.tokenFor(`team-${teamOf(c)}`, c.split('-')[0]!));
    }
    const uploaded: Record<'a' | 'b', string> = { a: '', b: '' };
    for (const team of ['a', 'b'] as const) {
      const product = team === 'a' ? 'alpha-product' : 'beta-product';
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sboms?product=${product}&version=1.0`,
        headers: headers.get(`uploader-${team}`)!,
        payload: sbomOf(`${team === 'a' ? 'alpha' : 'beta'}-only-lib`),
      });
      uploaded[team] = res.json<{ id: string }>().id;
      await t.rt.inventory.ingest.process(uploaded[team]);
    }
    secretsOf.a.push(uploaded.a);
    secretsOf.b.push(uploaded.b);
    const [product] = await t.rt.deps.db.select({ id: products.id }).from(products).where(eq(products.name, 'alpha-product'));
    const now = new Date();
    const [caseA] = await t.rt.deps.db
      .insert(cases)
      .values({ vulnerabilityId: 'CVE-2099-0001', productId: product!.id, teamId: 'team-a', priority: 'P2', openedAt: now, updatedAt: now })
      .returning({ id: cases.id });
    const [subscriptionA] = await t.rt.deps.db
      .insert(alertSubscriptions)
      .values({ teamId: 'team-a', channel: 'email', target: 'team-a@example.com', events: ['case.opened'], timeZone: 'UTC' })
      .returning({ id: alertSubscriptions.id });
    const [event] = await t.rt.deps.db
      .insert(events)
      .values({ type: 'case.opened', at: now, seq: 1, teamId: 'team-a', caseId: caseA!.id, data: { caseId: caseA!.id, priority: 'P2' } })
      .returning({ id: events.id });
    const [deliveryA] = await t.rt.deps.db
      .insert(alertDeliveries)
      .values({
        subscriptionId: subscriptionA!.id,
        eventId: event!.id,
        eventSeq: 1,
        eventType: 'case.opened',
        caseId: caseA!.id,
        channel: 'email',
        status: 'dead',
        attempts: 3,
        deadAfter: 3,
        dueAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: alertDeliveries.id });
    let n = 0;
    f = { t, uploadA: uploaded.a, caseA: caseA!.id, subscriptionA: subscriptionA!.id, deliveryA: deliveryA!.id, fresh: () => ++n, admin: t.admin };
    doc = await openApiDocument(t.app);
  });
  afterAll(async () => t?.close());

  it('has a case for every operation of the OpenAPI document', () => {
    expect(
      operations(doc)
        .map(([k]) => k)
        .filter((k) => !(k in CASES)),
    ).toEqual([]);
  });

  it.each(CALLERS)('%s gets the expected, documented status everywhere and no other team’s identifiers', async (caller) => {
    const failures: string[] = [];
    for (const [key, op] of operations(doc)) {
      const routeCase = CASES[key];
      if (!routeCase) continue;
      const call = await routeCase.request(f);
      const res = await t.app.inject({
        method: key.split(' ')[0] as 'GET',
        url: call.url,
        headers: headers.get(caller)!,
        ...(call.payload === undefined ? {} : { payload: call.payload as object }),
      });
      const expected = caller === 'none' ? 401 : routeCase.status(caller);
      if (res.statusCode !== expected) failures.push(`${key}: ${res.statusCode} instead of ${expected} ${res.body.slice(0, 200)}`);
      if (op.responses[String(res.statusCode)] === undefined) failures.push(`${key}: ${res.statusCode} is not in the OpenAPI document`);
      if (isStaff(caller)) continue;
      const sent = `${call.url} ${Buffer.isBuffer(call.payload) ? call.payload.toString() : JSON.stringify(call.payload ?? '')}`;
      const others = caller === 'none' ? [...secretsOf.a, ...secretsOf.b] : secretsOf[teamOf(caller) === 'a' ? 'b' : 'a'];
      for (const secret of others.filter((s) => !sent.includes(s))) {
        if (res.body.includes(secret)) failures.push(`${key}: the body names ${secret}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
