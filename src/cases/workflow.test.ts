import { describe, expect, it } from 'vitest';
import {
  allowedFrom,
  checkTransition,
  doneAfterMove,
  jvnStatus,
  mayDecide,
  stagesDoneIn,
  type Actor,
  type CaseState,
  type TransitionRequest,
} from './workflow.ts';

const until = new Date('2027-01-01T00:00:00Z');

describe('checkTransition', () => {
  it.each<[CaseState, TransitionRequest, Actor, ReturnType<typeof checkTransition>]>([
    ['new', { to: 'triage' }, 'member', { ok: true }],
    ['triage', { to: 'affected' }, 'member', { ok: true }],
    ['triage', { to: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }, 'member', { ok: true }],
    ['triage', { to: 'not_affected' }, 'member', { ok: false, code: 'MISSING_FIELD', field: 'justification' }],
    ['affected', { to: 'fix_planned', fixVersion: '3.2.1', until }, 'member', { ok: true }],
    ['affected', { to: 'fix_planned', fixVersion: '3.2.1' }, 'member', { ok: false, code: 'MISSING_FIELD', field: 'until' }],
    ['fix_planned', { to: 'fixed', fixVersion: '3.2.1' }, 'member', { ok: true }],
    ['fixed', { to: 'closed' }, 'member', { ok: true }],
    ['affected', { to: 'risk_accepted', reason: 'not reachable in our deployment', until }, 'psirt', { ok: true }],
    [
      'affected',
      { to: 'risk_accepted', reason: 'x', until },
      'member',
      { ok: false, code: 'FORBIDDEN', message: 'moving a case from affected to risk_accepted needs one of psirt, admin, system' },
    ],
    ['risk_accepted', { to: 'triage', reason: 'acceptance expired' }, 'system', { ok: true }],
    // A decision covering every finding: Kanshi moves the case, from any open state.
    ['new', { to: 'not_affected', justification: 'component_not_present', reason: 'inherited from decision d1' }, 'system', { ok: true }],
    [
      'new',
      { to: 'not_affected', justification: 'component_not_present' },
      'member',
      { ok: false, code: 'FORBIDDEN', message: 'moving a case from new to not_affected needs one of system' },
    ],
    ['fix_planned', { to: 'risk_accepted', reason: 'inherited from decision d2', until }, 'system', { ok: true }],
    ['not_affected', { to: 'risk_accepted', reason: 'inherited from decision d3', until }, 'system', { ok: true }],
    [
      'fixed',
      { to: 'not_affected', justification: 'component_not_present' },
      'system',
      { ok: false, code: 'INVALID_TRANSITION', allowed: ['closed', 'triage'] },
    ],
    ['closed', { to: 'triage', reason: 'version 4.0 is affected' }, 'system', { ok: true }],
    [
      'closed',
      { to: 'triage', reason: 'reopened' },
      'member',
      { ok: false, code: 'FORBIDDEN', message: 'moving a case from closed to triage needs one of system, psirt, admin' },
    ],
    ['new', { to: 'closed', reason: 'every finding retracted: advisory-withdrawn' }, 'system', { ok: true }],
    ['new', { to: 'closed' }, 'member', { ok: false, code: 'FORBIDDEN', message: 'moving a case from new to closed needs one of system' }],
    [
      'new',
      { to: 'fixed', fixVersion: '1' },
      'admin',
      { ok: false, code: 'INVALID_TRANSITION', allowed: ['triage', 'closed', 'not_affected', 'risk_accepted'] },
    ],
  ])('%s → %j by %s', (from, request, actor, expected) => {
    expect(checkTransition(from, request, actor)).toEqual(expected);
  });

  it('lists what a state may become', () => {
    expect(allowedFrom('affected').sort()).toEqual(['closed', 'fix_planned', 'fixed', 'not_affected', 'risk_accepted']);
  });
});

describe('SLA stages and JVN vendor status per state', () => {
  it.each<[CaseState, 'affected' | 'not_affected' | null, string[], string]>([
    ['new', null, [], '該当製品あり：調査中'],
    ['triage', null, ['acknowledge'], '該当製品あり：調査中'],
    ['affected', null, ['acknowledge', 'triage'], '該当製品あり'],
    ['fix_planned', null, ['acknowledge', 'triage', 'plan'], '該当製品あり'],
    ['fixed', null, ['acknowledge', 'triage', 'plan', 'fix'], '該当製品あり'],
    ['risk_accepted', null, ['acknowledge', 'triage', 'plan', 'fix'], '該当製品あり'],
    ['not_affected', null, ['acknowledge', 'triage', 'plan', 'fix'], '該当製品なし'],
    ['closed', 'affected', ['acknowledge', 'triage', 'plan', 'fix'], '該当製品あり'],
    ['closed', 'not_affected', ['acknowledge', 'triage', 'plan', 'fix'], '該当製品なし'],
  ])('%s (closed as %s): stages %j done, JVN %s', (state, closedAs, stages, jvn) => {
    expect(stagesDoneIn(state)).toEqual(stages);
    expect(jvnStatus(state, closedAs)).toBe(jvn);
  });
});

describe('doneAfterMove', () => {
  const t1 = new Date('2026-11-01T00:00:00Z');
  const t2 = new Date('2026-11-05T00:00:00Z');
  it.each<[string, Partial<Record<string, Date>>, CaseState, Partial<Record<string, Date>>]>([
    ['acknowledged on entering triage', {}, 'triage', { acknowledge: t2 }],
    ['stages already done keep their first time', { acknowledge: t1 }, 'fix_planned', { acknowledge: t1, triage: t2, plan: t2 }],
    ['a decision completes every stage', {}, 'not_affected', { acknowledge: t2, triage: t2, plan: t2, fix: t2 }],
    ['back in triage the later stages run again', { acknowledge: t1, triage: t1, plan: t1, fix: t1 }, 'triage', { acknowledge: t1 }],
    ['new completes nothing', { acknowledge: t1 }, 'new', { acknowledge: t1 }],
  ])('%s', (_name, done, to, expected) => {
    expect(doneAfterMove(done, to, t2)).toEqual(expected);
  });
});

describe('mayDecide', () => {
  it.each<['not_affected' | 'risk_accepted', Actor, boolean]>([
    ['not_affected', 'member', true],
    ['not_affected', 'psirt', true],
    ['risk_accepted', 'member', false],
    ['risk_accepted', 'psirt', true],
    ['risk_accepted', 'admin', true],
  ])('%s by %s: %s', (status, actor, may) => {
    expect(mayDecide(status, actor)).toBe(may);
  });
});
