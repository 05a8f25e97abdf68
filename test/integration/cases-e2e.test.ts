import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { csafProblems } from '../../src/vex/index.ts';
import { openCasesRuntime, type CasesRuntime } from '../support/cases-runtime.ts';
import { DAY } from '../support/cases-world.ts';
import { databaseTargets, type DatabaseTarget } from '../support/databases.ts';
import { VALID } from '../support/fixture-sboms.ts';
import { describeWithFixtures } from '../support/fixtures.ts';
import type { QueueKind } from '../support/redis.ts';
import { describeDistributed } from '../support/runtime.ts';
import { csafSchema, cycloneDxViolations, openVexSchema } from '../support/vex-schemas.ts';

/**
 * From SBOM to exports on the shared real-world fixtures, in both running modes: real SBOMs are
 * uploaded, the real feed records that concern them imported, and the policy below turns the
 * findings into cases routed, prioritised and timed by it; the VEX and CSAF documents of the
 * result validate against their official schemas.
 */

/** SLA targets in days per priority: written into the policy, and the due dates expected from them. */
const SLA_DAYS = {
  P1: { acknowledge: 1, triage: 3, plan: 7, fix: 14 },
  P2: { acknowledge: 2, triage: 7, plan: 14, fix: 30 },
  P3: { acknowledge: 5, triage: 14, plan: 30, fix: 90 },
  P4: { acknowledge: 10, triage: 30, plan: 90, fix: 180 },
} as const;

/** Team web owns the shop, on the internet; team ops the mail bridge, an internal tool. */
const POLICY = `teams:
  - { id: web, name: Web }
  - { id: ops, name: Ops }
ownership:
  - { products: "shop-*", team: web }
  - { products: "mail-*", team: ops }
products:
  - { products: "shop-*", tier: standard, exposure: internet }
  - { products: "mail-*", tier: internal-tool, exposure: internal }
rules:
  - { name: known exploited internet-facing, priority: P1, when: { kev: true, exposure: [internet] } }
  - { name: known exploited, priority: P2, when: { kev: true } }
  - { name: critical internet-facing, priority: P2, when: { cvss: { min: 9.0 }, exposure: [internet] } }
  - { name: high, priority: P3, when: { cvss: { min: 7.0 }, tier: [critical-infrastructure, standard] } }
  - { name: rest, priority: P4 }
openAt: P4
sla:
${Object.entries(SLA_DAYS)
  .map(([p, d]) => `  ${p}: { acknowledge: ${d.acknowledge}d, triage: ${d.triage}d, plan: ${d.plan}d, fix: ${d.fix}d }`)
  .join('\n')}
`;
type Priority = keyof typeof SLA_DAYS;

const NOW = new Date('2026-12-01T09:00:00Z');

/** Real SBOMs of three products: lodash in the Node shop, Spring in its API, Go modules in the bridge. */
const UPLOADS = [
  { product: 'shop-web', version: '1.3.0', team: 'web', file: 'cyclonedx/json/nodegoat-1.3.0_cdxgen.cdx-1.5.json' },
  { product: 'shop-api', version: '0.0.1', team: 'web', file: 'cyclonedx/json/vuln-spring_cdxgen.cdx-1.5.json' },
  { product: 'mail-bridge', version: '1.8.0', team: 'ops', file: 'cyclonedx/json/proton-bridge-1.8.0.cdx-1.2.json' },
] as const;

/**
 * The feed records of the ecosystems those SBOMs ship (npm, Maven, Go), one source each of NVD,
 * JVN and CSAF beside them, the whole KEV catalog and the EPSS sample; not the large ROLIE feeds
 * and NVD year files, which concern none of these products and would only lengthen the import.
 */
const FEEDS = [
  'nvd/cve',
  'osv/ghsa',
  'osv/golang-vulndb',
  'osv/osv-dev-export/Go',
  'osv/osv-dev-export/Maven',
  'osv/osv-dev-export/npm',
  'jvn/feeds/detail',
  // IBM's advisory names CVE-2023-39325, the HTTP/2 flaw of golang.org/x/net the bridge ships.
  'csaf/vendors/cert-bund',
  'kev/known_exploited_vulnerabilities.json',
  'epss/epss_scores-2026-09-29.first-1071-rows.csv',
];

/**
 * The cases, from the fixtures: lodash 4.17.11, 4.13.1 and 2.4.2 (and 4.17.20 for CVE-2021-23337)
 * in nodegoat below the fixes of GHSA-jf85-cpcp-j695 (4.17.12, CVSS 9.1), GHSA-p6mc-m468-83gw
 * (4.17.20, 7.4) and GHSA-35jh-r3h4-6jhm (4.17.21, 7.2); spring-beans and spring-webmvc 5.2.5 and
 * spring-boot-starter-web 2.2.6 below GHSA-36p3-wjmg-h94x's fixes (Spring4Shell, in KEV); in the
 * bridge, golang.org/x/net of April 2021 (HTTP/2 rapid reset, in KEV; GO-2022-0969; GO-2023-2102),
 * golang.org/x/text before 0.3.7 (GO-2021-0113) and gin 1.4.0 (GO-2020-0001, GHSA-2c4m-59x9-fr2g).
 */
const EXPECTED: { product: string; vulnerability: string; team: string; priority: Priority; rule: string; findings: number }[] = [
  { product: 'shop-web', vulnerability: 'CVE-2019-10744', team: 'web', priority: 'P2', rule: 'critical internet-facing', findings: 3 },
  { product: 'shop-web', vulnerability: 'CVE-2020-8203', team: 'web', priority: 'P3', rule: 'high', findings: 3 },
  { product: 'shop-web', vulnerability: 'CVE-2021-23337', team: 'web', priority: 'P3', rule: 'high', findings: 4 },
  { product: 'shop-api', vulnerability: 'CVE-2022-22965', team: 'web', priority: 'P1', rule: 'known exploited internet-facing', findings: 3 },
  { product: 'mail-bridge', vulnerability: 'CVE-2023-44487', team: 'ops', priority: 'P2', rule: 'known exploited', findings: 1 },
  // An internal tool's flaws that are not known to be exploited wait at P4, however high their score.
  { product: 'mail-bridge', vulnerability: 'CVE-2022-27664', team: 'ops', priority: 'P4', rule: 'rest', findings: 1 },
  { product: 'mail-bridge', vulnerability: 'CVE-2023-39325', team: 'ops', priority: 'P4', rule: 'rest', findings: 1 },
  { product: 'mail-bridge', vulnerability: 'CVE-2021-38561', team: 'ops', priority: 'P4', rule: 'rest', findings: 1 },
  { product: 'mail-bridge', vulnerability: 'CVE-2020-36567', team: 'ops', priority: 'P4', rule: 'rest', findings: 1 },
  { product: 'mail-bridge', vulnerability: 'CVE-2023-29401', team: 'ops', priority: 'P4', rule: 'rest', findings: 1 },
];

interface CaseView {
  id: number;
  product: string;
  team: string;
  priority: string;
  priorityRule: string | null;
  state: string;
  findings: number;
  openedAt: string;
  sla: { status: string; due: Record<string, string> };
  vulnerability: { id: string; kev: boolean };
}
type Who = { authorization: string };
type Csaf = { vulnerabilities: { cve?: string; product_status: Record<string, string[]> }[] };

const due = (p: Priority): Record<string, string> =>
  Object.fromEntries(Object.entries(SLA_DAYS[p]).map(([stage, days]) => [stage, new Date(NOW.getTime() + days * DAY).toISOString()]));
const casesOf = (product: string): string[] =>
  EXPECTED.filter((e) => e.product === product)
    .map((e) => e.vulnerability)
    .sort();

const pglite = databaseTargets().find((t) => t.kind === 'pglite')!;

describeWithFixtures('cases end to end on the shared fixtures', (fixtures) => {
  const openvex = openVexSchema(fixtures);
  const csaf = csafSchema(fixtures);

  /** The whole run on one database and job backend. */
  const endToEnd = (target: DatabaseTarget, queue: QueueKind): void => {
    let t: CasesRuntime;
    let dump: string;
    let web: Who;
    let ops: Who;
    const cases = new Map<string, CaseView>();
    const caseOf = (product: string, vulnerability: string): CaseView => cases.get(`${product} ${vulnerability}`)!;
    const get = async (url: string, who: Who) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who });
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };

    beforeAll(async () => {
      t = await openCasesRuntime(target, POLICY, fixedClock(NOW), queue);
      web = await t.tokenFor('web', 'member');
      ops = await t.tokenFor('ops', 'member');
      dump = await mkdtemp(path.join(tmpdir(), 'kanshi-e2e-feeds-'));
      for (const f of FEEDS) await cp(path.join(fixtures, 'feeds', f), path.join(dump, f), { recursive: true });
      await t.importFeeds(dump);
      const uploaders = { web: await t.tokenFor('web', 'uploader'), ops: await t.tokenFor('ops', 'uploader') };
      for (const u of UPLOADS) {
        // Each team's CI uploads its own products (a product belongs to the team that uploaded it first).
        const uploader = uploaders[u.team];
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/sboms?product=${u.product}&version=${u.version}`,
          headers: { ...uploader, 'content-type': 'application/json' },
          payload: await readFile(path.join(fixtures, 'sboms', u.file)),
        });
        expect(res.statusCode, res.body).toBe(202);
        await t.settle();
        const upload = (await get(`/sboms/${res.json<{ id: string }>().id}`, uploader)).json<{ status: string; componentCount: number }>();
        expect(upload).toMatchObject({ status: 'processed', componentCount: VALID.find(([f]) => f === u.file)![1] });
      }
      for (const c of (await get('/cases?limit=100', t.admin)).json<{ items: CaseView[] }>().items) cases.set(`${c.product} ${c.vulnerability.id}`, c);
    }, 400_000);
    afterAll(async () => {
      await t?.close();
      if (dump) await rm(dump, { recursive: true, force: true });
    });

    it('opens one case per vulnerability and product, owned by the team the policy names', () => {
      expect([...cases.keys()].sort()).toEqual(EXPECTED.map((e) => `${e.product} ${e.vulnerability}`).sort());
      for (const e of EXPECTED) {
        expect(caseOf(e.product, e.vulnerability), `${e.product} ${e.vulnerability}`).toMatchObject({ team: e.team, state: 'new', findings: e.findings });
      }
    });

    it('gives each case the priority of the first rule that holds: KEV, exposure, tier and CVSS', () => {
      const got = EXPECTED.map((e) => ({
        ...e,
        priority: caseOf(e.product, e.vulnerability).priority,
        rule: caseOf(e.product, e.vulnerability).priorityRule,
      }));
      expect(got).toEqual(EXPECTED);
      expect(caseOf('shop-api', 'CVE-2022-22965').vulnerability.kev).toBe(true);
      expect(caseOf('mail-bridge', 'CVE-2023-44487').vulnerability.kev).toBe(true);
    });

    it('sets the SLA due dates from the policy’s targets for the priority, from the opening', () => {
      for (const e of EXPECTED) {
        const c = caseOf(e.product, e.vulnerability);
        expect(c.openedAt).toBe(NOW.toISOString());
        expect({ case: `${e.product} ${e.vulnerability}`, status: c.sla.status, due: c.sla.due }).toEqual({
          case: `${e.product} ${e.vulnerability}`,
          status: 'on-track',
          due: due(e.priority),
        });
      }
    });

    it('shows each team its own cases only', async () => {
      const listed = async (who: Who) =>
        (await get('/cases?limit=100', who))
          .json<{ items: CaseView[] }>()
          .items.map((c) => `${c.product} ${c.vulnerability.id}`)
          .sort();
      const of = (team: string) =>
        EXPECTED.filter((e) => e.team === team)
          .map((e) => `${e.product} ${e.vulnerability}`)
          .sort();
      expect(await listed(web)).toEqual(of('web'));
      expect(await listed(ops)).toEqual(of('ops'));
    });

    it.each(UPLOADS)('exports the VEX of $product $version in three formats, each valid', { timeout: 240_000 }, async ({ product, version, team }) => {
      const owner = team === 'web' ? web : ops;
      const vex = (format: string) => get(`/products/${product}/versions/${version}/vex?format=${format}`, owner);

      const cdx = await vex('cyclonedx');
      expect(await cycloneDxViolations(cdx.body)).toBeNull();
      const bom = cdx.json<{ vulnerabilities: { id: string; analysis: { state: string } }[] }>();
      expect(bom.vulnerabilities.map((v) => v.id).sort()).toEqual(casesOf(product));
      expect(new Set(bom.vulnerabilities.map((v) => v.analysis.state))).toEqual(new Set(['in_triage']));

      const open = (await vex('openvex')).json<{ statements: { vulnerability: { name: string }; status: string }[] }>();
      expect(openvex(open)).toEqual([]);
      expect([...new Set(open.statements.map((s) => s.vulnerability.name))].sort()).toEqual(casesOf(product));
      expect(new Set(open.statements.map((s) => s.status))).toEqual(new Set(['under_investigation']));

      const doc = (await vex('csaf')).json<Csaf>();
      expect(csaf(doc)).toEqual([]);
      expect(await csafProblems(doc)).toEqual([]);
      expect(doc.vulnerabilities.map((v) => v.cve).sort()).toEqual(casesOf(product));
      for (const v of doc.vulnerabilities) expect(Object.keys(v.product_status)).toEqual(['under_investigation']);
    });

    it.each(EXPECTED.filter((e) => e.priority !== 'P4'))(
      'exports the CSAF advisory of the $product $vulnerability case, valid',
      { timeout: 240_000 },
      async ({ product, vulnerability, team, findings }) => {
        const res = await get(`/cases/${caseOf(product, vulnerability).id}/csaf`, team === 'web' ? web : ops);
        const doc = res.json<Csaf>();
        expect(csaf(doc)).toEqual([]);
        expect(await csafProblems(doc)).toEqual([]);
        expect(doc.vulnerabilities).toHaveLength(1);
        expect(doc.vulnerabilities[0]).toMatchObject({ cve: vulnerability });
        // Each vulnerable component of the version, still under investigation.
        expect(doc.vulnerabilities[0]!.product_status).toEqual({ under_investigation: expect.any(Array) });
        expect(doc.vulnerabilities[0]!.product_status.under_investigation).toHaveLength(findings);
      },
    );

    it('carries what the merged records say into the Spring4Shell advisory: the GHSA id and the CWE', async () => {
      const doc = (await get(`/cases/${caseOf('shop-api', 'CVE-2022-22965').id}/csaf`, web)).json<{
        vulnerabilities: { ids: { text: string }[]; cwe: { id: string } }[];
      }>();
      expect(doc.vulnerabilities[0]!.ids.map((i) => i.text)).toContain('GHSA-36p3-wjmg-h94x');
      // NVD says CWE-94, the GHSA CWE-74 and CWE-94: the advisory names the first of them (sorted).
      expect(doc.vulnerabilities[0]!.cwe.id).toBe('CWE-74');
    });
  };

  describe('embedded: PGlite, in-process jobs', () => endToEnd(pglite, 'in-process'));
  describeDistributed('distributed: Postgres, BullMQ on Redis', (target) => endToEnd(target, 'bullmq'));
});
