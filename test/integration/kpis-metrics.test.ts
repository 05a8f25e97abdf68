import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { databaseTargets } from '../support/databases.ts';
import { repoRoot } from '../support/fixtures.ts';
import { openCasesRuntime, type CasesRuntime } from '../support/cases-runtime.ts';

const HOUR = 3_600_000;
const POLICY = `teams:
  - { id: web, name: Web }
  - { id: ops, name: Ops }
ownership:
  - { products: "shop", team: web }
  - { products: "tool", team: ops }
rules:
  - { name: high, priority: P2, when: { cvss: { min: 7.0 } } }
  - { name: rest, priority: P4 }
openAt: P4
sla:
  P1: { acknowledge: 1d, triage: 2d, plan: 5d, fix: 15d }
  P2: { acknowledge: 4h, triage: 5d, plan: 15d, fix: 30d }
  P3: { acknowledge: 5d, triage: 15d, plan: 45d, fix: 90d }
  P4: { acknowledge: 10d, triage: 30d, plan: 90d, fix: 180d }
`;

const sbom = (leftPad: string) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: [{ type: 'library', 'bom-ref': 'lp', name: 'left-pad', version: leftPad, purl: `pkg:npm/left-pad@${leftPad}` }],
  });

interface Report {
  acknowledge: { n: number; medianHours: number | null };
  triage: { n: number; medianHours: number | null };
  remediate: { n: number; medianHours: number | null };
  onTime: { stage: string; priority: string | null; team: string | null; met: number; missed: number; rate: number }[];
  ageing: { bucket: string; priority: string; count: number }[];
  counts: Record<string, { key: string; cases: number }[]>;
}

for (const target of databaseTargets()) {
  const title = `KPIs and Prometheus metrics [${target.kind}]`;
  if (target.skip !== undefined) {
    describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
    continue;
  }
  describe(title, () => {
    let t: CasesRuntime;
    let webMember: { authorization: string };
    let opsUploader: { authorization: string };
    const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
    const settle = () => t.settle();
    const api = async (method: 'GET' | 'POST', url: string, who: { authorization: string }, payload?: object) => {
      const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: who, ...(payload ? { payload } : {}) });
      await settle();
      return res;
    };
    const upload = async (product: string, leftPad: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sboms?product=${product}&version=1.0`,
        headers: { ...opsUploader, 'content-type': 'application/json' },
        payload: sbom(leftPad),
      });
      expect(res.statusCode).toBe(202);
      await settle();
    };
    const caseOf = async (product: string): Promise<{ id: number }> =>
      (await api('GET', `/cases?product=${product}`, t.admin)).json<{ items: { id: number }[] }>().items[0]!;

    beforeAll(async () => {
      t = await openCasesRuntime(target, POLICY, clock);
      webMember = await t.tokenFor('web', 'member');
      opsUploader = await t.tokenFor('ops', 'uploader');
      await t.importOsv({
        schema_version: '1.6.0',
        id: 'GHSA-4444-5555-7777',
        modified: '2026-11-01T00:00:00Z',
        aliases: ['CVE-2099-8888'],
        database_specific: { cwe_ids: ['CWE-79'] },
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N' }],
        affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
      });
      await upload('shop', '1.1.0');
      await upload('tool', '1.2.0');
      // shop's case: acknowledged after 2 h (within the 4 h target), triaged and fixed later.
      const shop = await caseOf('shop');
      clock.advance(2 * HOUR);
      expect((await api('POST', `/cases/${shop.id}/transitions`, webMember, { to: 'triage' })).statusCode).toBe(200);
      clock.advance(4 * HOUR);
      expect((await api('POST', `/cases/${shop.id}/transitions`, webMember, { to: 'affected' })).statusCode).toBe(200);
      clock.advance(18 * HOUR);
      expect((await api('POST', `/cases/${shop.id}/transitions`, webMember, { to: 'fixed', fixVersion: '1.3.0' })).statusCode).toBe(200);
      // tool's case is left untouched: its 4 h acknowledge target has passed by now.
      await t.rt.queue.enqueue('cases.sla', {});
      await settle();
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('measures time to acknowledge, triage and remediate, on-time rates and ageing for PSIRT staff', async () => {
      const report = (await api('GET', '/kpis', t.admin)).json<Report>();
      expect(report.acknowledge).toEqual({ n: 1, medianHours: 2, p90Hours: 2 });
      expect(report.triage).toMatchObject({ n: 1, medianHours: 6 });
      expect(report.remediate).toMatchObject({ n: 1, medianHours: 24 });
      expect(report.onTime).toEqual(
        expect.arrayContaining([
          { stage: 'acknowledge', priority: null, team: null, met: 1, missed: 1, rate: 0.5 },
          { stage: 'acknowledge', priority: null, team: 'web', met: 1, missed: 0, rate: 1 },
          { stage: 'acknowledge', priority: null, team: 'ops', met: 0, missed: 1, rate: 0 },
          { stage: 'acknowledge', priority: 'P2', team: null, met: 1, missed: 1, rate: 0.5 },
        ]),
      );
      expect(report.ageing).toEqual([{ bucket: '0-7d', priority: 'P2', count: 1 }]);
      expect(report.counts).toMatchObject({
        byComponent: [{ key: 'left-pad', cases: 1 }],
        byCwe: [{ key: 'CWE-79', cases: 1 }],
        byProduct: [{ key: 'tool', cases: 1 }],
        byTeam: [{ key: 'ops', cases: 1 }],
        bySource: [{ key: 'osv', cases: 1 }],
      });
    });

    it('scopes a team member to the team, and hides other teams as if they did not exist', async () => {
      const mine = (await api('GET', '/kpis', webMember)).json<Report>();
      expect(mine.onTime.every((o) => o.team === null || o.team === 'web')).toBe(true);
      expect(mine.counts.byProduct).toEqual([]);
      expect((await api('GET', '/kpis?team=ops', webMember)).statusCode).toBe(404);
      expect((await api('GET', '/kpis?team=ops', t.admin)).json<Report>().counts.byTeam).toEqual([{ key: 'ops', cases: 1 }]);
    });

    it('exports CSV, with cells a spreadsheet cannot run as formulas', async () => {
      const res = await api('GET', '/kpis?format=csv', t.admin);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.body.trim().split('\r\n');
      expect(lines[0]).toBe('metric,stage,priority,team,key,value');
      expect(lines).toContain('time_to_acknowledge_median_hours,,,,,2');
      expect(lines).toContain('open_cases_by_component,,,,left-pad,1');
    });

    it('keeps a daily snapshot per team for trends', async () => {
      await t.rt.queue.enqueue('cases.snapshot', {});
      await settle();
      const trend = (await api('GET', '/kpis/trend?days=1', t.admin)).json<{ items: Record<string, unknown>[] }>();
      expect(trend.items).toEqual([
        { day: '2026-12-02', openByPriority: { P2: 1 }, openBySla: { breached: 1 }, opened: 0, closed: 0, exposedVersions: 1, kevCases: 0 },
      ]);
      const web = (await api('GET', '/kpis/trend?days=1', webMember)).json<{ items: { openByPriority: object }[] }>();
      expect(web.items).toEqual([expect.objectContaining({ openByPriority: {} })]);
      const csv = (await api('GET', '/kpis/trend?days=1&format=csv', t.admin)).body.split('\r\n');
      expect(csv[0]).toBe('day,open_P2,sla_on-track,sla_near-breach,sla_breached,opened,closed,exposed_versions,kev_cases');
      expect(csv[1]).toBe('2026-12-02,1,0,0,1,0,0,1,0');
    });

    it('serves Prometheus metrics from prom-client: HTTP by route template, jobs, feeds, uploads and cases, with no names from the data', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const body = res.body;
      expect(body).toMatch(/^kanshi_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/cases\/:id\/transitions",status_code="200"\} 3$/m);
      expect(body).toMatch(/^kanshi_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/sboms",status_code="202"\} 2$/m);
      expect(body).toMatch(/^kanshi_job_duration_seconds_count\{queue="ingest",job="ingest.sbom",outcome="completed"\} 2$/m);
      expect(body).toMatch(/^kanshi_job_duration_seconds_count\{queue="matching",job="matching.forward",outcome="completed"\} \d+$/m);
      expect(body).toMatch(/^kanshi_job_wait_seconds_count\{queue="ingest"\} 2$/m);
      expect(body).toMatch(/^kanshi_jobs\{queue="ingest",state="waiting"\} 0$/m);
      expect(body).toMatch(/^kanshi_sbom_uploads\{status="processed"\} 2$/m);
      expect(body).toMatch(/^kanshi_feed_last_success_timestamp_seconds\{source="osv"\} \d+/m);
      expect(body).toMatch(/^kanshi_feed_lag_seconds\{source="osv"\} \d+$/m);
      expect(body).toMatch(/^kanshi_cases\{priority="P2",state="new"\} 1$/m);
      expect(body).toMatch(/^kanshi_cases\{priority="P2",state="fixed"\} 1$/m);
      expect(body).toMatch(/^kanshi_cases_sla\{status="breached"\} 1$/m);
      expect(body).toMatch(/^kanshi_sla_breaches 1$/m);
      expect(body).toMatch(/^# TYPE kanshi_deliveries gauge$/m);
      expect(body).toMatch(/^kanshi_process_resident_memory_bytes \d+/m);
      // Every series the Grafana dashboard in deploy/ queries is one Kanshi serves.
      const dashboard = readFileSync(path.join(repoRoot, 'deploy/grafana/dashboards/kanshi.json'), 'utf8');
      const queried = new Set([...dashboard.matchAll(/\bkanshi_[a-z_]+/g)].map((m) => m[0]));
      expect(queried.size).toBeGreaterThan(10);
      for (const name of queried) expect(body, name).toMatch(new RegExp(`^# TYPE ${name.replace(/_(bucket|count|sum)$/, '')} `, 'm'));
      for (const name of ['shop', 'tool', 'left-pad', 'CVE-2099-8888', 'web', 'ops']) expect(body).not.toMatch(new RegExp(`"${name}"`));
    });
  });
}
