/**
 * Reads for the KPIs and the metrics: read-only queries over cases, their findings and the
 * vulnerabilities they name, and the daily snapshots this domain writes.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.ts';
import type { Priority } from '../cases/index.ts';
import type { CaseClockRow, Stage } from './kpi-math.ts';

/** Which cases a reader may count: one team's or all, with or without embargoed ones. */
export interface KpiScope {
  teamId: string | null;
  withEmbargoed: boolean;
}

export interface CaseCounts {
  byPriorityAndState: { priority: string; state: string; n: number }[];
  openBySla: { status: string; n: number }[];
  /** Cases that ever had an SLA stage breached. */
  everBreached: number;
}

const OPEN = sql`('new', 'triage', 'affected', 'fix_planned')`;

const scoped = (s: KpiScope): SQL =>
  sql`${s.teamId === null ? sql`true` : sql`c.team_id = ${s.teamId}`} and ${s.withEmbargoed ? sql`true` : sql`not c.embargoed`}`;

export async function caseCounts(db: Db): Promise<CaseCounts> {
  const byPriorityAndState = await queryRows<{ priority: string; state: string; n: number }>(
    db,
    sql`select priority, state, count(*)::int as n from cases where state <> 'closed' group by priority, state order by priority, state`,
  );
  const openBySla = await queryRows<{ status: string; n: number }>(
    db,
    sql`select sla_status as status, count(*)::int as n from cases where state in ${OPEN} group by sla_status order by sla_status`,
  );
  const [breached] = await queryRows<{ n: number }>(db, sql`select count(distinct case_id)::int as n from case_audit where action = 'sla-breached'`);
  return { byPriorityAndState, openBySla, everBreached: breached?.n ?? 0 };
}

interface ClockRow {
  team_id: string;
  priority: Priority;
  state: string;
  closed_as: string | null;
  opened_at: Date | string;
  sla_paused_ms: number | string;
  sla_done: Partial<Record<Stage, string>> | null;
}

const toClock = (r: ClockRow): CaseClockRow => ({
  teamId: r.team_id,
  priority: r.priority,
  state: r.state,
  closedAs: r.closed_as,
  openedAt: new Date(r.opened_at),
  pausedMs: Number(r.sla_paused_ms),
  done: Object.fromEntries(Object.entries(r.sla_done ?? {}).map(([k, v]) => [k, new Date(v)])),
});

const clocks = async (db: Db, where: SQL): Promise<CaseClockRow[]> =>
  (
    await queryRows<ClockRow>(db, sql`select c.team_id, c.priority, c.state, c.closed_as, c.opened_at, c.sla_paused_ms, c.sla_done from cases c where ${where}`)
  ).map(toClock);

/** Clocks of the cases opened in [from, to). */
export const clocksOpenedIn = (db: Db, scope: KpiScope, from: Date, to: Date): Promise<CaseClockRow[]> =>
  clocks(db, sql`${scoped(scope)} and c.opened_at >= ${from.toISOString()} and c.opened_at < ${to.toISOString()}`);

/** Clocks of every open case. */
export const openClocks = (db: Db, scope: KpiScope): Promise<CaseClockRow[]> => clocks(db, sql`${scoped(scope)} and c.state in ${OPEN}`);

export interface Breakdowns {
  byComponent: { key: string; cases: number }[];
  byCwe: { key: string; cases: number }[];
  byProduct: { key: string; cases: number }[];
  byTeam: { key: string; cases: number }[];
  bySource: { key: string; cases: number }[];
}

const TOP = 25;

/** Open cases counted by component, CWE, product, team and advisory source, largest first. */
export async function openCaseBreakdowns(db: Db, scope: KpiScope): Promise<Breakdowns> {
  const open = sql`${scoped(scope)} and c.state in ${OPEN}`;
  const top = (keyed: SQL) =>
    queryRows<{ key: string; cases: number }>(
      db,
      sql`select key, count(distinct id)::int as cases from (${keyed}) k group by key order by cases desc, key limit ${TOP}`,
    );
  const [byComponent, byCwe, byProduct, byTeam, bySource] = await Promise.all([
    top(sql`
      select c.id, coalesce(pkg.name, pkg.component_name) as key
      from cases c
      join product_versions pv on pv.product_id = c.product_id
      join findings f on f.product_version_id = pv.id and f.vulnerability_id = c.vulnerability_id and f.state = 'open'
      join package_versions pkg on pkg.id = f.package_version_id
      where ${open}`),
    top(sql`select c.id, unnest(case when cardinality(v.cwes) = 0 then array['unknown'] else v.cwes end) as key
      from cases c join vulnerabilities v on v.id = c.vulnerability_id where ${open}`),
    top(sql`select c.id, p.name as key from cases c join products p on p.id = c.product_id where ${open}`),
    top(sql`select c.id, c.team_id as key from cases c where ${open}`),
    top(sql`select c.id, unnest(v.sources) as key from cases c join vulnerabilities v on v.id = c.vulnerability_id where ${open}`),
  ]);
  return { byComponent, byCwe, byProduct, byTeam, bySource };
}

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

/** Takes today's snapshot of every team that has cases (the latest of the day replaces earlier ones). */
export async function takeSnapshots(db: Db, day: string, now: Date): Promise<number> {
  const dayStart = `${day}T00:00:00Z`;
  const rows = await queryRows<{ team_id: string; data: KpiSnapshot }>(
    db,
    sql`
    with teams_with_cases as (select distinct team_id from cases)
    select t.team_id, jsonb_build_object(
      'openByPriority', coalesce((select jsonb_object_agg(priority, n) from (select priority, count(*) as n from cases c where c.team_id = t.team_id and c.state in ${OPEN} group by priority) x), '{}'::jsonb),
      'openBySla', coalesce((select jsonb_object_agg(sla_status, n) from (select sla_status, count(*) as n from cases c where c.team_id = t.team_id and c.state in ${OPEN} group by sla_status) x), '{}'::jsonb),
      'opened', (select count(*) from cases c where c.team_id = t.team_id and c.opened_at >= ${dayStart}::timestamptz and c.opened_at < ${dayStart}::timestamptz + interval '1 day'),
      'closed', (select count(distinct a.case_id) from case_audit a join cases c on c.id = a.case_id
                 where c.team_id = t.team_id and a.action = 'transition' and a.details->>'to' = 'closed'
                   and a.at >= ${dayStart}::timestamptz and a.at < ${dayStart}::timestamptz + interval '1 day'),
      'exposedVersions', (select count(distinct f.product_version_id) from cases c
                 join product_versions pv on pv.product_id = c.product_id
                 join findings f on f.product_version_id = pv.id and f.vulnerability_id = c.vulnerability_id and f.state = 'open'
                 where c.team_id = t.team_id and c.state in ${OPEN}),
      'kevCases', (select count(*) from cases c where c.team_id = t.team_id and c.state in ${OPEN}
                 and exists (select 1 from kev_entries k where k.cve = c.vulnerability_id))
    ) as data
    from teams_with_cases t`,
  );
  for (const r of rows) {
    await db.execute(sql`
      insert into kpi_snapshots (day, team_id, data, taken_at) values (${day}, ${r.team_id}, ${JSON.stringify(r.data)}::jsonb, ${now.toISOString()})
      on conflict (day, team_id) do update set data = excluded.data, taken_at = excluded.taken_at`);
  }
  return rows.length;
}

/** Snapshots from `fromDay` on, per day and team. */
export async function snapshotsSince(db: Db, scope: Pick<KpiScope, 'teamId'>, fromDay: string): Promise<{ day: string; teamId: string; data: KpiSnapshot }[]> {
  const rows = await queryRows<{ day: string; team_id: string; data: KpiSnapshot }>(
    db,
    sql`select day::text as day, team_id, data from kpi_snapshots
        where day >= ${fromDay} ${scope.teamId === null ? sql`` : sql`and team_id = ${scope.teamId}`} order by day, team_id`,
  );
  return rows.map((r) => ({ day: r.day, teamId: r.team_id, data: r.data }));
}
