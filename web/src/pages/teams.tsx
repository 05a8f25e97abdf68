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

/** A team's queue, most urgent SLA due date first (the API's order), and its on-time rates. */
export function TeamPage({ team }: { team: string }) {
  const { t } = useI18n();
  const queue = useLoad(() => call('listCases', { query: { team, limit: 200 } }), [team]);
  return (
    <>
      <h1>{t('team.title', { team })}</h1>
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
