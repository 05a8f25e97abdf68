import type { Response } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link, path } from '../router.tsx';
import { Badge, Kev, Severity } from '../ui.tsx';

export type CaseItem = Response<'listCases'>['items'][number];

const STAGES = ['acknowledge', 'triage', 'plan', 'fix'] as const;

/** The due date of the first SLA stage not yet done: what the queue is sorted by. */
export function nextDue(c: CaseItem): { stage: (typeof STAGES)[number]; due: string } | null {
  const stage = STAGES.find((s) => c.sla.stages[s] !== 'done');
  return stage ? { stage, due: c.sla.due[stage] } : null;
}

export function SlaBadge({ status }: { status: string }) {
  const { te } = useI18n();
  return <Badge kind={`sla-${status}`} label={te('sla', status)} />;
}

export function CaseTable({ items, caption, showTeam = true }: { items: CaseItem[]; caption: string; showTeam?: boolean }) {
  const { t, te, date } = useI18n();
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('case.id')}</th>
            <th scope="col">{t('case.vulnerability')}</th>
            <th scope="col">{t('case.product')}</th>
            {showTeam && <th scope="col">{t('case.team')}</th>}
            <th scope="col">{t('case.priority')}</th>
            <th scope="col">{t('case.state')}</th>
            <th scope="col">{t('case.sla')}</th>
            <th scope="col">{t('case.nextDue')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const due = nextDue(c);
            return (
              <tr key={c.id}>
                <td>
                  <Link href={path('cases', c.id)}>#{c.id}</Link>
                </td>
                <td>
                  <Link href={path('cases', c.id)}>{c.vulnerability.id}</Link> <Severity value={c.vulnerability.severity} /> <Kev kev={c.vulnerability.kev} />
                  {c.embargoed && <Badge kind="embargo" label={t('case.embargoed')} />}
                </td>
                <td>
                  <Link href={path('products', c.product)}>{c.product}</Link>
                </td>
                {showTeam && (
                  <td>
                    <Link href={path('teams', c.team)}>{c.team}</Link>
                  </td>
                )}
                <td>
                  <Badge kind={`prio-${c.priority}`} label={c.priority} />
                </td>
                <td>{te('state', c.state)}</td>
                <td>
                  <SlaBadge status={c.sla.status} />
                </td>
                <td>{due ? `${date(due.due)} (${te('stage', due.stage)})` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
