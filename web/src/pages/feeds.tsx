import { call } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Async, Badge, useLoad } from '../ui.tsx';

/** Lag in the largest unit that keeps it readable. */
export function useDuration(): (seconds: number | null) => string {
  const { t, number } = useI18n();
  return (s) => {
    if (s === null) return '—';
    if (s < 120) return t('duration.seconds', { n: number(Math.round(s)) });
    if (s < 7200) return t('duration.minutes', { n: number(Math.round(s / 60)) });
    if (s < 172_800) return t('duration.hours', { n: number(Math.round(s / 3600)) });
    return t('duration.days', { n: number(Math.round(s / 86_400)) });
  };
}

export function FeedsPage() {
  const { t, te, date, number } = useI18n();
  const duration = useDuration();
  const feeds = useLoad(() => call('listFeeds'), []);
  return (
    <>
      <h1>{t('feeds.title')}</h1>
      <Async state={feeds}>
        {(res) => (
          <div class="table-wrap">
            <table>
              <caption>{t('feeds.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('feeds.source')}</th>
                  <th scope="col">{t('feeds.status')}</th>
                  <th scope="col">{t('feeds.lastSuccess')}</th>
                  <th scope="col">{t('feeds.lag')}</th>
                  <th scope="col">{t('feeds.records')}</th>
                  <th scope="col">{t('feeds.quarantined')}</th>
                  <th scope="col">{t('feeds.lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {res.feeds.map((f) => {
                  const status = !f.enabled
                    ? 'disabled'
                    : f.syncing
                      ? 'syncing'
                      : f.lastError && (!f.lastSuccessAt || (f.lastErrorAt ?? '') > f.lastSuccessAt)
                        ? 'failing'
                        : f.lastSuccessAt
                          ? 'ok'
                          : 'never';
                  return (
                    <tr key={f.source}>
                      <th scope="row">{te('source', f.source)}</th>
                      <td>
                        <Badge kind={`feed-${status}`} label={te('feedStatus', status)} />
                      </td>
                      <td>{date(f.lastSuccessAt)}</td>
                      <td>{duration(f.lagSeconds)}</td>
                      <td>{number(f.recordsIngested)}</td>
                      <td>{number(f.quarantined)}</td>
                      <td>{f.lastError ? <span title={f.lastError}>{date(f.lastErrorAt)}</span> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </>
  );
}
