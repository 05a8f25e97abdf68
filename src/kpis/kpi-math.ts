/**
 * PSIRT KPIs from case clocks (FIRST PSIRT Services Framework 2.5, 4.4, 5.4): how long
 * acknowledging, triaging and remediating took, how often each SLA stage was met, and how old the
 * open cases are. Pure: the rows and the SLA targets in, the figures out.
 */
import type { Priority } from '../cases/index.ts';

export const STAGES = ['acknowledge', 'triage', 'plan', 'fix'] as const;
export type Stage = (typeof STAGES)[number];

/** The clock of one case, as stored. */
export interface CaseClockRow {
  teamId: string;
  priority: Priority;
  state: string;
  /** Closed as affected (fixed) or not, for a closed case. */
  closedAs: string | null;
  openedAt: Date;
  /** Paused time so far (waiting on a supplier), which no SLA counts. */
  pausedMs: number;
  done: Partial<Record<Stage, Date>>;
}

/** Targets per priority and stage, in ms. */
export type Targets = Record<Priority, Record<Stage, number>>;

export interface Durations {
  /** Cases the figure is over. */
  n: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface OnTime {
  stage: Stage;
  priority: Priority | null;
  team: string | null;
  met: number;
  missed: number;
  /** met / (met + missed). */
  rate: number;
}

export const AGE_BUCKETS = ['0-7d', '8-30d', '31-90d', '>90d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export interface KpiFigures {
  acknowledge: Durations;
  triage: Durations;
  /** Opened to fixed, for cases remediated as affected. */
  remediate: Durations;
  onTime: OnTime[];
  ageing: { bucket: AgeBucket; priority: Priority; count: number }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN_STATES = new Set(['new', 'triage', 'affected', 'fix_planned']);

/** Linear interpolation between closest ranks (as Postgres' percentile_cont). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

const round = (h: number | null): number | null => (h === null ? null : Math.round(h * 100) / 100);

function durations(ms: number[]): Durations {
  const hours = ms.map((m) => m / HOUR);
  return { n: hours.length, medianHours: round(percentile(hours, 0.5)), p90Hours: round(percentile(hours, 0.9)) };
}

/** Working time from opening to `at`: paused time is not the team's. */
const elapsed = (c: CaseClockRow, at: Date): number => Math.max(0, at.getTime() - c.openedAt.getTime() - c.pausedMs);

/** Whether `stage` was met (true), missed (false) or cannot be told yet (null: not done, not due). */
export function stageOutcome(c: CaseClockRow, stage: Stage, targets: Targets, now: Date): boolean | null {
  const target = targets[c.priority][stage];
  const done = c.done[stage];
  if (done) return elapsed(c, done) <= target;
  return elapsed(c, now) > target ? false : null;
}

const remediated = (c: CaseClockRow): boolean => c.state === 'fixed' || (c.state === 'closed' && c.closedAs === 'affected');

export function ageBucket(ageMs: number): AgeBucket {
  const days = ageMs / DAY;
  return days <= 7 ? '0-7d' : days <= 30 ? '8-30d' : days <= 90 ? '31-90d' : '>90d';
}

/**
 * The figures over `window` (cases opened in it) and the ageing of `open` (every open case now).
 * On-time rates come per stage, per stage and priority, and per stage and team.
 */
export function kpiFigures(window: readonly CaseClockRow[], open: readonly CaseClockRow[], targets: Targets, now: Date): KpiFigures {
  const took = (stage: Stage, rows: readonly CaseClockRow[]): number[] => rows.flatMap((c) => (c.done[stage] ? [elapsed(c, c.done[stage])] : []));
  const tallies = new Map<string, OnTime>();
  const tally = (stage: Stage, priority: Priority | null, team: string | null, met: boolean): void => {
    const key = `${stage}|${priority ?? ''}|${team ?? ''}`;
    const t = tallies.get(key) ?? { stage, priority, team, met: 0, missed: 0, rate: 0 };
    if (met) t.met++;
    else t.missed++;
    tallies.set(key, t);
  };
  for (const c of window) {
    for (const stage of STAGES) {
      const met = stageOutcome(c, stage, targets, now);
      if (met === null) continue;
      tally(stage, null, null, met);
      tally(stage, c.priority, null, met);
      tally(stage, null, c.teamId, met);
    }
  }
  const onTime = [...tallies.values()].map((t) => ({ ...t, rate: Math.round((t.met / (t.met + t.missed)) * 1000) / 1000 }));
  const ageing = new Map<string, { bucket: AgeBucket; priority: Priority; count: number }>();
  for (const c of open) {
    if (!OPEN_STATES.has(c.state)) continue;
    const bucket = ageBucket(now.getTime() - c.openedAt.getTime());
    const key = `${bucket}|${c.priority}`;
    const a = ageing.get(key) ?? { bucket, priority: c.priority, count: 0 };
    a.count++;
    ageing.set(key, a);
  }
  return {
    acknowledge: durations(took('acknowledge', window)),
    triage: durations(took('triage', window)),
    remediate: durations(took('fix', window.filter(remediated))),
    onTime,
    ageing: [...ageing.values()].sort((a, b) => AGE_BUCKETS.indexOf(a.bucket) - AGE_BUCKETS.indexOf(b.bucket) || a.priority.localeCompare(b.priority)),
  };
}
