import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../test/support/fixtures.ts';
import { csafSchema } from '../../test/support/vex-schemas.ts';
import { csafAdvisory, csafVex, type AdvisoryInput } from './csaf.ts';
import { csafProblems } from './csaf-validate.ts';
import { lodash, statement, vulnerability } from './testdata/statements.ts';

const ctx = { publisher: { name: 'ACME PSIRT', namespace: 'https://psirt.acme.example' }, generator: '0.1.0', now: new Date('2026-12-01T09:00:00Z') };
const cve = vulnerability('CVE-2099-0001', {
  aliases: ['GHSA-aaaa-bbbb-cccc'],
  cwes: ['CWE-79', 'CWE-20'],
  title: 'XSS in left-pad',
  scores: [
    { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 9.3 },
  ],
});

const vex = csafVex(ctx, { name: 'shop', version: '1.0', purl: null }, [
  statement(cve, { status: 'affected' }),
  statement(cve, { status: 'not_affected', components: [lodash], justification: 'vulnerable_code_not_in_execute_path' }),
  statement(vulnerability('GHSA-xxxx-yyyy-zzzz'), { status: 'under_investigation' }),
  statement(vulnerability('CVE-2099-0002'), { status: 'not_affected', impact: 'compiled out' }),
]);

const advisoryInput: AdvisoryInput = {
  trackingId: 'KANSHI-CASE-7',
  product: 'shop',
  vulnerability: cve,
  entries: [
    { version: '1.0', purl: null, statement: statement(cve, { status: 'affected', fixVersion: '1.1' }) },
    { version: '1.1', purl: null, statement: statement(cve, { status: 'fixed', components: [] }) },
  ],
  fixVersion: '1.1',
  revisions: [
    { date: new Date('2026-11-01T00:00:00Z'), summary: 'Case opened.' },
    { date: new Date('2026-11-02T00:00:00Z'), summary: 'State new → triage.' },
  ],
  coordination: {
    coordinator: 'JPCERT/CC',
    caseId: 'JVNVU#99999999',
    notifiedAt: new Date('2026-11-03T00:00:00Z'),
    disclosureAt: new Date('2026-12-18T00:00:00Z'),
  },
  vendorStatus: 'in_progress',
  embargoed: true,
  references: ['https://github.com/advisories/GHSA-aaaa-bbbb-cccc', 'not a url'],
};
const advisory = csafAdvisory(ctx, advisoryInput);

type Vuln = {
  cve?: string;
  ids?: unknown[];
  cwe?: unknown;
  product_status: Record<string, string[]>;
  flags?: unknown[];
  threats?: unknown[];
  remediations?: { category: string; product_ids: string[] }[];
  scores?: { cvss_v3: unknown }[];
  notes: { title: string }[];
  involvements?: { party: string; status: string }[];
};
const vulnsOf = (d: Record<string, unknown>) => d.vulnerabilities as Vuln[];

describe('CSAF VEX of a product version', () => {
  it('puts each component, as shipped in the version, under its status', () => {
    const [first, second, third] = vulnsOf(vex);
    expect(first!.product_status).toEqual({ known_affected: ['PV1:C1'], known_not_affected: ['PV1:C2'] });
    expect(first!.flags).toEqual([{ label: 'vulnerable_code_not_in_execute_path', product_ids: ['PV1:C2'] }]);
    expect(first!.remediations).toEqual([{ category: 'none_available', details: 'No fix is available yet.', product_ids: ['PV1:C1'] }]);
    expect(second).toMatchObject({ ids: [{ system_name: 'GHSA', text: 'GHSA-xxxx-yyyy-zzzz' }], product_status: { under_investigation: ['PV1:C1'] } });
    expect(second!.cve).toBeUndefined();
    expect(third!.threats).toEqual([{ category: 'impact', details: 'compiled out', product_ids: ['PV1:C1'] }]);
  });

  it('gives the CVE, the CWE with its catalogue name, CVSS v3 as a score and v4.0 as a note (CSAF 2.0 has no cvss_v4)', () => {
    const [first] = vulnsOf(vex);
    expect(first).toMatchObject({
      cve: 'CVE-2099-0001',
      ids: [{ system_name: 'GHSA', text: 'GHSA-aaaa-bbbb-cccc' }],
      cwe: { id: 'CWE-79', name: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')" },
      scores: [{ cvss_v3: { version: '3.1', baseScore: 9.8, baseSeverity: 'CRITICAL' } }],
    });
    expect(first!.notes.map((n) => n.title)).toEqual(['Description', 'CVSS v4.0', 'Further weaknesses']);
  });

  // The first call loads the validator (a time-zone database among it): slow on a busy machine.
  it('passes the CSAF 2.0 strict schema and mandatory tests', { timeout: 240_000 }, async () => {
    expect(await csafProblems(vex)).toEqual([]);
  });
});

describe('CSAF advisory draft of a case', () => {
  it('lists the fix version as fixed and recommended, never an affected one', () => {
    const [v] = vulnsOf(advisory);
    expect(v!.product_status).toEqual({ known_affected: ['PV1:C1'], fixed: ['PV2'], recommended: ['PV2'] });
    expect(v!.remediations).toEqual([{ category: 'vendor_fix', details: 'Upgrade shop to 1.1.', product_ids: ['PV1:C1'] }]);
  });

  it('tracks the case as a draft with its revision history, the coordinator as an involvement and acknowledgment, TLP RED under embargo', () => {
    const d = advisory.document as Record<string, Record<string, unknown>>;
    expect(d.tracking).toMatchObject({ id: 'KANSHI-CASE-7', status: 'draft', version: '0.2.0', initial_release_date: '2026-11-01T00:00:00.000Z' });
    expect(d.distribution).toEqual({ tlp: { label: 'RED' } });
    expect(d.acknowledgments).toEqual([{ organization: 'JPCERT/CC', summary: 'coordination of the disclosure' }]);
    expect(d.references).toEqual([
      { category: 'external', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', summary: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' },
    ]);
    expect(vulnsOf(advisory)[0]!.involvements).toMatchObject([
      { party: 'vendor', status: 'in_progress' },
      { party: 'coordinator', status: 'in_progress', summary: 'JPCERT/CC case JVNVU#99999999; notified 2026-11-03; public disclosure planned for 2026-12-18' },
    ]);
  });

  it('passes the CSAF 2.0 strict schema and mandatory tests, without coordination too', async () => {
    expect(await csafProblems(advisory)).toEqual([]);
    expect(await csafProblems(csafAdvisory(ctx, { ...advisoryInput, coordination: null, embargoed: false }))).toEqual([]);
  });
});

describeWithFixtures('CSAF documents against the official CSAF 2.0 schema', (fixtures) => {
  it('validates the VEX and the advisory', () => {
    const check = csafSchema(fixtures);
    expect(check(vex)).toEqual([]);
    expect(check(advisory)).toEqual([]);
  });
});
