/** The KPIs as CSV for spreadsheets: one figure a row. */
import type { KpiReport, TrendDay } from './kpis.service.ts';

/**
 * A CSV cell. Names come from SBOMs (component names), so a cell that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with `'`.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: (string | number | null)[][]): string => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

export function reportCsv(r: KpiReport): string {
  const rows: (string | number | null)[][] = [['metric', 'stage', 'priority', 'team', 'key', 'value']];
  for (const [name, d] of [
    ['time_to_acknowledge', r.acknowledge],
    ['time_to_triage', r.triage],
    ['time_to_remediate', r.remediate],
  ] as const) {
    rows.push(
      [`${name}_median_hours`, null, null, null, null, d.medianHours],
      [`${name}_p90_hours`, null, null, null, null, d.p90Hours],
      [`${name}_cases`, null, null, null, null, d.n],
    );
  }
  for (const o of r.onTime) rows.push(['on_time_rate', o.stage, o.priority, o.team, null, o.rate]);
  for (const a of r.ageing) rows.push(['open_cases_by_age', null, a.priority, null, a.bucket, a.count]);
  for (const [name, list] of Object.entries(r.counts))
    for (const c of list) rows.push([`open_cases_${name.replace(/^by/, 'by_').toLowerCase()}`, null, null, null, c.key, c.cases]);
  return csv(rows);
}

export function trendCsv(days: readonly TrendDay[]): string {
  const priorities = [...new Set(days.flatMap((d) => Object.keys(d.openByPriority)))].sort();
  const statuses = ['on-track', 'near-breach', 'breached'];
  return csv([
    ['day', ...priorities.map((p) => `open_${p}`), ...statuses.map((s) => `sla_${s}`), 'opened', 'closed', 'exposed_versions', 'kev_cases'],
    ...days.map((d) => [
      d.day,
      ...priorities.map((p) => d.openByPriority[p] ?? 0),
      ...statuses.map((s) => d.openBySla[s] ?? 0),
      d.opened,
      d.closed,
      d.exposedVersions,
      d.kevCases,
    ]),
  ]);
}
