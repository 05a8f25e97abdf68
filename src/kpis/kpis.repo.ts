/**
 * Reads for the KPIs and the metrics: read-only queries over cases, their findings and the
 * vulnerabilities they name, and the daily snapshots this domain writes.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.ts';
import type { CaseState, Priority } from '../cases/index.ts';
import type { CaseClockRow, Stage } from './kpi-math.ts';
import type { CaseHistories, KpiSnapshot, SnapshotRow } from './snapshot-as-of.ts';

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

/** The actions of a case's audit trail that move its state, priority or SLA clock. */
const REPLAYED = sql`('opened', 'transition', 'priority-changed', 'sla-paused', 'sla-resumed')`;

interface HistoryRow {
  team_id: string;
  state: CaseState;
  priority: Priority;
  opened_at: Date | string;
  kev_added: string | null;
  changes: { at: string; action: string; details: Record<string, unknown> }[];
  findings: { productVersionId: string; from: string; until: string | null }[];
}

/**
 * What the snapshots of the days from `since` on are made of: every team with cases and when its
 * first one opened, and the history of each case open now or changed since (a case closed before
 * and untouched since stood closed all along).
 */
export async function caseHistories(db: Db, since: Date): Promise<CaseHistories> {
  const [teams, rows] = await Promise.all([
    queryRows<{ team_id: string; since: Date | string }>(db, sql`select team_id, min(opened_at) as since from cases group by team_id`),
    queryRows<HistoryRow>(
      db,
      sql`
      select c.team_id, c.state, c.priority, c.opened_at, k.date_added::text as kev_added,
        coalesce((select jsonb_agg(jsonb_build_object('at', a.at, 'action', a.action, 'details', a.details) order by a.id)
                  from case_audit a where a.case_id = c.id and a.action in ${REPLAYED}), '[]'::jsonb) as changes,
        coalesce((select jsonb_agg(jsonb_build_object('productVersionId', f.product_version_id, 'from', f.first_seen,
                                                      'until', case when f.state = 'retracted' then f.retracted_at end))
                  from product_versions pv
                  join findings f on f.product_version_id = pv.id and f.vulnerability_id = c.vulnerability_id
                  where pv.product_id = c.product_id), '[]'::jsonb) as findings
      from cases c left join kev_entries k on k.cve = c.vulnerability_id
      where c.state in ${OPEN} or exists (select 1 from case_audit a where a.case_id = c.id and a.at >= ${since.toISOString()})`,
    ),
  ]);
  return {
    teams: new Map(teams.map((t) => [t.team_id, new Date(t.since)])),
    cases: rows.map((r) => ({
      teamId: r.team_id,
      state: r.state,
      priority: r.priority,
      openedAt: new Date(r.opened_at),
      kevAdded: r.kev_added,
      changes: r.changes.map((ch) => ({ ...ch, at: new Date(ch.at) })),
      findings: r.findings.map((f) => ({ productVersionId: f.productVersionId, from: new Date(f.from), until: f.until === null ? null : new Date(f.until) })),
    })),
  };
}

/** Writes snapshots in one statement, each replacing the one of its day and team. */
export async function writeSnapshots(db: Db, rows: readonly SnapshotRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ day: r.day, team_id: r.teamId, data: r.data })));
  await db.execute(sql`
    insert into kpi_snapshots (day, team_id, data, taken_at)
    select s.day, s.team_id, s.data, ${now.toISOString()} from jsonb_to_recordset(${json}::jsonb) as s(day date, team_id text, data jsonb)
    on conflict (day, team_id) do update set data = excluded.data, taken_at = excluded.taken_at`);
}

/** Snapshots from `fromDay` on, per day and team. */
export async function snapshotsSince(db: Db, scope: Pick<KpiScope, 'teamId'>, fromDay: string): Promise<SnapshotRow[]> {
  const rows = await queryRows<{ day: string; team_id: string; data: KpiSnapshot }>(
    db,
    sql`select day::text as day, team_id, data from kpi_snapshots
        where day >= ${fromDay} ${scope.teamId === null ? sql`` : sql`and team_id = ${scope.teamId}`} order by day, team_id`,
  );
  return rows.map((r) => ({ day: r.day, teamId: r.team_id, data: r.data }));
}
