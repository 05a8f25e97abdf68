import { describe, expect, it } from 'vitest';
import { cycloneDxViolations } from '../../test/support/vex-schemas.ts';
import { cycloneDxVex } from './cyclonedx-vex.ts';
import { leftPad, lodash, statement, vulnerability } from './testdata/statements.ts';
import type { VexDocument, VexStatement } from './vex-model.ts';

const doc = (statements: VexStatement[], components: VexDocument['components'] = 'embedded'): VexDocument => ({
  subject: { name: 'shop', version: '1.0', purl: 'pkg:generic/shop@1.0' },
  author: 'ACME PSIRT',
  timestamp: new Date('2026-12-01T00:00:00Z'),
  statements,
  components,
});

interface Bom {
  components?: { 'bom-ref': string }[];
  vulnerabilities: {
    id: string;
    analysis: { state: string; justification?: string; response?: string[] };
    recommendation?: string;
    affects: { ref: string; versions?: { status: string }[] }[];
  }[];
}
const parse = (d: VexDocument): Bom => JSON.parse(cycloneDxVex(d)) as Bom;

describe('CycloneDX VEX', () => {
  const cve = vulnerability('CVE-2099-0001', { aliases: ['GHSA-aaaa-bbbb-cccc'] });

  it.each([
    ['affected with a fix', statement(cve, { status: 'affected', fixVersion: '1.1' }), { state: 'exploitable', response: ['update'] }, 'affected'],
    [
      'not affected',
      statement(cve, { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }),
      { state: 'not_affected', justification: 'code_not_reachable' },
      'unaffected',
    ],
    ['fixed', statement(cve, { status: 'fixed' }), { state: 'resolved' }, 'unaffected'],
    ['under investigation', statement(cve), { state: 'in_triage' }, 'affected'],
    ['under investigation, the match undecided', statement(cve, { components: [{ ...leftPad, undecided: true }] }), { state: 'in_triage' }, 'unknown'],
  ])('%s: analysis and version status', (_name, s, analysis, versionStatus) => {
    const [v] = parse(doc([s])).vulnerabilities;
    expect(v!.analysis).toMatchObject(analysis);
    expect(v!.affects[0]!.versions![0]!.status).toBe(versionStatus);
  });

  it('lists the components it refers to, once, and validates against CycloneDX 1.6', async () => {
    const text = cycloneDxVex(
      doc([
        statement(cve, { status: 'affected' }),
        statement(cve, { status: 'not_affected', components: [lodash, leftPad], justification: 'component_not_present' }),
      ]),
    );
    const bom = JSON.parse(text) as Bom;
    expect(bom.components!.map((c) => c['bom-ref'])).toEqual(['lp', 'lo']);
    expect(bom.vulnerabilities[0]!.recommendation).toBe('No fix is available yet.');
    expect(await cycloneDxViolations(text)).toBeNull();
  });

  it('refers to the subject when a statement names no component', () => {
    const [v] = parse(doc([statement(cve, { status: 'fixed', components: [] })])).vulnerabilities;
    expect(v!.affects).toEqual([{ ref: 'subject' }]);
  });

  it('lists nothing and links into the scanned SBOM when the components are linked', () => {
    const link = 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lp';
    const bom = parse(doc([statement(cve, { components: [{ ...leftPad, ref: link }] })], 'linked'));
    expect(bom.components ?? []).toEqual([]);
    expect(bom.vulnerabilities[0]!.affects[0]!.ref).toBe(link);
  });
});
