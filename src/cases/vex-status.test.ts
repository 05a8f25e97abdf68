import { describe, expect, it } from 'vitest';
import { leftPad, lodash, vulnerability } from '../vex/testdata/statements.ts';
import { containsFix, justificationOf, stanceOf, versionStatements, type CaseDecision, type ExportFinding } from './vex-status.ts';

const decided = (over: Partial<CaseDecision>): CaseDecision => ({ state: 'new', closedAs: null, justification: null, fixVersion: null, until: null, ...over });
const until = new Date('2027-03-31T00:00:00Z');

describe('the VEX status of a finding in shop 1.0', () => {
  it.each([
    ['no case (below the policy threshold)', null, { status: 'under_investigation' }],
    ['a new case', decided({ state: 'new' }), { status: 'under_investigation' }],
    ['a case in triage', decided({ state: 'triage' }), { status: 'under_investigation' }],
    ['affected', decided({ state: 'affected' }), { status: 'affected', action: null, fixVersion: null }],
    [
      'not affected, with the justification recorded on the case',
      decided({ state: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }),
      { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact: null },
    ],
    ['fixed in 1.0 itself', decided({ state: 'fixed', fixVersion: '1.0' }), { status: 'fixed', fixVersion: '1.0' }],
    ['fixed in 0.9: 1.0 is past the fix', decided({ state: 'fixed', fixVersion: '0.9' }), { status: 'fixed' }],
    [
      'fixed in 1.1: 1.0 is before the fix, affected with the upgrade',
      decided({ state: 'fixed', fixVersion: '1.1' }),
      { status: 'affected', fixVersion: '1.1' },
    ],
    [
      'a fix planned: affected, the plan as the action and no fix version yet',
      decided({ state: 'fix_planned', fixVersion: '1.1', until }),
      { status: 'affected', fixVersion: null, action: 'A fix is planned in shop 1.1 by 2027-03-31.' },
    ],
    [
      'risk accepted: affected, no fix planned',
      decided({ state: 'risk_accepted', until }),
      { status: 'affected', action: 'No fix is planned: the risk is accepted until 2027-03-31.' },
    ],
    ['closed after fixed in 1.0', decided({ state: 'closed', closedAs: 'affected', fixVersion: '1.0' }), { status: 'fixed' }],
    [
      'closed after not affected',
      decided({ state: 'closed', closedAs: 'not_affected', justification: 'component_not_present' }),
      { status: 'not_affected', justification: 'component_not_present' },
    ],
  ])('%s', (_name, c, expected) => {
    expect(stanceOf('shop', '1.0', null, c)).toMatchObject(expected);
  });

  it('an imported VEX statement wins over the case: not_affected with its justification', () => {
    const stance = stanceOf(
      'shop',
      '1.0',
      { justification: 'code_not_reachable', impact: 'only in the test harness', format: 'cyclonedx' },
      decided({ state: 'affected' }),
    );
    expect(stance).toMatchObject({ status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact: 'only in the test harness' });
  });

  it('a not_affected decision made on a case (a scoped one reaching this version) says so, not "VEX statement"', () => {
    const stance = stanceOf('shop', '1.0', { justification: 'component_not_present', impact: null, format: 'case' }, null);
    expect(stance).toMatchObject({ status: 'not_affected', justification: 'component_not_present', detail: 'decided not affected' });
  });
});

describe('justifications as recorded', () => {
  it.each([
    ['an OpenVEX / CSAF label', 'inline_mitigations_already_exist', { justification: 'inline_mitigations_already_exist', impact: null }],
    ['a CycloneDX label', 'requires_dependency', { justification: 'component_not_present', impact: null }],
    ['free text (a CSAF impact statement)', 'the feature is compiled out', { justification: null, impact: 'the feature is compiled out' }],
    ['nothing', null, { justification: null, impact: null }],
  ])('%s', (_name, text, expected) => {
    expect(justificationOf(text)).toEqual(expected);
  });
});

describe('whether a product version contains the fix', () => {
  it.each([
    ['2.0', '2.0', true],
    ['2.10', '2.9', true],
    ['2.9', '2.10', false],
    ['nightly', '2.0', false],
  ])('%s against fix %s', (version, fix, expected) => {
    expect(containsFix(version, fix)).toBe(expected);
  });
});

describe('the statements of a product version', () => {
  const cve = vulnerability('CVE-2099-0001');
  const ghsa = vulnerability('GHSA-aaaa-bbbb-cccc');
  const finding = (id: string, component = leftPad, over: Partial<ExportFinding> = {}): ExportFinding => ({
    vulnerabilityId: id,
    version: '1.0',
    component,
    outcome: 'affected',
    suppression: null,
    ...over,
  });
  const vulns = new Map([
    [cve.id, cve],
    [ghsa.id, ghsa],
  ]);

  it('groups the components of one vulnerability by their stance', () => {
    const statements = versionStatements(
      'shop',
      '1.0',
      [finding(cve.id), finding(cve.id, lodash, { suppression: { justification: 'vulnerable_code_not_present', impact: null, format: 'openvex' } })],
      new Map([[cve.id, decided({ state: 'affected' })]]),
      vulns,
    );
    expect(statements.map((s) => [s.status, s.components.map((c) => c.name)])).toEqual([
      ['affected', ['left-pad']],
      ['not_affected', ['lodash']],
    ]);
  });

  it('marks a component the match could not decide', () => {
    const [s] = versionStatements('shop', '1.0', [finding(cve.id, leftPad, { outcome: 'undecidable' })], new Map(), vulns);
    expect(s!.components[0]!.undecided).toBe(true);
  });

  it('states fixed, about the version as a whole, for a case fixed in it whose findings are gone', () => {
    const statements = versionStatements('shop', '2.0', [], new Map([[ghsa.id, decided({ state: 'fixed', fixVersion: '2.0' })]]), vulns);
    expect(statements).toMatchObject([{ vulnerability: { id: ghsa.id }, status: 'fixed', components: [] }]);
    expect(versionStatements('shop', '1.5', [], new Map([[ghsa.id, decided({ state: 'fixed', fixVersion: '2.0' })]]), vulns)).toEqual([]);
  });
});
