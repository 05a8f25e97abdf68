import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.ts';
import { CASES_POLICY as POLICY, DAY, openCasesWorld, type CasesWorld } from '../support/cases-world.ts';
import { runKanshi } from '../support/cli.ts';
import { databaseTargets } from '../support/databases.ts';

for (const target of databaseTargets()) {
  const title = `cases from findings [${target.kind}]`;
  if (target.skip !== undefined) {
    describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
    continue;
  }
  describe(title, () => {
    let w: CasesWorld;
    let t: CasesWorld['t'];
    let webMember: CasesWorld['webMember'];
    let opsMember: CasesWorld['opsMember'];
    let clock: CasesWorld['clock'];
    const api: CasesWorld['api'] = (...args) => w.api(...args);
    const upload: CasesWorld['upload'] = (...args) => w.upload(...args);
    const onlyCase: CasesWorld['onlyCase'] = () => w.onlyCase();

    beforeAll(async () => {
      w = await openCasesWorld(target);
      ({ t, webMember, opsMember, clock } = w);
    }, 180_000);
    afterAll(async () => w?.close());

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
      expect(invalid.json()).toMatchObject({
        error: {
          code: 'INVALID_TRANSITION',
          details: [{ message: 'triage' }, { message: 'closed' }, { message: 'not_affected' }, { message: 'risk_accepted' }],
        },
      });
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

    it('kanshi cases list and show reach the daemon named by KANSHI_SERVER with KANSHI_TOKEN, scoped to the token’s team', async () => {
      const c = await onlyCase();
      const server = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const web = { KANSHI_SERVER: server, KANSHI_TOKEN: webMember.authorization.replace('Bearer ', '') };
      const list = await runKanshi(['cases', 'list', '--team', 'web', '--priority', c.priority], web);
      expect(list.code, list.err).toBe(0);
      const [head, row, footer] = list.out.trimEnd().split('\n');
      expect(head).toMatch(/^ID\s+PRIORITY\s+STATE\s+SLA\s+DUE\s+TEAM\s+PRODUCT\s+VULNERABILITY\s+KEV\s+FINDINGS$/);
      expect(row!.split(/\s+/)).toEqual([
        String(c.id),
        c.priority,
        c.state,
        c.sla.status,
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        'web',
        'shop',
        'CVE-2099-7777',
        '1',
      ]);
      expect(footer).toBe('page 1 of 1 (1 cases)');
      const json = JSON.parse((await runKanshi(['cases', 'list', '--format', 'json', '--page', '2'], web)).out) as {
        page: number;
        items: unknown[];
        total: number;
      };
      expect(json).toMatchObject({ page: 2, items: [], total: 1 });
      const ops = { ...web, KANSHI_TOKEN: opsMember.authorization.replace('Bearer ', '') };
      expect((await runKanshi(['cases', 'list'], ops)).out).toBe('no case matches\n');
      const shown = await runKanshi(['cases', 'show', String(c.id)], web);
      expect(shown.out).toMatch(new RegExp(`^case +${c.id}\n`));
      expect(shown.out).toMatch(/^team +web$/m);
      expect(shown.out).toMatch(/^VERSION\s+LIFECYCLE\s+COMPONENT\s+FINDING\s+FIX$/m);
      expect(shown.out).toMatch(/system {2}opened$/m);
      expect(JSON.parse((await runKanshi(['cases', 'show', String(c.id), '--format', 'json'], web)).out)).toMatchObject({ id: c.id, team: 'web' });
      const hidden = await runKanshi(['cases', 'show', String(c.id)], ops);
      expect(hidden).toMatchObject({ code: 3, err: expect.stringMatching(/404 NOT_FOUND/) });
    });
  });
}
