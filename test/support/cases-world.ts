/**
 * A runtime with cases for the integration tests of the cases domain: a policy whose team `web`
 * owns the internet-facing product `shop`, uploaded by team `ops`, and one advisory (critical,
 * CVE-2099-7777 alias GHSA-4444-5555-6666) on left-pad below 1.3.0, with a controlled clock.
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { queryRows } from '../../src/db/index.ts';
import type { DatabaseTarget } from './databases.ts';
import { openCasesRuntime } from './cases-runtime.ts';
import type { TestRuntime } from './runtime.ts';

export const DAY = 86_400_000;
export const CASES_POLICY = `teams:
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

export interface CaseView {
  id: number;
  revision: number;
  team: string;
  priority: string;
  priorityRule: string;
  state: string;
  allowed: string[];
  jvnStatus: string;
  decision: string | null;
  sla: { status: string; due: Record<string, string>; pausedSince: string | null; pausedMs: number };
  vulnerability: { id: string };
}

type Who = { authorization: string };

export interface CasesWorld {
  t: TestRuntime;
  clock: ReturnType<typeof fixedClock>;
  uploader: Who;
  webMember: Who;
  opsMember: Who;
  settle(): Promise<void>;
  api(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, who: Who, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Uploads version `version` of the product shop, shipping left-pad `leftPad`. */
  upload(version: string, leftPad: string, serial: number): Promise<void>;
  /** The one case there is, as the API reads it. */
  onlyCase(): Promise<CaseView>;
  close(): Promise<void>;
}

export async function openCasesWorld(target: DatabaseTarget, policy = CASES_POLICY): Promise<CasesWorld> {
  const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
  const t = await openCasesRuntime(target, policy, clock);
  const settle = () => t.settle();
  const api: CasesWorld['api'] = async (method, url, who, payload) => {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: typeof payload === 'string' ? { ...who, 'content-type': 'application/yaml' } : who,
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    await settle();
    return res;
  };
  const uploader = await t.tokenFor('ops', 'uploader');
  await t.importOsv({
    schema_version: '1.6.0',
    id: 'GHSA-4444-5555-6666',
    modified: '2026-11-01T00:00:00Z',
    published: '2026-11-01T00:00:00Z',
    aliases: ['CVE-2099-7777'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
  });
  return {
    t,
    clock,
    uploader,
    webMember: await t.tokenFor('web', 'member'),
    opsMember: await t.tokenFor('ops', 'member'),
    settle,
    api,
    async upload(version, leftPad, serial) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/sboms?product=shop&version=${version}`,
        headers: { ...uploader, 'content-type': 'application/json' },
        payload: sbom(leftPad, serial),
      });
      expect(res.statusCode).toBe(202);
      await settle();
    },
    async onlyCase() {
      const [row] = await queryRows<{ id: string }>(t.rt.deps.db, sql`select id from cases`);
      return (await api('GET', `/cases/${row!.id}`, t.admin)).json<CaseView>();
    },
    close: () => t.close(),
  };
}
