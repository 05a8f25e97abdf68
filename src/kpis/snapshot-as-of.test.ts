import { describe, expect, it } from 'vitest';
import type { Policy } from '../cases/index.ts';
import { caseAt, dailySnapshots, snapshotsAt, type CaseAt, type CaseChange, type CaseHistory, type KpiSnapshot } from './snapshot-as-of.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = new Date('2026-11-01T09:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const stages = { acknowledge: 1 * D, triage: 3 * D, plan: 10 * D, fix: 30 * D };
const sla: Pick<Policy, 'sla' | 'nearBreachAt'> = { sla: { P1: stages, P2: stages, P3: stages, P4: stages }, nearBreachAt: 0.75 };

const change = (ms: number, action: string, details: Record<string, unknown> = {}): CaseChange => ({ at: at(ms), action, details });
const opened = change(0, 'opened', { priority: 'P2', state: 'new' });
const moved = (ms: number, from: string, to: string): CaseChange => change(ms, 'transition', { from, to });

const history = (over: Partial<CaseHistory>): CaseHistory => ({
  teamId: 'web',
  openedAt: T0,
  state: 'new',
  priority: 'P2',
  changes: [opened],
  kevAdded: null,
  findings: [],
  ...over,
});

// Triaged after 2 h, affected on day 2, paused on day 3 for 4 days, fixed on day 9, closed on day 10; raised to P1 on day 1.
const worked = history({
  state: 'closed',
  priority: 'P1',
  changes: [
    opened,
    moved(2 * H, 'new', 'triage'),
    change(1 * D, 'priority-changed', { from: 'P2', to: 'P1' }),
    moved(2 * D, 'triage', 'affected'),
    change(3 * D, 'sla-paused', { reason: 'waiting on the supplier' }),
    change(7 * D, 'sla-resumed', { pausedMs: 4 * D }),
    moved(9 * D, 'affected', 'fixed'),
    moved(10 * D, 'fixed', 'closed'),
  ],
});

describe('caseAt', () => {
  it.each<[string, CaseHistory, number, Partial<CaseAt> | undefined]>([
    ['not yet opened', worked, -1, undefined],
    ['as opened', worked, 1 * H, { state: 'new', priority: 'P2', clock: { openedAt: T0, pausedMs: 0, pausedSince: null, done: {} } }],
    ['acknowledged', worked, 3 * H, { state: 'triage', priority: 'P2' }],
    ['re-prioritised', worked, 1 * D, { state: 'triage', priority: 'P1' }],
    [
      'paused',
      worked,
      5 * D,
      { state: 'affected', clock: { openedAt: T0, pausedMs: 0, pausedSince: at(3 * D), done: { acknowledge: at(2 * H), triage: at(2 * D) } } },
    ],
    [
      'resumed',
      worked,
      8 * D,
      { state: 'affected', clock: { openedAt: T0, pausedMs: 4 * D, pausedSince: null, done: { acknowledge: at(2 * H), triage: at(2 * D) } } },
    ],
    ['closed, as the row is now', worked, 30 * D, { state: 'closed', priority: 'P1' }],
    [
      'a trail with no opening entry starts where its first change left',
      history({ state: 'triage', changes: [moved(D, 'new', 'triage')] }),
      H,
      { state: 'new' },
    ],
    ['a case no one touched is as its row', history({ state: 'affected', priority: 'P3', changes: [] }), D, { state: 'affected', priority: 'P3' }],
    [
      'opened under a decision: every stage done from the start',
      history({ state: 'not_affected', changes: [change(0, 'opened', { priority: 'P2', state: 'not_affected' })] }),
      D,
      { state: 'not_affected', clock: { openedAt: T0, pausedMs: 0, pausedSince: null, done: { acknowledge: T0, triage: T0, plan: T0, fix: T0 } } },
    ],
    [
      'reopened to triage: the stages after acknowledging run again',
      history({
        state: 'triage',
        changes: [opened, moved(H, 'new', 'triage'), moved(2 * H, 'triage', 'affected'), moved(3 * D, 'affected', 'fixed'), moved(5 * D, 'fixed', 'triage')],
      }),
      6 * D,
      { state: 'triage', clock: { openedAt: T0, pausedMs: 0, pausedSince: null, done: { acknowledge: at(H) } } },
    ],
  ])('%s', (_name, c, ms, expected) => {
    const got = caseAt(c, at(ms));
    if (expected === undefined) expect(got).toBeUndefined();
    else expect(got).toEqual(expect.objectContaining(expected));
  });
});

const snapshot = (over: Partial<KpiSnapshot>): KpiSnapshot => ({
  openByPriority: {},
  openBySla: {},
  opened: 0,
  closed: 0,
  exposedVersions: 0,
  kevCases: 0,
  ...over,
});

describe('snapshotsAt', () => {
  const teams = new Map([
    ['web', T0],
    ['ops', at(-30 * D)],
    ['later', at(40 * D)],
  ]);
  const kev = history({
    teamId: 'ops',
    openedAt: at(-2 * D),
    changes: [],
    kevAdded: '2026-10-31',
    findings: [{ productVersionId: 'v1', from: at(-2 * D), until: null }],
  });
  const exposing = history({
    findings: [
      { productVersionId: 'v1', from: T0, until: null },
      { productVersionId: 'v2', from: at(5 * D), until: null },
      { productVersionId: 'v3', from: T0, until: at(2 * D) },
    ],
  });
  it.each<[string, CaseHistory[], string, number, Record<string, KpiSnapshot>]>([
    ['a team with no cases yet has no day; one whose cases opened earlier has its zeros', [], '2026-11-01', 12 * H, { web: snapshot({}), ops: snapshot({}) }],
    [
      'opened that day, acknowledged within the hour',
      [worked],
      '2026-11-01',
      3 * H,
      { web: snapshot({ opened: 1, openByPriority: { P2: 1 }, openBySla: { 'on-track': 1 } }), ops: snapshot({}) },
    ],
    // 3 d triage target: 2 d 6 h is past 75 % of it.
    [
      'near breach of triage',
      [history({ changes: [opened, moved(H, 'new', 'triage')] })],
      '2026-11-03',
      2 * D + 6 * H,
      { web: snapshot({ openByPriority: { P2: 1 }, openBySla: { 'near-breach': 1 } }), ops: snapshot({}) },
    ],
    [
      'breached once the target has passed',
      [history({})],
      '2026-11-02',
      1 * D + H,
      { web: snapshot({ openByPriority: { P2: 1 }, openBySla: { breached: 1 } }), ops: snapshot({}) },
    ],
    // Paused from day 3 to day 7: at day 8 the plan stage (10 d) has run 4 d, not 8.
    [
      'paused time does not count',
      [worked],
      '2026-11-09',
      8 * D,
      { web: snapshot({ openByPriority: { P1: 1 }, openBySla: { 'on-track': 1 } }), ops: snapshot({}) },
    ],
    ['closed that day', [worked], '2026-11-11', 10 * D + H, { web: snapshot({ closed: 1 }), ops: snapshot({}) }],
    ['closed days before: nothing open', [worked], '2026-11-21', 20 * D, { web: snapshot({}), ops: snapshot({}) }],
    [
      'KEV listed before the day',
      [kev],
      '2026-11-01',
      H,
      { web: snapshot({}), ops: snapshot({ openByPriority: { P2: 1 }, openBySla: { breached: 1 }, kevCases: 1, exposedVersions: 1 }) },
    ],
    [
      'KEV listed after the day does not count yet',
      [{ ...kev, kevAdded: '2026-11-02' }],
      '2026-11-01',
      H,
      { web: snapshot({}), ops: snapshot({ openByPriority: { P2: 1 }, openBySla: { breached: 1 }, exposedVersions: 1 }) },
    ],
    [
      'exposed: findings seen and not yet retracted',
      [exposing],
      '2026-11-02',
      D,
      { web: snapshot({ openByPriority: { P2: 1 }, openBySla: { 'near-breach': 1 }, exposedVersions: 2 }), ops: snapshot({}) },
    ],
    [
      'exposed: one retracted, one seen later',
      [exposing],
      '2026-11-06',
      5 * D,
      { web: snapshot({ openByPriority: { P2: 1 }, openBySla: { breached: 1 }, exposedVersions: 2 }), ops: snapshot({}) },
    ],
    [
      'a version exposed by two cases counts once',
      [exposing, { ...exposing, priority: 'P3', changes: [] }],
      '2026-11-01',
      H,
      { web: snapshot({ opened: 2, openByPriority: { P2: 1, P3: 1 }, openBySla: { 'on-track': 2 }, exposedVersions: 2 }), ops: snapshot({}) },
    ],
  ])('%s', (_name, cases, day, ms, expected) => {
    expect(Object.fromEntries(snapshotsAt({ teams, cases }, day, at(ms), sla))).toEqual(expected);
  });
});

describe('dailySnapshots', () => {
  it('gives each day the team has cases, through today: past days as they ended, today as it stands now', () => {
    const rows = dailySnapshots({ teams: new Map([['web', T0]]), cases: [worked] }, '2026-10-31', at(10 * D + H), sla);
    const open = (r: KpiSnapshot): number => Object.values(r.openByPriority).reduce((a, b) => a + b, 0);
    expect(rows.map((r) => [r.day, r.data.opened, r.data.closed, open(r.data)])).toEqual([
      ['2026-11-01', 1, 0, 1],
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((d) => [`2026-11-0${d}`, 0, 0, 1]),
      // Fixed on 2026-11-10, closed on the 11th.
      ['2026-11-10', 0, 0, 0],
      ['2026-11-11', 0, 1, 0],
    ]);
  });
});
