import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/index.ts';
import type { Policy } from '../cases/index.ts';
import { kpiFigures, type KpiFigures } from './kpi-math.ts';
import { caseHistories, clocksOpenedIn, openCaseBreakdowns, openClocks, snapshotsSince, writeSnapshots, type Breakdowns, type KpiScope } from './kpis.repo.ts';
import { dailySnapshots, isoDay, type KpiSnapshot } from './snapshot-as-of.ts';

export interface KpiReport extends KpiFigures {
  window: { from: string; to: string };
  counts: Breakdowns;
}

export interface TrendDay extends KpiSnapshot {
  day: string;
}

const DAY = 86_400_000;

/** Sums the teams' snapshots of each day. */
export function sumByDay(rows: readonly { day: string; data: KpiSnapshot }[]): TrendDay[] {
  const days = new Map<string, TrendDay>();
  const add = (into: Record<string, number>, from: Record<string, number>): void => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  for (const { day, data } of rows) {
    const d = days.get(day) ?? { day, openByPriority: {}, openBySla: {}, opened: 0, closed: 0, exposedVersions: 0, kevCases: 0 };
    add(d.openByPriority, data.openByPriority);
    add(d.openBySla, data.openBySla);
    d.opened += data.opened;
    d.closed += data.closed;
    d.exposedVersions += data.exposedVersions;
    d.kevCases += data.kevCases;
    days.set(day, d);
  }
  return [...days.values()];
}

/** PSIRT KPIs over a window, and the daily snapshots behind the trends. */
export class KpisService {
  constructor(private readonly deps: { db: Db; clock: Clock; policy(): Promise<Policy> }) {}

  async report(scope: KpiScope, window: { from?: Date; to?: Date }): Promise<KpiReport> {
    const now = this.deps.clock.now();
    const to = window.to ?? now;
    const from = window.from ?? new Date(to.getTime() - 90 * DAY);
    const policy = await this.deps.policy();
    const [opened, open, counts] = await Promise.all([
      clocksOpenedIn(this.deps.db, scope, from, to),
      openClocks(this.deps.db, scope),
      openCaseBreakdowns(this.deps.db, scope),
    ]);
    return { window: { from: from.toISOString(), to: to.toISOString() }, ...kpiFigures(opened, open, policy.sla, now), counts };
  }

  async trend(scope: Pick<KpiScope, 'teamId'>, days: number): Promise<TrendDay[]> {
    const from = isoDay(new Date(this.deps.clock.now().getTime() - (days - 1) * DAY));
    return sumByDay(await snapshotsSince(this.deps.db, scope, from));
  }

  /**
   * Every team's snapshot of each UTC day from `since` (default: today) through today, a past day
   * as its cases stood at its end (SLA statuses under the policy in force now), replacing what was
   * taken then. Returns how many snapshots were written.
   */
  async snapshot(since?: Date): Promise<number> {
    const now = this.deps.clock.now();
    const fromDay = isoDay(since ?? now);
    const [histories, policy] = await Promise.all([caseHistories(this.deps.db, new Date(`${fromDay}T00:00:00Z`)), this.deps.policy()]);
    const rows = dailySnapshots(histories, fromDay, now, policy);
    await writeSnapshots(this.deps.db, rows, now);
    return rows.length;
  }
}
