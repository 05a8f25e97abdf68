/**
 * A team's KPI snapshot as its cases stood at a given moment: each case's state, priority and SLA
 * clock replayed from its audit trail up to then. Today's snapshot and a past day's (filled in
 * afterwards, as the demo's weeks of history are) follow the same rules. Pure: the histories and
 * the SLA targets in, the snapshots out.
 */
import { doneAfterMove, isOpen, pause, resume, slaView, type CaseState, type Policy, type Priority, type SlaClock } from '../cases/index.ts';

/** One team's day, as the trend charts read it. */
export interface KpiSnapshot {
  openByPriority: Record<string, number>;
  openBySla: Record<string, number>;
  opened: number;
  closed: number;
  /** Product versions with an open finding of an open case. */
  exposedVersions: number;
  /** Open cases whose vulnerability is in CISA KEV. */
  kevCases: number;
}

/** An audit entry of a case (`opened`, `transition`, `priority-changed`, `sla-paused`, `sla-resumed` are the ones replayed). */
export interface CaseChange {
  at: Date;
  action: string;
  details: Record<string, unknown>;
}

/** A case as stored now, with what it takes to tell how it stood earlier. */
export interface CaseHistory {
  teamId: string;
  openedAt: Date;
  /** The row's state and priority now: what they were all along when the trail records no change. */
  state: CaseState;
  priority: Priority;
  /** Its audit trail, in the order written. */
  changes: CaseChange[];
  /** The day CISA KEV listed its vulnerability (`YYYY-MM-DD`), if it does. */
  kevAdded: string | null;
  /** The product versions it has findings in: open from first seen until retracted (null: not retracted). */
  findings: { productVersionId: string; from: Date; until: Date | null }[];
}

export interface CaseAt {
  state: CaseState;
  priority: Priority;
  clock: SlaClock;
}

/** How `c` stood at `at`; undefined before it was opened. */
export function caseAt(c: CaseHistory, at: Date): CaseAt | undefined {
  if (c.openedAt > at) return undefined;
  const first = (action: string): Record<string, unknown> | undefined => c.changes.find((ch) => ch.action === action)?.details;
  // The opening entry says how the case started; a trail without it started as the first change left it.
  const opened = first('opened');
  let state = (opened?.state ?? first('transition')?.from ?? c.state) as CaseState;
  let priority = (opened?.priority ?? first('priority-changed')?.from ?? c.priority) as Priority;
  let clock: SlaClock = { openedAt: c.openedAt, pausedMs: 0, pausedSince: null, done: doneAfterMove({}, state, c.openedAt) };
  for (const ch of c.changes) {
    if (ch.at > at) continue;
    if (ch.action === 'transition') {
      state = ch.details.to as CaseState;
      clock = { ...clock, done: doneAfterMove(clock.done, state, ch.at) };
    } else if (ch.action === 'priority-changed') priority = ch.details.to as Priority;
    else if (ch.action === 'sla-paused') clock = pause(clock, ch.at);
    else if (ch.action === 'sla-resumed') clock = resume(clock, ch.at);
  }
  return { state, priority, clock };
}

const DAY = 86_400_000;
const dayStart = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

const emptySnapshot = (): KpiSnapshot => ({ openByPriority: {}, openBySla: {}, opened: 0, closed: 0, exposedVersions: 0, kevCases: 0 });
const bump = (into: Record<string, number>, key: string): void => void (into[key] = (into[key] ?? 0) + 1);

/** What snapshots are made of. */
export interface CaseHistories {
  /** Every team with cases, and when its first one opened: a team whose cases are all closed still has its days (of zeros), and the trend no gap. */
  teams: ReadonlyMap<string, Date>;
  cases: readonly CaseHistory[];
}

type SlaPolicy = Pick<Policy, 'sla' | 'nearBreachAt'>;

/** A snapshot of one team and day. */
export interface SnapshotRow {
  day: string;
  teamId: string;
  data: KpiSnapshot;
}

/** Each team's snapshot of `day` as its cases stood at `at` (the end of the day, or now for today). */
export function snapshotsAt({ teams, cases }: CaseHistories, day: string, at: Date, sla: SlaPolicy): Map<string, KpiSnapshot> {
  const from = dayStart(day);
  const within = (t: Date): boolean => t >= from && t <= at;
  const out = new Map<string, KpiSnapshot>();
  for (const [team, since] of teams) if (since <= at) out.set(team, emptySnapshot());
  const exposed = new Map<string, Set<string>>();
  for (const c of cases) {
    const then = caseAt(c, at);
    if (!then) continue;
    const s = out.get(c.teamId) ?? emptySnapshot();
    out.set(c.teamId, s);
    if (within(c.openedAt)) s.opened++;
    if (c.changes.some((ch) => ch.action === 'transition' && ch.details.to === 'closed' && within(ch.at))) s.closed++;
    if (!isOpen(then.state)) continue;
    bump(s.openByPriority, then.priority);
    bump(s.openBySla, slaView(then.clock, sla.sla[then.priority], sla.nearBreachAt, at).status);
    if (c.kevAdded !== null && c.kevAdded <= day) s.kevCases++;
    const versions = exposed.get(c.teamId) ?? new Set<string>();
    exposed.set(c.teamId, versions);
    for (const f of c.findings) if (f.from <= at && (f.until === null || f.until > at)) versions.add(f.productVersionId);
  }
  for (const [team, versions] of exposed) out.get(team)!.exposedVersions = versions.size;
  return out;
}

/** Every team's snapshot of each UTC day from `fromDay` through today, a past day as it stood at its end, today as it stands `now`. */
export function dailySnapshots(histories: CaseHistories, fromDay: string, now: Date, sla: SlaPolicy): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (let start = dayStart(fromDay); start <= now; start = new Date(start.getTime() + DAY)) {
    const day = isoDay(start);
    const end = new Date(start.getTime() + DAY - 1);
    for (const [teamId, data] of snapshotsAt(histories, day, end < now ? end : now, sla)) rows.push({ day, teamId, data });
  }
  return rows;
}
