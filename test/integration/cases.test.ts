import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { queryRows } from '../../src/db/index.ts';
import { databaseTargets } from '../support/databases.ts';
import { openCasesRuntime, type CasesRuntime } from '../support/cases-runtime.ts';

const DAY = 86_400_000;
const POLICY = `teams:
  - { id: web, name: Web, members: [web@example.com], locale: ja }
  - { id: ops, name: Ops }
ownership:
  - { products: "shop*", team: web }
products:
  - { products: "shop", exposure: internet }
rules:
  - { name: known exploited, priority: P1, when: { kev: true } }
  - { name: critical internet-facing, priority: P1, when: { cvss: { min: 9.0 }, exposure: [internet] } }
  - { name: high, priority: P2, when: { cvss: { min: 7.0 } } }
  - { name: rest, priority: P4 }
openAt: P4
sla:
  P1: { acknowledge: 1d, triage: 2d, plan: 5d, fix: 15d }
  P2: { acknowledge: 2d, triage: 5d, plan: 15d, fix: 30d }
  P3: { acknowledge: 5d, triage: 15d, plan: 45d, fix: 90d }
  P4: { acknowledge: 10d, triage: 30d, plan: 90d, fix: 180d }
`;

const sbom = (version: string, serial: number) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    version: 1,
    components: [{ type: 'library', 'bom-ref': 'lp', name: 'left-pad', version, purl: `pkg:npm/left-pad@${version}` }],
  });

interface CaseView {
  id: number;
  revision: number;
  team: string;
  priority: string;
  priorityRule: string;
  state: string;
  allowed: string[];
  jvnStatus: string;
  sla: { status: string; due: Record<string, string> };
  vulnerability: { id: string };
}

for (const target of databaseTargets()) {
  const title = `cases from findings [${target.kind}]`;
  if (target.skip !== undefined) {
    describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
    continue;
  }
  describe(title, () => {
    let t: CasesRuntime;
    let uploader: { authorization: string };
    let webMember: { authorization: string };
    let opsMember: { authorization: string };
    const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
    const settle = () => t.settle();
    const api = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: { authorization: string }, payload?: unknown) => {
      const res = await t.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: typeof payload === 'string' ? { ...who, 'content-type': 'application/yaml' } : who,
        ...(payload === undefined ? {} : { payload: payload as string }),
      });
      await settle();
      return res;
    };
    /** Uploads version `version` of the product shop, shipping left-pad `leftPad`. */
    const upload = async (version: string, leftPad: string, serial: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sboms?product=shop&version=${version}`,
        headers: { ...uploader, 'content-type': 'application/json' },
        payload: sbom(leftPad, serial),
      });
      expect(res.statusCode).toBe(202);
      await settle();
    };
    const onlyCase = async (): Promise<CaseView> => {
      const [row] = await queryRows<{ id: string }>(t.rt.deps.db, sql`select id from cases`);
      return (await api('GET', `/cases/${row!.id}`, t.admin)).json<CaseView>();
    };

    beforeAll(async () => {
      t = await openCasesRuntime(target, POLICY, clock);
      uploader = await t.tokenFor('ops', 'uploader');
      webMember = await t.tokenFor('web', 'member');
      opsMember = await t.tokenFor('ops', 'member');
      await t.importOsv({
        schema_version: '1.6.0',
        id: 'GHSA-4444-5555-6666',
        modified: '2026-11-01T00:00:00Z',
        published: '2026-11-01T00:00:00Z',
        aliases: ['CVE-2099-7777'],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
      });
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('opens one case for the owning team with the policy’s priority and SLA due dates', async () => {
      await upload('1.0', '1.1.0', 1);
      const c = await onlyCase();
      expect(c).toMatchObject({
        team: 'web',
        priority: 'P1',
        priorityRule: 'critical internet-facing',
        state: 'new',
        jvnStatus: '該当製品あり：調査中',
        vulnerability: { id: 'CVE-2099-7777' },
      });
      const opened = clock.now().getTime();
      expect(c.sla.due).toEqual({
        acknowledge: new Date(opened + DAY).toISOString(),
        triage: new Date(opened + 2 * DAY).toISOString(),
        plan: new Date(opened + 5 * DAY).toISOString(),
        fix: new Date(opened + 15 * DAY).toISOString(),
      });
      // A second version with the same exposure joins the case; no duplicate.
      await upload('1.1', '1.1.0', 2);
      expect((await api('GET', '/cases', t.admin)).json<{ total: number }>().total).toBe(1);
    });

    it('is another team’s case for ops: not listed, and 404 by id', async () => {
      const c = await onlyCase();
      expect((await api('GET', '/cases', opsMember)).json<{ total: number }>().total).toBe(0);
      expect((await api('GET', `/cases/${c.id}`, opsMember)).statusCode).toBe(404);
      expect((await api('POST', `/cases/${c.id}/transitions`, opsMember, { to: 'triage' })).statusCode).toBe(404);
    });

    it('moves through the workflow: 409 with the allowed states, 403 for a role that may not, 409 STALE for an old revision', async () => {
      const c = await onlyCase();
      const invalid = await api('POST', `/cases/${c.id}/transitions`, webMember, { to: 'fixed', fixVersion: '1.3.0' });
      expect(invalid.statusCode).toBe(409);
      expect(invalid.json()).toMatchObject({ error: { code: 'INVALID_TRANSITION', details: [{ message: 'triage' }, { message: 'closed' }] } });
      clock.advance(3_600_000);
      const triaged = await api('POST', `/cases/${c.id}/transitions`, webMember, { to: 'triage', ifMatch: c.revision });
      expect(triaged.statusCode).toBe(200);
      expect((await api('POST', `/cases/${c.id}/transitions`, webMember, { to: 'affected', ifMatch: c.revision })).json()).toMatchObject({
        error: { code: 'STALE' },
      });
      expect((await api('POST', `/cases/${c.id}/transitions`, webMember, { to: 'affected' })).statusCode).toBe(200);
      const accepted = await api('POST', `/cases/${c.id}/transitions`, webMember, { to: 'risk_accepted', reason: 'x', until: '2027-01-01T00:00:00Z' });
      expect(accepted.statusCode).toBe(403);
      const planned = await api('POST', `/cases/${c.id}/transitions`, webMember, { to: 'fix_planned', fixVersion: '2.0', until: '2026-12-20T00:00:00Z' });
      expect(planned.json()).toMatchObject({ state: 'fix_planned', jvnStatus: '該当製品あり', allowed: expect.arrayContaining(['fixed', 'risk_accepted']) });
      const detail = (await api('GET', `/cases/${c.id}`, webMember)).json<{ audit: { action: string; details: Record<string, unknown> }[] }>();
      expect(detail.audit.map((a) => [a.action, a.details.to ?? null])).toEqual([
        ['opened', null],
        ['transition', 'triage'],
        ['transition', 'affected'],
        ['transition', 'fix_planned'],
      ]);
    });

    it('closes by itself when no version ships the vulnerable package any more, with the reasons, and reopens on new evidence', async () => {
      const c = await onlyCase();
      await upload('1.0', '1.3.0', 3);
      expect((await onlyCase()).state).toBe('fix_planned');
      await api('PATCH', '/products/shop/versions/1.1', t.admin, { lifecycle: 'archived' });
      const closed = await onlyCase();
      expect(closed).toMatchObject({ state: 'closed', jvnStatus: '該当製品あり' });
      const audit = (await api('GET', `/cases/${c.id}`, t.admin)).json<{ audit: { actor: string; details: Record<string, unknown> }[] }>().audit.at(-1);
      expect(audit).toMatchObject({ actor: 'system', details: { to: 'closed', reason: 'every finding retracted: component-gone, version-archived' } });

      await upload('2.0', '1.1.0', 4);
      expect(await onlyCase()).toMatchObject({ id: c.id, state: 'triage', jvnStatus: '該当製品あり：調査中' });
      const events = await queryRows<{ type: string }>(t.rt.deps.db, sql`select type from events where case_id = ${c.id} order by id`);
      expect(events.map((e) => e.type)).toEqual([
        'case.opened',
        'case.state-changed',
        'case.state-changed',
        'case.state-changed',
        'case.state-changed',
        'case.state-changed',
        'case.reopened',
      ]);
    });

    it('marks SLA stages near breach and breached once each, from the sweep', async () => {
      const c = await onlyCase();
      clock.advance(14 * DAY + 12 * 3_600_000);
      await t.rt.cases.service.sweep();
      expect((await onlyCase()).sla.status).toBe('breached');
      await t.rt.cases.service.sweep();
      const sla = await queryRows<{ type: string }>(t.rt.deps.db, sql`select type from events where case_id = ${c.id} and type like 'sla.%'`);
      expect(sla.map((e) => e.type)).toEqual(['sla.breached']);
    });

    it('refuses a bad policy whole, with line and column, and keeps the one in force; a good one is versioned with its diff', async () => {
      const bad = await api('PUT', '/policy', t.admin, 'rules:\n  - { priority: P9 }\n');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'INVALID_POLICY', details: expect.arrayContaining([{ path: 'policy:2:17 rules.0.priority', message: expect.any(String) }]) },
      });
      expect((await api('PUT', '/policy', webMember, POLICY)).statusCode).toBe(403);
      const before = (await api('GET', '/policy', t.admin)).json<{ version: number }>();
      const changed = await api(
        'PUT',
        '/policy',
        t.admin,
        POLICY.replace('priority: P1, when: { cvss: { min: 9.0 }', 'priority: P2, when: { cvss: { min: 9.0 }'),
      );
      expect(changed.json()).toEqual({ version: before.version + 1, changed: true });
      // Every open case is re-prioritised under the new policy, the change audited.
      expect(await onlyCase()).toMatchObject({ priority: 'P2', priorityRule: 'critical internet-facing' });
      const after = (await api('GET', '/policy', t.admin)).json<{ history: { diff: string }[] }>();
      expect(after.history[0]!.diff).toMatch(/- {2}- \{ name: critical internet-facing, priority: P1/);
      expect((await api('POST', '/policy/check', webMember, POLICY)).json()).toEqual({ ok: true });
    });
  });
}
