import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { csafProblems } from '../../src/vex/index.ts';
import { openCasesRuntime, type CasesRuntime } from '../support/cases-runtime.ts';
import { databaseTargets } from '../support/databases.ts';
import { fixturesDir, isCI } from '../support/fixtures.ts';
import { csafSchema, cycloneDxViolations, openVexSchema, type SchemaCheck } from '../support/vex-schemas.ts';

const component = (name: string, version: string) => ({ type: 'library', 'bom-ref': name, name, version, purl: `pkg:npm/${name}@${version}` });
const sbom = (serial: number, lodash: string) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    version: 1,
    components: [component('left-pad', '1.1.0'), component('lodash', lodash), component('minimist', '1.2.0'), component('ms', '2.0.0')],
  });

/** An OSV record: `name` below `fixed`, with a CVE alias, a CVSS v3.1 vector and a CWE. */
const osv = (ghsa: string, cve: string, name: string, fixed: string, cwe: string) => ({
  schema_version: '1.6.0',
  id: ghsa,
  modified: '2026-11-01T00:00:00Z',
  published: '2026-11-01T00:00:00Z',
  aliases: [cve],
  summary: `${name} flaw`,
  details: `A flaw in ${name} before ${fixed}.`,
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  database_specific: { cwe_ids: [cwe] },
  references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${ghsa}` }],
  affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
});

const RECORDS = [
  osv('GHSA-1111-1111-1111', 'CVE-2099-1001', 'left-pad', '1.3.0', 'CWE-79'),
  osv('GHSA-2222-2222-2222', 'CVE-2099-1002', 'lodash', '4.17.21', 'CWE-1321'),
  osv('GHSA-3333-3333-3333', 'CVE-2099-1003', 'minimist', '1.2.6', 'CWE-1321'),
  osv('GHSA-4444-4444-4444', 'CVE-2099-1004', 'ms', '2.0.1', 'CWE-400'),
];

/** The schemas of the shared fixtures: absent on a user's machine (those checks are skipped), required under CI. */
function schemas(): { openvex: SchemaCheck; csaf: SchemaCheck } | null {
  const dir = fixturesDir();
  if (existsSync(dir)) return { openvex: openVexSchema(dir), csaf: csafSchema(dir) };
  if (isCI()) throw new Error(`needs ${dir} (the shared fixtures), which is missing under CI=true`);
  return null;
}

interface CaseView {
  id: number;
  vulnerability: { id: string };
}
type Json = Record<string, unknown>;
type Csaf = {
  document: { tracking: { status: string } };
  vulnerabilities: { cve?: string; product_status: Record<string, string[]>; flags?: { label: string }[] }[];
  product_tree: Json;
};
type OpenVex = { statements: { vulnerability: { name: string }; status: string; justification?: string; action_statement?: string }[] };

for (const target of databaseTargets()) {
  const title = `VEX and CSAF exports [${target.kind}]`;
  if (target.skip !== undefined) {
    describe.skip(title, () => it(`skipped: ${target.skip}`, () => undefined));
    continue;
  }
  describe(title, () => {
    let t: CasesRuntime;
    let member: { authorization: string };
    let other: { authorization: string };
    let check: ReturnType<typeof schemas>;
    const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
    const api = async (method: 'GET' | 'POST', url: string, who: { authorization: string }, payload?: object) => {
      const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: who, ...(payload ? { payload } : {}) });
      await t.settle();
      return res;
    };
    /** Case ids by vulnerability, read while the cases are open (the list shows open ones). */
    const caseIds = new Map<string, number>();
    const caseOf = (cve: string): { id: number } => ({ id: caseIds.get(cve)! });
    const move = async (id: number, body: object) => expect((await api('POST', `/cases/${id}/transitions`, member, body)).statusCode).toBe(200);

    beforeAll(async () => {
      check = schemas();
      t = await openCasesRuntime(target, undefined, clock);
      member = await t.tokenFor('web', 'member');
      other = await t.tokenFor('ops', 'member');
      await t.importOsv(...RECORDS);
      for (const [version, lodash, serial] of [
        ['1.0', '4.17.20', 1],
        ['2.0', '4.17.21', 2],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/sboms?product=shop&version=${version}`,
          headers: { ...member, 'content-type': 'application/json' },
          payload: sbom(serial, lodash),
        });
        expect(res.statusCode).toBe(202);
        await t.settle();
      }
      // minimist: the team's own VEX statement says the vulnerable code is not there; imported, it is
      // a decision the case inherits, so the case is not affected with the statement's justification.
      const vex = {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        vulnerabilities: [{ id: 'CVE-2099-1003', analysis: { state: 'not_affected', justification: 'code_not_present' } }],
      };
      expect((await api('POST', '/products/shop/vex', member, vex)).statusCode).toBe(201);
      for (const c of (await api('GET', '/cases?limit=50', t.admin)).json<{ items: CaseView[] }>().items) caseIds.set(c.vulnerability.id, c.id);
      const leftPad = caseOf('CVE-2099-1001');
      await move(leftPad.id, { to: 'triage' });
      await move(leftPad.id, { to: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' });
      const lodash = caseOf('CVE-2099-1002');
      await move(lodash.id, { to: 'triage' });
      await move(lodash.id, { to: 'affected' });
      await move(lodash.id, { to: 'fixed', fixVersion: '2.0' });
    }, 240_000);
    afterAll(async () => t?.close());

    const vexOf = async (version: string, format: string) => {
      const res = await api('GET', `/products/shop/versions/${version}/vex?format=${format}`, member);
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };

    it('writes a CycloneDX VEX of a version that the library validates, with each case state as its analysis', async () => {
      const res = await vexOf('1.0', 'cyclonedx');
      expect(res.headers['content-type']).toMatch(/^application\/vnd\.cyclonedx\+json/);
      expect(await cycloneDxViolations(res.body)).toBeNull();
      const bom = res.json<{ vulnerabilities: { id: string; analysis: { state: string; justification?: string } }[] }>();
      expect(Object.fromEntries(bom.vulnerabilities.map((v) => [v.id, v.analysis]))).toEqual({
        'CVE-2099-1001': { state: 'not_affected', justification: 'code_not_reachable', detail: 'triaged as not affected' },
        'CVE-2099-1002': { state: 'exploitable', response: ['update'], detail: 'fixed in shop 2.0' },
        'CVE-2099-1003': { state: 'not_affected', justification: 'code_not_present', detail: 'VEX statement (cyclonedx)' },
        'CVE-2099-1004': { state: 'in_triage', detail: 'case new' },
      });
    });

    it('writes OpenVEX: not affected with the case’s justification, affected before the fix version, fixed in it', async () => {
      const one = (await vexOf('1.0', 'openvex')).json<OpenVex>();
      if (check) expect(check.openvex(one)).toEqual([]);
      expect(Object.fromEntries(one.statements.map((s) => [s.vulnerability.name, [s.status, s.justification ?? s.action_statement ?? null]]))).toEqual({
        'CVE-2099-1001': ['not_affected', 'vulnerable_code_not_in_execute_path'],
        'CVE-2099-1002': ['affected', 'Upgrade shop to 2.0.'],
        'CVE-2099-1003': ['not_affected', 'vulnerable_code_not_present'],
        'CVE-2099-1004': ['under_investigation', null],
      });
      const two = (await vexOf('2.0', 'openvex')).json<OpenVex>();
      expect(two.statements.find((s) => s.vulnerability.name === 'CVE-2099-1002')?.status).toBe('fixed');
    });

    // The first CSAF answer loads the validator (a time-zone database among it): slow on a busy machine.
    it('writes a CSAF VEX that passes the CSAF 2.0 schema and mandatory tests', { timeout: 240_000 }, async () => {
      const doc = (await vexOf('1.0', 'csaf')).json<Csaf>();
      if (check) expect(check.csaf(doc)).toEqual([]);
      expect(await csafProblems(doc)).toEqual([]);
      const status = Object.fromEntries(doc.vulnerabilities.map((v) => [v.cve, Object.keys(v.product_status)]));
      expect(status).toEqual({
        'CVE-2099-1001': ['known_not_affected'],
        'CVE-2099-1002': ['known_affected'],
        'CVE-2099-1003': ['known_not_affected'],
        'CVE-2099-1004': ['under_investigation'],
      });
    });

    it(
      'writes the CSAF advisory draft of a case: the version before the fix affected, the fix version fixed and recommended',
      { timeout: 240_000 },
      async () => {
        const lodash = caseOf('CVE-2099-1002');
        const res = await api('GET', `/cases/${lodash.id}/csaf`, member);
        expect(res.statusCode, res.body).toBe(200);
        const doc = res.json<Csaf>();
        if (check) expect(check.csaf(doc)).toEqual([]);
        expect(await csafProblems(doc)).toEqual([]);
        expect(doc.document.tracking).toMatchObject({ status: 'draft', version: '0.4.0' });
        expect(doc.vulnerabilities[0]).toMatchObject({
          cve: 'CVE-2099-1002',
          cwe: { id: 'CWE-1321' },
          product_status: { known_affected: ['PV1:C1'], fixed: ['PV2'], recommended: ['PV2'] },
        });
        const notAffected = await api('GET', `/cases/${caseOf('CVE-2099-1001').id}/csaf`, member);
        expect(notAffected.json<Csaf>().vulnerabilities[0]!.flags).toEqual([
          { label: 'vulnerable_code_not_in_execute_path', product_ids: ['PV1:C1'] },
          { label: 'vulnerable_code_not_in_execute_path', product_ids: ['PV2:C1'] },
        ]);
      },
    );

    it('answers another team as if the product and the case did not exist', async () => {
      expect((await api('GET', '/products/shop/versions/1.0/vex?format=openvex', other)).statusCode).toBe(404);
      expect((await api('GET', `/cases/${caseOf('CVE-2099-1002').id}/csaf`, other)).statusCode).toBe(404);
    });
  });
}
