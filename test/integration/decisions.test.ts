import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.ts';
import { DAY, openCasesWorld, type CaseView, type CasesWorld } from '../support/cases-world.ts';
import { databaseTargets } from '../support/databases.ts';

interface DecisionView {
  id: string;
  scope: string;
  product: string | null;
  versions: string;
  status: string;
  active: boolean;
  source: string;
}

for (const target of databaseTargets()) {
  const title = `decisions that carry over, and SLA pauses [${target.kind}]`;
  if (target.skip !== undefined) {
    describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
    continue;
  }
  describe(title, () => {
    let w: CasesWorld;
    const caseEvents = async (id: number) =>
      (await queryRows<{ type: string }>(w.t.rt.deps.db, sql`select type from events where case_id = ${id} order by id`)).map((e) => e.type);
    const auditOf = async (id: number) =>
      (await w.api('GET', `/cases/${id}`, w.t.admin)).json<{ audit: { actor: string; action: string; details: Record<string, unknown> }[] }>().audit;
    const findings = async (suppressed: string) =>
      (await w.api('GET', `/findings?product=shop&suppressed=${suppressed}`, w.t.admin)).json<{ items: { version: string; suppressionId: string | null }[] }>()
        .items;

    beforeAll(async () => {
      w = await openCasesWorld(target);
    });
    afterAll(async () => w?.close());

    it('a not_affected decision on a range decides the case, hides its findings, and a later version inside the range inherits it', async () => {
      await w.upload('2.0', '1.1.0', 1);
      const c = await w.onlyCase();
      expect(c.state).toBe('new');
      const refused = await w.api('POST', `/cases/${c.id}/decisions`, w.webMember, {
        scope: 'range',
        range: '2.0',
        status: 'not_affected',
        justification: 'vulnerable_code_not_present',
      });
      expect(refused.json()).toMatchObject({ error: { code: 'INVALID_RANGE' } });
      const res = await w.api('POST', `/cases/${c.id}/decisions`, w.webMember, {
        scope: 'range',
        range: 'vers:generic/>=2.0|<3.0',
        status: 'not_affected',
        justification: 'vulnerable_code_not_present',
      });
      expect(res.statusCode).toBe(201);
      const { decision, case: decided } = res.json<{ decision: DecisionView; case: CaseView }>();
      expect(decision).toMatchObject({
        scope: 'range',
        product: 'shop',
        versions: 'vers:generic/>=2.0|<3.0',
        status: 'not_affected',
        active: true,
        source: 'case',
      });
      expect(decided).toMatchObject({ state: 'not_affected', decision: decision.id, jvnStatus: '該当製品なし' });
      expect((await findings('true')).map((f) => [f.version, f.suppressionId])).toEqual([['2.0', decision.id]]);

      await w.upload('2.5', '1.1.0', 2);
      expect(await w.onlyCase()).toMatchObject({ state: 'not_affected', decision: decision.id });
      expect((await findings('true')).map((f) => f.version).sort()).toEqual(['2.0', '2.5']);
      expect(await caseEvents(c.id)).toEqual(['case.opened', 'decision.made', 'case.state-changed']);
      expect((await auditOf(c.id)).map((a) => [a.actor, a.action, a.details.reason ?? null])).toEqual([
        ['system', 'opened', null],
        [expect.any(String), 'decision-made', null],
        ['system', 'transition', `inherited from decision ${decision.id}`],
      ]);
    });

    it('a version outside the range reopens the case as new work; revoking the decision shows the findings again', async () => {
      const c = await w.onlyCase();
      await w.upload('3.0', '1.1.0', 3);
      expect(await w.onlyCase()).toMatchObject({ state: 'triage', decision: null });
      expect((await findings('false')).map((f) => f.version)).toEqual(['3.0']);
      const [d] = (await w.api('GET', '/decisions?product=shop&active=true', w.webMember)).json<{ items: DecisionView[] }>().items;
      expect((await w.api('GET', '/decisions', w.opsMember)).json<{ total: number }>().total).toBe(0);
      expect((await w.api('DELETE', `/decisions/${d!.id}`, w.opsMember)).statusCode).toBe(404);
      expect((await w.api('DELETE', `/decisions/${d!.id}`, w.webMember)).statusCode).toBe(204);
      expect((await findings('true')).length).toBe(0);
      expect((await w.api('GET', '/decisions?active=false', w.webMember)).json<{ items: DecisionView[] }>().items).toMatchObject([
        { id: d!.id, active: false },
      ]);
      expect((await auditOf(c.id)).at(-1)).toMatchObject({
        action: 'transition',
        details: { to: 'triage', reason: `decision ${d!.id} does not cover every finding` },
      });
    });

    it('a risk acceptance on every version needs the PSIRT, and its expiry reopens the case with decision.expired', async () => {
      const c = await w.onlyCase();
      const body = {
        scope: 'product',
        status: 'risk_accepted',
        reason: 'only reachable on the maintenance LAN',
        expiresAt: new Date(w.clock.now().getTime() + 10 * DAY).toISOString(),
      };
      expect((await w.api('POST', `/cases/${c.id}/decisions`, w.webMember, body)).statusCode).toBe(403);
      expect((await w.api('POST', `/cases/${c.id}/decisions`, w.webMember, { ...body, scope: 'all-products' })).statusCode).toBe(403);
      const psirt = await w.t.tokenFor('web', 'psirt');
      const made = await w.api('POST', `/cases/${c.id}/decisions`, psirt, body);
      expect(made.json<{ case: CaseView }>().case).toMatchObject({ state: 'risk_accepted' });
      await w.upload('4.0', '1.1.0', 4);
      expect((await w.onlyCase()).state).toBe('risk_accepted');
      w.clock.advance(11 * DAY);
      await w.t.rt.cases.service.sweep();
      await w.settle();
      expect(await w.onlyCase()).toMatchObject({ state: 'triage', decision: null });
      const types = await queryRows<{ type: string }>(w.t.rt.deps.db, sql`select type from events where type like 'decision.%' order by id`);
      expect(types.map((e) => e.type)).toEqual(['decision.made', 'decision.revoked', 'decision.made', 'decision.expired']);
      expect((await caseEvents(c.id)).slice(-2)).toEqual(['case.state-changed', 'case.decision-expired']);
    });

    it('a VEX import is a decision: a version uploaded later inherits it, and its case opens decided', async () => {
      const vex = {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        vulnerabilities: [{ id: 'GHSA-4444-5555-6666', analysis: { state: 'not_affected', justification: 'code_not_present' } }],
      };
      const res = await w.api('POST', '/products/shop/vex?versions=*', w.t.admin, vex);
      expect(res.json()).toMatchObject({ imported: 1, suppressedFindings: 4 });
      const id = res.json<{ suppressions: string[] }>().suppressions[0]!;
      expect((await w.api('GET', '/decisions?vulnerability=CVE-2099-7777&active=true', w.t.admin)).json<{ items: DecisionView[] }>().items).toMatchObject([
        { id, scope: 'product', source: 'cyclonedx' },
      ]);
      expect(await w.onlyCase()).toMatchObject({ state: 'not_affected', decision: id });
      await w.upload('5.0', '1.1.0', 5);
      expect((await findings('false')).length).toBe(0);
      expect((await w.api('DELETE', `/products/shop/vex/${id}`, w.t.admin)).statusCode).toBe(204);
      expect((await w.onlyCase()).state).toBe('triage');
    });

    it('pauses the SLA clocks while the case waits on a supplier, audited and reported; due dates move by the pause', async () => {
      const c = await w.onlyCase();
      const due = new Date(c.sla.due.fix!).getTime();
      const paused = await w.api('PATCH', `/cases/${c.id}`, w.webMember, { waitingOnSupplier: true, reason: 'upstream fix pending', ifMatch: c.revision });
      expect(paused.json<CaseView>().sla).toMatchObject({ pausedSince: w.clock.now().toISOString(), pausedMs: 0 });
      w.clock.advance(3 * DAY);
      const resumed = await w.api('PATCH', `/cases/${c.id}`, w.webMember, { waitingOnSupplier: false });
      expect(resumed.json<CaseView>().sla).toMatchObject({ pausedSince: null, pausedMs: 3 * DAY, due: { fix: new Date(due + 3 * DAY).toISOString() } });
      expect((await auditOf(c.id)).slice(-2).map((a) => [a.action, a.details])).toEqual([
        ['sla-paused', { reason: 'upstream fix pending' }],
        ['sla-resumed', { reason: null, pausedMs: 3 * DAY }],
      ]);
      expect((await caseEvents(c.id)).slice(-2)).toEqual(['case.sla-paused', 'case.sla-resumed']);
    });

    it('refuses a pause the policy does not allow', async () => {
      const c = await w.onlyCase();
      const policy = (await w.api('GET', '/policy', w.t.admin)).json<{ text: string }>().text;
      expect((await w.api('PUT', '/policy', w.t.admin, `${policy}pauseWhileAwaitingSupplier: false\n`)).statusCode).toBe(200);
      const res = await w.api('PATCH', `/cases/${c.id}`, w.webMember, { waitingOnSupplier: true });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'SLA_PAUSE_NOT_ALLOWED' } });
    });
  });
}
