import { describe, expect, it } from 'vitest';
import { ageBucket, kpiFigures, percentile, stageOutcome, type CaseClockRow, type Targets } from './kpi-math.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = new Date('2026-11-01T00:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const stages = { acknowledge: 4 * H, triage: 2 * D, plan: 5 * D, fix: 15 * D };
const targets: Targets = { P1: stages, P2: stages, P3: stages, P4: stages };

const row = (over: Partial<CaseClockRow>): CaseClockRow => ({
  teamId: 'web',
  priority: 'P1',
  state: 'new',
  closedAs: null,
  openedAt: T0,
  pausedMs: 0,
  done: {},
  ...over,
});

describe('percentile', () => {
  it.each([
    [[], 0.5, null],
    [[5], 0.9, 5],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[10, 1, 5], 0.5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
  ])('%j at %d is %d', (values, p, expected) => {
    const got = percentile(values, p);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected);
  });
});

describe('stageOutcome', () => {
  it.each<[string, Partial<CaseClockRow>, Date, boolean | null]>([
    ['done within the target', { done: { acknowledge: at(3 * H) } }, at(10 * D), true],
    ['done exactly at the target', { done: { acknowledge: at(4 * H) } }, at(10 * D), true],
    ['done after the target', { done: { acknowledge: at(5 * H) } }, at(10 * D), false],
    ['late, but paused long enough to be on time', { done: { acknowledge: at(5 * H) }, pausedMs: 2 * H }, at(10 * D), true],
    ['not done and past due', {}, at(5 * H), false],
    ['not done and not due yet', {}, at(3 * H), null],
  ])('%s', (_name, over, now, expected) => {
    expect(stageOutcome(row(over), 'acknowledge', targets, now)).toBe(expected);
  });
});

describe('ageBucket', () => {
  it.each([
    [0, '0-7d'],
    [7 * D, '0-7d'],
    [7 * D + 1, '8-30d'],
    [30 * D, '8-30d'],
    [31 * D, '31-90d'],
    [91 * D, '>90d'],
  ])('%d ms old is %s', (age, bucket) => expect(ageBucket(age)).toBe(bucket));
});

describe('kpiFigures', () => {
  const now = at(20 * D);
  const fixed = row({ state: 'fixed', done: { acknowledge: at(2 * H), triage: at(D), plan: at(2 * D), fix: at(10 * D) } });
  const notAffected = row({
    teamId: 'ops',
    priority: 'P2',
    state: 'not_affected',
    done: { acknowledge: at(6 * H), triage: at(3 * D), plan: at(3 * D), fix: at(3 * D) },
  });
  const open = row({ teamId: 'ops', priority: 'P2', state: 'triage', openedAt: at(-40 * D), done: { acknowledge: at(-39 * D) } });

  it('times acknowledging and triaging over every case, remediating over the fixed ones only', () => {
    const f = kpiFigures([fixed, notAffected], [], targets, now);
    expect(f.acknowledge).toEqual({ n: 2, medianHours: 4, p90Hours: 5.6 });
    expect(f.triage).toEqual({ n: 2, medianHours: 48, p90Hours: 67.2 });
    expect(f.remediate).toEqual({ n: 1, medianHours: 240, p90Hours: 240 });
  });

  it('rates each stage overall, per priority and per team', () => {
    const f = kpiFigures([fixed, notAffected], [], targets, now);
    const rate = (stage: string, priority: string | null, team: string | null) =>
      f.onTime.find((o) => o.stage === stage && o.priority === priority && o.team === team);
    expect(rate('acknowledge', null, null)).toEqual({ stage: 'acknowledge', priority: null, team: null, met: 1, missed: 1, rate: 0.5 });
    expect(rate('acknowledge', 'P1', null)).toMatchObject({ met: 1, missed: 0, rate: 1 });
    expect(rate('triage', null, 'ops')).toMatchObject({ met: 0, missed: 1, rate: 0 });
    expect(rate('fix', null, null)).toMatchObject({ met: 2, missed: 0 });
  });

  it('ages open cases only, by priority', () => {
    const young = row({ openedAt: at(19 * D) });
    const f = kpiFigures([], [open, young, fixed], targets, now);
    expect(f.ageing).toEqual([
      { bucket: '0-7d', priority: 'P1', count: 1 },
      { bucket: '31-90d', priority: 'P2', count: 1 },
    ]);
  });
});
