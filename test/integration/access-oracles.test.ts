import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDatabases } from '../support/databases.ts';
import { openTestRuntime, type TestRuntime } from '../support/runtime.ts';

const sbom = Buffer.from(
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: [{ type: 'library', name: 'ms', version: '2.1.3', purl: 'pkg:npm/ms@2.1.3' }],
  }),
);

/** What another team answers about a thing must read exactly like what nobody has. */
describeDatabases('no existence oracle across teams', (target) => {
  let t: TestRuntime;
  let web: { authorization: string };
  let payments: { authorization: string };
  let uploadId: string;
  beforeAll(async () => {
    t = await openTestRuntime(target, 'in-process');
    web = await t.tokenFor('web', 'member');
    payments = await t.tokenFor('payments', 'member');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sboms?product=secret-portal&version=1.0', headers: web, payload: sbom });
    uploadId = res.json<{ id: string }>().id;
  });
  afterAll(async () => t?.close());

  const ask = async (method: 'GET' | 'PATCH' | 'POST', url: string, headers: { authorization: string }, payload?: object) => {
    const res = await t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code };
  };

  it.each([
    ['GET', '/products/{p}'],
    ['GET', '/products/{p}/versions/1.0'],
    ['GET', '/products/{p}/versions/1.0/components'],
    ['PATCH', '/products/{p}/versions/1.0', { lifecycle: 'archived' }],
    ['POST', '/products/{p}/vex', { bomFormat: 'CycloneDX', specVersion: '1.6', vulnerabilities: [] }],
  ] as const)('%s %s: another team’s product answers as an unknown one (404)', async (method, path, payload?: object) => {
    const theirs = await ask(method, path.replace('{p}', 'secret-portal'), payments, payload);
    const nobodys = await ask(method, path.replace('{p}', 'no-such-product'), payments, payload);
    expect(theirs).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(nobodys).toEqual(theirs);
    expect((await ask(method === 'GET' ? 'GET' : method, path.replace('{p}', 'secret-portal'), web, payload)).status).toBeLessThan(300);
  });

  it('another team’s upload id answers as an unknown one (404)', async () => {
    expect(await ask('GET', `/sboms/${uploadId}`, payments)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await ask('GET', '/sboms/00000000-0000-4000-8000-000000000000', payments)).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('lists only the caller’s own team to members; every team to psirt and admin', async () => {
    const teams = async (h: { authorization: string }) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: h })).json<{ items: { id: string }[] }>().items.map((x) => x.id);
    expect(await teams(payments)).toEqual(['payments']);
    expect(await teams(web)).toEqual(['web']);
    expect(await teams(await t.tokenFor('psirt', 'psirt'))).toEqual(expect.arrayContaining(['payments', 'web']));
    expect(await teams(t.admin)).toEqual(expect.arrayContaining(['payments', 'web']));
  });
});
