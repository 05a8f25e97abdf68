/**
 * The case workflow: states, who may move a case between them, what each move must say, the
 * SLA stages each state completes, and the JVN vendor status a state reports. One table, read
 * by the API, the README and the tests.
 */
import type { Justification } from '../vex/index.ts';
export const CASE_STATES = ['new', 'triage', 'affected', 'not_affected', 'fix_planned', 'fixed', 'risk_accepted', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Who acts: a token's role, or Kanshi itself (evidence arrived, findings retracted, a decision expired). */
export type Actor = 'member' | 'psirt' | 'admin' | 'system';

/** OpenVEX / CSAF justifications of `not_affected`: the VEX documents' own labels. */
export { JUSTIFICATIONS, type Justification } from '../vex/index.ts';

type Field = 'reason' | 'justification' | 'fixVersion' | 'until';

interface Move {
  from: readonly CaseState[];
  to: CaseState;
  by: readonly Actor[];
  requires: readonly Field[];
}

const PEOPLE: readonly Actor[] = ['member', 'psirt', 'admin'];
const PSIRT: readonly Actor[] = ['psirt', 'admin'];
const OPEN: readonly CaseState[] = ['new', 'triage', 'affected', 'fix_planned'];

export const TRANSITIONS: readonly Move[] = [
  { from: ['new'], to: 'triage', by: PEOPLE, requires: [] },
  { from: ['triage'], to: 'affected', by: PEOPLE, requires: [] },
  { from: ['triage', 'affected'], to: 'not_affected', by: PEOPLE, requires: ['justification'] },
  { from: ['affected'], to: 'fix_planned', by: PEOPLE, requires: ['fixVersion', 'until'] },
  { from: ['affected', 'fix_planned'], to: 'fixed', by: PEOPLE, requires: ['fixVersion'] },
  { from: ['triage', 'affected', 'fix_planned'], to: 'risk_accepted', by: PSIRT, requires: ['reason', 'until'] },
  { from: ['fixed', 'not_affected'], to: 'closed', by: PEOPLE, requires: [] },
  // Every finding retracted: closed by Kanshi, with the reason.
  { from: [...OPEN, 'fixed', 'not_affected', 'risk_accepted'], to: 'closed', by: ['system'], requires: ['reason'] },
  // A decision that carries over covers every finding of the case: Kanshi gives it the decided state.
  { from: [...OPEN, 'not_affected', 'risk_accepted'], to: 'not_affected', by: ['system'], requires: ['justification'] },
  { from: [...OPEN, 'not_affected', 'risk_accepted'], to: 'risk_accepted', by: ['system'], requires: ['reason', 'until'] },
  // New evidence, an expired risk acceptance or decision, or a person reopening.
  { from: ['closed', 'not_affected', 'risk_accepted', 'fixed'], to: 'triage', by: ['system', ...PSIRT], requires: ['reason'] },
];

export interface TransitionRequest {
  to: CaseState;
  reason?: string | undefined;
  justification?: Justification | undefined;
  fixVersion?: string | undefined;
  until?: Date | undefined;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'INVALID_TRANSITION'; allowed: CaseState[] }
  | { ok: false; code: 'FORBIDDEN'; message: string }
  | { ok: false; code: 'MISSING_FIELD'; field: Field };

/** States a case in `from` may move to, by anyone. */
export const allowedFrom = (from: CaseState): CaseState[] => [...new Set(TRANSITIONS.filter((m) => m.from.includes(from)).map((m) => m.to))];

/** Whether `actor` may move a case from `from` as asked, and what is missing if not. */
export function checkTransition(from: CaseState, request: TransitionRequest, actor: Actor): TransitionCheck {
  const moves = TRANSITIONS.filter((m) => m.from.includes(from) && m.to === request.to);
  if (moves.length === 0) return { ok: false, code: 'INVALID_TRANSITION', allowed: allowedFrom(from) };
  const move = moves.find((m) => m.by.includes(actor));
  if (!move)
    return { ok: false, code: 'FORBIDDEN', message: `moving a case from ${from} to ${request.to} needs one of ${moves.flatMap((m) => m.by).join(', ')}` };
  const missing = move.requires.find((f) => request[f] === undefined || request[f] === '');
  return missing === undefined ? { ok: true } : { ok: false, code: 'MISSING_FIELD', field: missing };
}

/**
 * Whether `actor` may make a decision with `status` (it puts cases in that state): whoever may
 * move an open case there by hand.
 */
export const mayDecide = (status: 'not_affected' | 'risk_accepted', actor: Actor): boolean =>
  TRANSITIONS.some((m) => m.to === status && m.by.includes(actor) && m.from.some((f) => (OPEN as readonly string[]).includes(f)));

/** Whether the case still asks for work (its SLA clocks run). */
export const isOpen = (s: CaseState): boolean => (OPEN as readonly string[]).includes(s);

export const SLA_STAGES = ['acknowledge', 'triage', 'plan', 'fix'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/** The SLA stages a case has completed once it is in `state`. */
export function stagesDoneIn(state: CaseState): SlaStage[] {
  switch (state) {
    case 'new':
      return [];
    case 'triage':
      return ['acknowledge'];
    case 'affected':
      return ['acknowledge', 'triage'];
    case 'fix_planned':
      return ['acknowledge', 'triage', 'plan'];
    case 'not_affected':
    case 'fixed':
    case 'risk_accepted':
    case 'closed':
      return [...SLA_STAGES];
  }
}

/**
 * The SLA stages done once a case moves to `to` at `at`: those `to` completes, each kept from when
 * it was first done; back in triage, the stages after acknowledging run again.
 */
export function doneAfterMove(done: Partial<Record<SlaStage, Date>>, to: CaseState, at: Date): Partial<Record<SlaStage, Date>> {
  const next = { ...done };
  for (const stage of stagesDoneIn(to)) next[stage] ??= at;
  if (to === 'triage') for (const stage of ['triage', 'plan', 'fix'] as const) delete next[stage];
  return next;
}

/** JVN vendor status values (JPCERT/CC guideline 6-2, 6-4). */
export const JVN_STATUSES = ['該当製品あり', '該当製品あり：調査中', '該当製品なし', '該当製品なし：調査中'] as const;
export type JvnStatus = (typeof JVN_STATUSES)[number];

/**
 * The JVN vendor status a case reports. A matched component version means the product ships
 * the vulnerable code until triage says otherwise, so an untriaged case is "affected, still
 * investigating". A closed case reports what it was closed as.
 */
export function jvnStatus(state: CaseState, closedAs: 'affected' | 'not_affected' | null): JvnStatus {
  switch (state) {
    case 'new':
    case 'triage':
      return '該当製品あり：調査中';
    case 'affected':
    case 'fix_planned':
    case 'fixed':
    case 'risk_accepted':
      return '該当製品あり';
    case 'not_affected':
      return '該当製品なし';
    case 'closed':
      return closedAs === 'affected' ? '該当製品あり' : '該当製品なし';
  }
}
