import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import type { InProcessQueue } from '../../src/jobs/index.ts';
import { describeDatabases } from '../support/databases.ts';
import { openApiDocument, operations } from '../support/openapi.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

type Who = { authorization: string };

const sbom = (serial: number, libs: string[]) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    version: 1,
    components: libs.map((l) => ({ type: 'library', 'bom-ref': l, name: l.split('@')[0], version: l.split('@')[1], purl: `pkg:npm/${l}` })),
  });

/** What an embargoed case must not show to whom it is hidden from: its vulnerability's id, title and coordination. */
const VULN = 'ACME-2026-0001';
const TITLE = 'Heap overflow in the XYZZY frame parser';
const JVN = 'JVNVU#12345678';

/**
 * Every GET operation of the API, with the ids of the embargoed case filled in, plus the query
 * variants that name it. A read route added without a row here fails the test.
 */
const READS = (caseId: number, uploadId: string): Record<string, string[]> => ({
  'GET /api/v1/sboms/{id}': [`/api/v1/sboms/${uploadId}`],
  'GET /api/v1/products': ['/api/v1/products'],
  'GET /api/v1/products/{product}': ['/api/v1/products/alpha-product'],
  'GET /api/v1/products/{product}/versions/{version}': ['/api/v1/products/alpha-product/versions/1.0'],
  'GET /api/v1/products/{product}/versions/{version}/components': ['/api/v1/products/alpha-product/versions/1.0/components'],
  'GET /api/v1/where-used': ['/api/v1/where-used?q=pkg:npm/secret-lib', '/api/v1/where-used?q=secret-lib'],
  'GET /api/v1/vulnerabilities/{id}': [`/api/v1/vulnerabilities/${VULN}`, `/api/v1/vulnerabilities/${VULN.toLowerCase()}`],
  'GET /api/v1/feeds': ['/api/v1/feeds'],
  'GET /api/v1/feeds/quarantine': ['/api/v1/feeds/quarantine'],
  'GET /api/v1/findings': [
    '/api/v1/findings',
    `/api/v1/findings?vulnerability=${VULN}`,
    '/api/v1/findings?product=alpha-product',
    '/api/v1/findings?state=retracted',
    '/api/v1/findings?suppressed=all',
  ],
  'GET /api/v1/tokens': ['/api/v1/tokens'],
  'GET /api/v1/teams': ['/api/v1/teams'],
  'GET /api/v1/audit': ['/api/v1/audit'],
  'GET /api/v1/events': ['/api/v1/events?limit=1000'],
  'GET /api/v1/cases': ['/api/v1/cases', '/api/v1/cases?embargoed=true', '/api/v1/cases?state=new', '/api/v1/cases?product=alpha-product'],
  'GET /api/v1/cases/{id}': [`/api/v1/cases/${caseId}`],
  'GET /api/v1/cases/{id}/jvn-status': [`/api/v1/cases/${caseId}/jvn-status`, `/api/v1/cases/${caseId}/jvn-status?format=text`],
  'GET /api/v1/policy': ['/api/v1/policy'],
  'GET /api/v1/cases/{id}/csaf': [`/api/v1/cases/${caseId}/csaf`],
  'GET /api/v1/products/{product}/versions/{version}/vex': ['cyclonedx', 'openvex', 'csaf'].map(
    (f) => `/api/v1/products/alpha-product/versions/1.0/vex?format=${f}`,
  ),
  'GET /api/v1/products/{product}/priorities': [`/api/v1/products/alpha-product/priorities?vulnerabilities=${VULN}`],
  'GET /api/v1/exposure/components': ['/api/v1/exposure/components', '/api/v1/exposure/components?q=secret-lib'],
  'GET /api/v1/kpis': ['/api/v1/kpis', '/api/v1/kpis?format=csv'],
  'GET /api/v1/kpis/trend': ['/api/v1/kpis/trend'],
  'GET /api/v1/decisions': ['/api/v1/decisions'],
  'GET /api/v1/subscriptions': ['/api/v1/subscriptions'],
  'GET /api/v1/subscriptions/{id}': ['/api/v1/subscriptions/00000000-0000-4000-8000-000000000000'],
  'GET /api/v1/deliveries': ['/api/v1/deliveries'],
  'GET /api/v1/me': ['/api/v1/me'],
});

describeDatabases('embargo on every read path', (target) => {
  let t: TestRuntime;
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const who = {} as Record<'psirt' | 'memberA' | 'uploaderA' | 'memberB' | 'uploaderB', Who>;
  let uploadA = '';
  let caseId = 0;
  const settle = () => (t.rt.queue as InProcessQueue).idle();
  const get = (url: string, h: Who) => t.app.inject({ method: 'GET', url, headers: h });
  const send = async (method: 'POST' | 'PATCH', url: string, h: Who, payload: object) => {
    const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: h, payload });
    await settle();
    return res;
  };
  const upload = async (h: Who, product: string, serial: number, libs: string[]) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/sboms?product=${product}&version=1.0`, headers: h, payload: sbom(serial, libs) });
    expect(res.statusCode).toBe(202);
    await settle();
    return res.json<{ id: string }>().id;
  };

  /** Every read, as `h`: the bodies that name the case, its vulnerability, its title or its coordinator id. */
  const leaks = async (h: Who): Promise<string[]> => {
    const doc = await openApiDocument(t.app);
    const reads = READS(caseId, uploadA);
    const found: string[] = [];
    for (const [key] of operations(doc).filter(([k]) => k.startsWith('GET '))) {
      const urls = reads[key];
      if (!urls) {
        found.push(`${key}: no row in READS`);
        continue;
      }
      for (const url of urls) {
        const res = await get(url, h);
        for (const secret of [VULN, VULN.toLowerCase(), TITLE, JVN, `"caseId":${caseId}`, `cases/${caseId}`]) {
          if (res.body.includes(secret) && !url.includes(secret)) found.push(`${url} (${res.statusCode}) names ${secret}`);
        }
      }
    }
    const metrics = await get('/metrics', h);
    if (metrics.body.includes(VULN)) found.push('/metrics names the vulnerability');
    return found;
  };

  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process', (c) => ({ ...c, vendor: { name: '株式会社アクメ' } }), { clock });
    who.psirt = await t.tokenFor('psirt', 'psirt');
    who.memberA = await t.tokenFor('team-a', 'member');
    who.uploaderA = await t.tokenFor('team-a', 'uploader');
    who.memberB = await t.tokenFor('team-b', 'member');
    who.uploaderB = await t.tokenFor('team-b', 'uploader');
    uploadA = await upload(who.uploaderA, 'alpha-product', 1, ['secret-lib@1.2.0', 'shared-lib@1.0.0']);
    await upload(who.uploaderB, 'beta-product', 2, ['shared-lib@1.0.0']);
    const created = await send('POST', '/cases', who.psirt, {
      vulnerability: { id: VULN, title: TITLE, cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
      affects: [{ purl: 'pkg:npm/secret-lib', range: 'vers:npm/<2.0.0' }],
      embargoed: true,
      coordination: { coordinator: 'jpcert', caseId: JVN, notifiedAt: '2026-12-01T00:00:00Z' },
    });
    expect(created.statusCode).toBe(202);
    expect(created.json()).toEqual({ vulnerability: VULN, case: null });
    const list = (await get('/api/v1/cases', who.psirt)).json<{ items: { id: number; product: string; vulnerability: { id: string } }[] }>();
    const found = list.items.find((c) => c.vulnerability.id === VULN);
    expect(found).toMatchObject({ product: 'alpha-product' });
    caseId = found!.id;
    // Two runtimes, uploads, matching and a manual case: slow on a loaded machine.
  }, 240_000);
  afterAll(async () => t?.close());

  it('opens the manual vulnerability’s case where matching finds it, embargoed, with its coordination', async () => {
    const c = (await get(`/api/v1/cases/${caseId}`, who.psirt)).json();
    expect(c).toMatchObject({
      team: 'team-a',
      embargoed: true,
      state: 'new',
      coordination: { coordinator: 'jpcert', caseId: JVN, notifiedAt: '2026-12-01T00:00:00.000Z', disclosureAt: '2027-01-15T00:00:00.000Z' },
      warnings: [],
    });
    expect(c.audit[0]).toMatchObject({ action: 'opened', details: { manual: true, how: 'matched', embargoed: true } });
  });

  it.each(['memberB', 'uploaderA', 'uploaderB'] as const)('%s finds nothing of it on any read path', async (caller) => {
    expect(await leaks(who[caller])).toEqual([]);
    expect((await get(`/api/v1/cases/${caseId}`, who[caller])).statusCode).toBe(404);
    expect((await get(`/api/v1/vulnerabilities/${VULN}`, who[caller])).statusCode).toBe(404);
  });

  it.each(['memberA', 'psirt'] as const)('%s sees the case, its vulnerability, findings and events', async (caller) => {
    const h = who[caller];
    expect((await get(`/api/v1/cases/${caseId}`, h)).statusCode).toBe(200);
    expect((await get('/api/v1/cases?embargoed=true', h)).json<{ items: { id: number }[] }>().items.map((c) => c.id)).toContain(caseId);
    expect((await get(`/api/v1/vulnerabilities/${VULN}`, h)).json()).toMatchObject({ id: VULN, title: TITLE, sources: ['manual'] });
    expect((await get(`/api/v1/findings?vulnerability=${VULN}`, h)).json<{ total: number }>().total).toBe(1);
    const events = (await get('/api/v1/events?limit=1000', h)).json<{ items: { type: string; caseId: number | null }[] }>().items;
    expect(events.filter((e) => e.caseId === caseId).map((e) => e.type)).toContain('case.opened');
    const jvn = (await get(`/api/v1/cases/${caseId}/jvn-status`, h)).json();
    expect(jvn).toMatchObject({ vendor: '株式会社アクメ', coordinatorCaseId: JVN, status: '該当製品あり：調査中', product: 'alpha-product' });
    const text = await get(`/api/v1/cases/${caseId}/jvn-status?format=text`, h);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toContain('ステータス: 該当製品あり：調査中\n');
    expect(text.body).toContain('備考: 対象バージョン: 1.0。影響を調査中です。\n');
  });

  it('refuses coordination from a member and a malformed coordinator id, naming the field', async () => {
    const byMember = await send('PATCH', `/cases/${caseId}`, who.memberA, { embargoed: false });
    expect(byMember.statusCode).toBe(403);
    const bad = await send('PATCH', `/cases/${caseId}`, who.psirt, {
      coordination: { coordinator: 'certcc', caseId: JVN, notifiedAt: '2026-12-01T00:00:00Z' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('caseId');
  });

  it('warns once when the fix is not ready three days before disclosure, in the case and as an event', async () => {
    clock.set(new Date('2027-01-12T00:00:00Z'));
    await t.rt.cases.disclosure.sweep();
    await t.rt.cases.disclosure.sweep();
    await settle();
    const c = (await get(`/api/v1/cases/${caseId}`, who.memberA)).json<{ warnings: { code: string }[]; audit: { action: string }[] }>();
    expect(c.warnings).toEqual([expect.objectContaining({ code: 'FIX_NOT_READY' })]);
    expect(c.audit.filter((a) => a.action === 'disclosure-at-risk')).toHaveLength(1);
    const events = (await get('/api/v1/events?limit=1000', who.memberA)).json<{ items: { type: string; caseId: number | null }[] }>().items;
    expect(events.filter((e) => e.type === 'case.disclosure-at-risk' && e.caseId === caseId)).toHaveLength(1);
    // Still under embargo until the date itself.
    expect(await leaks(who.uploaderA)).toEqual([]);
  });

  it('lifted by hand, it becomes ordinary: the owning team’s uploader sees it, another team sees the vulnerability but not the case', async () => {
    const lifted = await send('PATCH', `/cases/${caseId}`, who.psirt, { embargoed: false });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ embargoed: false });
    expect((await get(`/api/v1/cases/${caseId}`, who.uploaderA)).statusCode).toBe(200);
    expect((await get(`/api/v1/findings?vulnerability=${VULN}`, who.uploaderA)).json<{ total: number }>().total).toBe(1);
    expect((await get(`/api/v1/vulnerabilities/${VULN}`, who.memberB)).statusCode).toBe(200);
    expect((await get(`/api/v1/cases/${caseId}`, who.memberB)).statusCode).toBe(404);
    expect((await get(`/api/v1/findings?vulnerability=${VULN}`, who.memberB)).json<{ total: number }>().total).toBe(0);
    const events = (await get('/api/v1/events?limit=1000', who.uploaderA)).json<{ items: { type: string; caseId: number | null; data: object }[] }>().items;
    expect(events.find((e) => e.type === 'case.embargo-lifted')).toMatchObject({ caseId, data: { caseId, reason: 'by-hand' } });
    const audit = (await get(`/api/v1/cases/${caseId}`, who.psirt)).json<{ audit: { action: string; details: Record<string, unknown> }[] }>().audit;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['coordination-changed', 'embargo-lifted']));
    expect(audit.find((a) => a.action === 'embargo-lifted')?.details).toMatchObject({ reason: 'by-hand', vulnerabilityLifted: true });
  });

  describe('a case reported against a product, under embargo until its disclosure date', () => {
    const ID = 'ACME-2026-0002';
    let reported = 0;
    it('is opened on the product even though nothing in its SBOMs matches, embargoed', async () => {
      clock.set(new Date('2027-02-01T00:00:00Z'));
      const res = await send('POST', '/cases', who.psirt, {
        vulnerability: { id: ID, title: 'Firmware signature bypass' },
        affects: [{ cpe: 'cpe:2.3:a:acme:beta_firmware:*:*:*:*:*:*:*:*', range: 'vers:generic/<3.1' }],
        product: 'beta-product',
        embargoed: true,
        coordination: { coordinator: 'certcc', caseId: 'VU#123456', notifiedAt: '2027-02-01T00:00:00Z', disclosureAt: '2027-02-10T00:00:00Z' },
      });
      expect(res.statusCode).toBe(202);
      const body = res.json<{ vulnerability: string; case: { id: number; team: string; embargoed: boolean; product: string } }>();
      expect(body).toMatchObject({ vulnerability: ID, case: { team: 'team-b', embargoed: true, product: 'beta-product' } });
      reported = body.case.id;
      expect((await get(`/api/v1/cases/${reported}`, who.memberB)).statusCode).toBe(200);
      expect((await get(`/api/v1/cases/${reported}`, who.uploaderB)).statusCode).toBe(404);
      expect((await get(`/api/v1/vulnerabilities/${ID}`, who.memberA)).statusCode).toBe(404);
    });

    it('ends on the disclosure date with a case.embargo-lifted event', async () => {
      clock.set(new Date('2027-02-10T00:00:00Z'));
      await t.rt.cases.disclosure.sweep();
      await settle();
      expect((await get(`/api/v1/cases/${reported}`, who.uploaderB)).json()).toMatchObject({ embargoed: false });
      expect((await get(`/api/v1/vulnerabilities/${ID}`, who.memberA)).statusCode).toBe(200);
      const events = (await get('/api/v1/events?limit=1000', who.uploaderB)).json<{ items: { type: string; data: Record<string, unknown> }[] }>().items;
      expect(events.find((e) => e.type === 'case.embargo-lifted' && e.data.caseId === reported)).toMatchObject({ data: { reason: 'disclosure-date' } });
    });
  });

  it('refuses a bad manual case with 400 and the field paths, a known vulnerability with 409, an unknown product with 404', async () => {
    const bad = await send('POST', '/cases', who.psirt, {
      vulnerability: { id: 'ACME-2026-0003', title: 't', cvss: 'CVSS:3.1/AV:N' },
      affects: [{ purl: 'pkg:npm/x', range: '<1.0' }],
      embargoed: false,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['affects.0.range', 'vulnerability.cvss']);
    const again = await send('POST', '/cases', who.psirt, {
      vulnerability: { id: VULN, title: 't' },
      affects: [{ purl: 'pkg:npm/x', range: 'vers:npm/<1.0' }],
      embargoed: false,
    });
    expect(again.statusCode).toBe(409);
    const noProduct = await send('POST', '/cases', who.psirt, {
      vulnerability: { id: 'ACME-2026-0004', title: 't' },
      affects: [{ purl: 'pkg:npm/x', range: 'vers:npm/<1.0' }],
      product: 'no-such-product',
      embargoed: false,
    });
    expect(noProduct.statusCode).toBe(404);
    expect(
      (
        await send('POST', '/cases', who.memberA, {
          vulnerability: { id: 'ACME-2026-0005', title: 't' },
          affects: [{ purl: 'pkg:npm/x', range: 'vers:npm/<1.0' }],
          embargoed: false,
        })
      ).statusCode,
    ).toBe(403);
  });
});
