import { describe, expect, it } from 'vitest';
import { checkCaseId, coordinationInput, disclosureWarning, embargoEnds, toCoordination, type Coordination, type Coordinator } from './disclosure.ts';
import type { CaseState } from './workflow.ts';

describe('checkCaseId', () => {
  it.each<[Coordinator, string, boolean]>([
    ['jpcert', 'JVNVU#12345678', true],
    ['jpcert', 'JVN#12345678', true],
    ['jpcert', 'JVNTA#12345678', true],
    ['jpcert', 'JVNVU#1234567', false], // seven digits
    ['jpcert', 'jvnvu#12345678', false],
    ['jpcert', 'VU#123456', false], // a CERT/CC id given for JPCERT/CC
    ['certcc', 'VU#123456', true],
    ['certcc', 'VU#12345', false],
    ['certcc', 'JVNVU#12345678', false],
    ['other', 'ICSA-26-001-01', true],
    ['other', ' padded', false],
    ['other', '', false],
  ])('%s %s: %s', (coordinator, id, ok) => {
    expect(checkCaseId(coordinator, id).ok).toBe(ok);
  });
});

describe('coordinationInput', () => {
  it.each<[string, object, string[] | null]>([
    ['a JPCERT/CC case', { coordinator: 'jpcert', caseId: 'JVNVU#12345678', notifiedAt: '2026-12-01T00:00:00Z' }, null],
    ['no case id yet', { coordinator: 'certcc', notifiedAt: '2026-12-01T00:00:00Z' }, null],
    ['a malformed case id', { coordinator: 'certcc', caseId: 'VU#1', notifiedAt: '2026-12-01T00:00:00Z' }, ['caseId']],
    ['disclosure before notification', { coordinator: 'other', notifiedAt: '2026-12-01T00:00:00Z', disclosureAt: '2026-11-01T00:00:00Z' }, ['disclosureAt']],
    ['an unknown coordinator', { coordinator: 'nisc', notifiedAt: '2026-12-01T00:00:00Z' }, ['coordinator']],
    ['no notification date', { coordinator: 'jpcert' }, ['notifiedAt']],
  ])('%s', (_name, input, paths) => {
    const r = coordinationInput.safeParse(input);
    if (paths === null) expect(r.success).toBe(true);
    else expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(paths);
  });
});

describe('toCoordination', () => {
  it.each<[string, string | undefined, string]>([
    ['defaults to notified + 45 days', undefined, '2027-01-15T09:00:00.000Z'],
    ['keeps an agreed date', '2027-03-01T00:00:00+09:00', '2027-02-28T15:00:00.000Z'],
  ])('%s', (_name, disclosureAt, expected) => {
    const c = toCoordination({ coordinator: 'jpcert', notifiedAt: '2026-12-01T09:00:00Z', ...(disclosureAt ? { disclosureAt } : {}) });
    expect(c.disclosureAt).toBe(expected);
    expect(c.caseId).toBeNull();
  });
});

const coordination: Coordination = {
  coordinator: 'jpcert',
  caseId: 'JVNVU#12345678',
  notifiedAt: '2026-12-01T00:00:00.000Z',
  disclosureAt: '2027-01-15T00:00:00.000Z',
};

describe('disclosureWarning', () => {
  it.each<[string, CaseState, string, RegExp | null]>([
    ['four days before, in triage', 'triage', '2027-01-11T00:00:00Z', null],
    ['three days before, in triage', 'triage', '2027-01-12T00:00:00Z', /in 3 day\(s\), and the fix is not ready \(triage\)/],
    ['two days before, fix planned', 'fix_planned', '2027-01-13T00:00:00Z', /2027-01-15, in 2 day\(s\)/],
    ['two days before, fixed', 'fixed', '2027-01-13T00:00:00Z', null],
    ['two days before, not affected', 'not_affected', '2027-01-13T00:00:00Z', null],
    ['two days before, risk accepted', 'risk_accepted', '2027-01-13T00:00:00Z', /not ready \(risk_accepted\)/],
    ['past the date, affected', 'affected', '2027-01-16T00:00:00Z', /was due on 2027-01-15/],
    ['past the date, closed', 'closed', '2027-01-16T00:00:00Z', null],
  ])('%s', (_name, state, now, expected) => {
    const w = disclosureWarning(coordination, state, new Date(now));
    if (expected === null) expect(w).toBeNull();
    else expect(w).toMatchObject({ code: 'FIX_NOT_READY', message: expect.stringMatching(expected), disclosureAt: coordination.disclosureAt });
  });

  it('has nothing to say without coordination', () => {
    expect(disclosureWarning(null, 'new', new Date('2030-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('embargoEnds', () => {
  it.each<[boolean, Coordination | null, string, boolean]>([
    [true, coordination, '2027-01-14T23:59:59Z', false],
    [true, coordination, '2027-01-15T00:00:00Z', true],
    [false, coordination, '2027-02-01T00:00:00Z', false],
    // No disclosure date: the embargo lasts until lifted by hand.
    [true, null, '2030-01-01T00:00:00Z', false],
  ])('embargoed %s, %o, at %s: %s', (embargoed, c, now, ends) => {
    expect(embargoEnds(embargoed, c, new Date(now))).toBe(ends);
  });
});
