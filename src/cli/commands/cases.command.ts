/** `kanshi cases list|show`: the cases the token may see, through the daemon's API. */
import { apiRequest, type ServerOptions } from '../api-client.ts';
import { writeTable } from '../table.ts';

/** One page of the list, as `--page` counts them. */
export const CASES_PAGE = 50;

export interface CasesListOptions {
  team?: string | undefined;
  product?: string | undefined;
  priority?: string | undefined;
  state?: string | undefined;
  sla?: string | undefined;
  embargoed?: boolean | undefined;
  kev?: boolean | undefined;
  page: number;
  format: 'table' | 'json';
}

interface CaseItem {
  id: number;
  product: string;
  team: string;
  priority: string;
  state: string;
  assignee: string | null;
  findings: number;
  decision: string | null;
  vulnerability: { id: string; aliases: string[]; severity: string | null; kev: boolean };
  sla: { status: string; due: Record<string, string>; stages: Record<string, string>; pausedSince: string | null };
}

interface CaseDetail extends CaseItem {
  jvnStatus: string;
  priorityRule: string | null;
  fixVersion: string | null;
  justification: string | null;
  until: string | null;
  openedAt: string;
  allowed: string[];
  versions: { version: string; lifecycle: string; component: string | null; state: string; suppressed: boolean; smallestFix: string | null }[];
  audit: { at: string; actor: string; action: string; details: Record<string, unknown> }[];
}

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '-');

/** The earliest due date of a stage not done yet; `paused` while the clocks wait on a supplier. */
function nextDue(c: CaseItem): string {
  if (c.sla.pausedSince) return 'paused';
  const pending = Object.entries(c.sla.due)
    .filter(([stage]) => c.sla.stages[stage] !== 'done')
    .map(([, d]) => d)
    .sort();
  return day(pending[0]);
}

export async function casesListCommand(o: CasesListOptions, server: ServerOptions, out: NodeJS.WritableStream): Promise<number> {
  const q = new URLSearchParams({ limit: String(CASES_PAGE), offset: String((o.page - 1) * CASES_PAGE) });
  for (const key of ['team', 'product', 'priority', 'state', 'sla', 'embargoed', 'kev'] as const) {
    const v = o[key];
    if (v !== undefined) q.set(key, String(v));
  }
  const res = await apiRequest<{ items: CaseItem[]; total: number }>(server, 'GET', `/api/v1/cases?${q}`);
  if (o.format === 'json') {
    out.write(`${JSON.stringify({ page: o.page, pageSize: CASES_PAGE, ...res }, null, 2)}\n`);
    return 0;
  }
  if (res.items.length === 0) {
    out.write(res.total === 0 ? 'no case matches\n' : `page ${o.page} is past the last (${res.total} cases)\n`);
    return 0;
  }
  writeTable(
    out,
    ['ID', 'PRIORITY', 'STATE', 'SLA', 'DUE', 'TEAM', 'PRODUCT', 'VULNERABILITY', 'KEV', 'FINDINGS'],
    res.items.map((c) => [
      String(c.id),
      c.priority,
      c.state,
      c.sla.status,
      nextDue(c),
      c.team,
      c.product,
      c.vulnerability.id,
      c.vulnerability.kev ? 'yes' : '',
      String(c.findings),
    ]),
  );
  out.write(`page ${o.page} of ${Math.ceil(res.total / CASES_PAGE)} (${res.total} cases)\n`);
  return 0;
}

export async function casesShowCommand(id: number, o: { format: 'table' | 'json' }, server: ServerOptions, out: NodeJS.WritableStream): Promise<number> {
  const c = await apiRequest<CaseDetail>(server, 'GET', `/api/v1/cases/${id}`);
  if (o.format === 'json') {
    out.write(`${JSON.stringify(c, null, 2)}\n`);
    return 0;
  }
  const fields: [string, string][] = [
    ['case', String(c.id)],
    ['vulnerability', [c.vulnerability.id, ...c.vulnerability.aliases.filter((a) => a !== c.vulnerability.id)].join(', ')],
    ['severity', `${c.vulnerability.severity ?? 'unknown'}${c.vulnerability.kev ? ' (known exploited)' : ''}`],
    ['product', c.product],
    ['team', c.team],
    ['priority', `${c.priority}${c.priorityRule ? ` (${c.priorityRule})` : ''}`],
    ['state', `${c.state} (JVN: ${c.jvnStatus}); may go to ${c.allowed.join(', ') || 'nothing'}`],
    ['assignee', c.assignee ?? '-'],
    ['decision', c.decision ?? '-'],
    ['sla', `${c.sla.status}${c.sla.pausedSince ? `, paused since ${c.sla.pausedSince} (waiting on a supplier)` : ''}`],
    ...Object.entries(c.sla.due).map(([stage, due]): [string, string] => [`  ${stage}`, `${day(due)} ${c.sla.stages[stage]}`]),
    ['opened', c.openedAt],
    ...(c.justification ? [['justification', c.justification] as [string, string]] : []),
    ...(c.fixVersion ? [['fix version', c.fixVersion] as [string, string]] : []),
    ...(c.until ? [['until', c.until] as [string, string]] : []),
  ];
  const width = Math.max(...fields.map(([k]) => k.length));
  for (const [k, v] of fields) out.write(`${k.padEnd(width)}  ${v}\n`);
  out.write('\n');
  writeTable(
    out,
    ['VERSION', 'LIFECYCLE', 'COMPONENT', 'FINDING', 'FIX'],
    c.versions.map((v) => [v.version, v.lifecycle, v.component ?? '-', v.suppressed ? `${v.state} (not affected)` : v.state, v.smallestFix ?? '-']),
  );
  out.write('\n');
  for (const a of c.audit) {
    const why = typeof a.details.reason === 'string' ? `: ${a.details.reason}` : typeof a.details.to === 'string' ? ` → ${a.details.to}` : '';
    out.write(`${a.at}  ${a.actor}  ${a.action}${why}\n`);
  }
  return 0;
}
