import { call } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link, path } from '../router.tsx';
import { Async, Empty, useLoad } from '../ui.tsx';
import { CaseTable } from './case-table.tsx';

export function TeamsPage() {
  const { t } = useI18n();
  const teams = useLoad(() => call('listTeams'), []);
  return (
    <>
      <h1>{t('teams.title')}</h1>
      <Async state={teams}>
        {(res) =>
          res.items.length === 0 ? (
            <Empty k="teams.none" />
          ) : (
            <ul class="link-list">
              {res.items.map((team) => (
                <li key={team.id}>
                  <Link href={path('teams', team.id)}>{team.name}</Link>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </>
  );
}

const STAGES = ['acknowledge', 'triage', 'plan', 'fix'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** SLA on-time rates per stage, overall and per priority, and the times to act (PSIRT KPIs, last 90 days). */
function OnTime({ team }: { team: string }) {
  const { t, te, number } = useI18n();
  const kpis = useLoad(() => call('getKpis', { query: { team } }), [team]);
  const pct = (rate: number | undefined): string => (rate === undefined ? '—' : `${number(Math.round(rate * 100))}%`);
  const hours = (h: number | null): string => (h === null ? '—' : t('duration.hours', { n: number(Math.round(h * 10) / 10) }));
  return (
    <Async state={kpis}>
      {(k) => {
        const rate = (stage: string, priority: string | null) => k.onTime.find((o) => o.stage === stage && o.priority === priority && o.team === null);
        return (
          <>
            <div class="table-wrap">
              <table>
                <caption>{t('team.onTimeCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('team.stage')}</th>
                    <th scope="col">{t('team.allPriorities')}</th>
                    {PRIORITIES.map((p) => (
                      <th scope="col" key={p}>
                        {p}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {STAGES.map((s) => {
                    const all = rate(s, null);
                    return (
                      <tr key={s}>
                        <th scope="row">{te('stage', s)}</th>
                        <td>
                          {pct(all?.rate)} {all && <span class="muted">({t('team.metMissed', { met: number(all.met), missed: number(all.missed) })})</span>}
                        </td>
                        {PRIORITIES.map((p) => (
                          <td key={p}>{pct(rate(s, p)?.rate)}</td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div class="table-wrap">
              <table>
                <caption>{t('team.timesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('team.measure')}</th>
                    <th scope="col">{t('team.median')}</th>
                    <th scope="col">{t('team.p90')}</th>
                    <th scope="col">{t('team.cases')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(['acknowledge', 'triage', 'remediate'] as const).map((m) => (
                    <tr key={m}>
                      <th scope="row">{t(`team.time.${m}`)}</th>
                      <td>{hours(k[m].medianHours)}</td>
                      <td>{hours(k[m].p90Hours)}</td>
                      <td>{number(k[m].n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </Async>
  );
}

/** A team's queue, most urgent SLA due date first (the API's order), and its on-time rates. */
export function TeamPage({ team }: { team: string }) {
  const { t } = useI18n();
  const queue = useLoad(() => call('listCases', { query: { team, limit: 200 } }), [team]);
  return (
    <>
      <h1>{t('team.title', { team })}</h1>
      <section aria-labelledby="on-time">
        <h2 id="on-time">{t('team.onTime')}</h2>
        <OnTime team={team} />
      </section>
      <section aria-labelledby="queue">
        <h2 id="queue">{t('team.queue')}</h2>
        <Async state={queue}>
          {(res) =>
            res.items.length === 0 ? (
              <Empty k="team.empty" />
            ) : (
              <CaseTable items={res.items} caption={t('team.queueCaption', { n: res.total })} showTeam={false} />
            )
          }
        </Async>
      </section>
    </>
  );
}
