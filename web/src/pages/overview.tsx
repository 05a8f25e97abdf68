import { useMemo } from 'preact/hooks';
import { call } from '../api.ts';
import { Chart } from '../charts.tsx';
import { useI18n } from '../i18n.tsx';
import { Link, path } from '../router.tsx';
import { Async, Card, Empty, Kev, useLoad } from '../ui.tsx';
import { CaseTable } from './case-table.tsx';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const SLAS = ['on-track', 'near-breach', 'breached'] as const;
const SLA_COLORS = { 'on-track': '#2e7d32', 'near-breach': '#ef6c00', breached: '#c62828' } as const;

/** Open cases counted per priority and SLA status: one small query each, the API's totals. */
async function openCounts(): Promise<Record<string, Record<string, number>>> {
  const pairs = PRIORITIES.flatMap((priority) => SLAS.map((sla) => [priority, sla] as const));
  const totals = await Promise.all(pairs.map(([priority, sla]) => call('listCases', { query: { priority, sla, limit: 1 } }).then((r) => r.total)));
  const counts: Record<string, Record<string, number>> = {};
  pairs.forEach(([priority, sla], i) => ((counts[priority] ??= {})[sla] = totals[i]!));
  return counts;
}

export function OverviewPage() {
  const { t, te, number } = useI18n();
  const counts = useLoad(openCounts, []);
  const kev = useLoad(() => call('listCases', { query: { kev: 'true', limit: 1 } }), []);
  const urgent = useLoad(() => call('listCases', { query: { limit: 10 } }), []);
  const exposure = useLoad(() => call('exposureComponents', { query: { limit: 5 } }), []);
  const trend = useLoad(() => call('getKpiTrend', { query: { days: 30 } }), []);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const newThisWeek = trend.data?.items.filter((d) => d.day > weekAgo).reduce((n, d) => n + d.opened, 0);

  const trendChart = useMemo(() => {
    const days = trend.data?.items ?? [];
    const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
    const line = (name: string, color: string, data: number[]) => ({ type: 'line', name, data, itemStyle: { color }, showSymbol: days.length < 2 });
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        line(
          t('overview.trendOpen'),
          '#0b5cad',
          days.map((d) => total(d.openByPriority)),
        ),
        line(
          t('overview.trendBreached'),
          '#c62828',
          days.map((d) => d.openBySla.breached ?? 0),
        ),
        line(
          t('overview.trendKev'),
          '#4a148c',
          days.map((d) => d.kevCases),
        ),
        line(
          t('overview.trendExposed'),
          '#ef6c00',
          days.map((d) => d.exposedVersions),
        ),
      ],
    };
  }, [trend.data, t]);

  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: [...PRIORITIES] },
      yAxis: { type: 'value', minInterval: 1 },
      series: SLAS.map((sla) => ({
        type: 'bar',
        stack: 'open',
        name: te('sla', sla),
        itemStyle: { color: SLA_COLORS[sla] },
        data: PRIORITIES.map((p) => counts.data?.[p]?.[sla] ?? 0),
      })),
    }),
    [counts.data, te],
  );

  const sum = (f: (p: string, s: string) => boolean): number =>
    PRIORITIES.reduce((n, p) => n + SLAS.reduce((m, s) => m + (f(p, s) ? (counts.data?.[p]?.[s] ?? 0) : 0), 0), 0);

  return (
    <>
      <h1>{t('overview.title')}</h1>
      <Async state={counts}>
        {() => (
          <div class="cards">
            <Card label={t('overview.open')} value={number(sum(() => true))} href="/cases" />
            <Card label={t('overview.breached')} value={number(sum((_, s) => s === 'breached'))} kind="bad" href="/cases?sla=breached" />
            <Card label={t('overview.nearBreach')} value={number(sum((_, s) => s === 'near-breach'))} kind="warn" href="/cases?sla=near-breach" />
            <Card label={t('overview.p1')} value={number(sum((p) => p === 'P1'))} href="/cases?priority=P1" />
            <Card label={t('overview.kev')} value={kev.data ? number(kev.data.total) : '…'} kind="bad" href="/cases?kev=true" />
            <Card label={t('overview.newThisWeek')} value={newThisWeek === undefined ? '…' : number(newThisWeek)} />
          </div>
        )}
      </Async>
      <div class="grid2">
        <section aria-labelledby="by-priority">
          <h2 id="by-priority">{t('overview.byPriority')}</h2>
          {counts.data && <Chart option={chart} label={t('overview.byPriorityChart')} />}
          <Async state={counts}>
            {(c) => (
              <table class="compact">
                <caption class="sr-only">{t('overview.byPriority')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('case.priority')}</th>
                    {SLAS.map((s) => (
                      <th scope="col" key={s}>
                        {te('sla', s)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {PRIORITIES.map((p) => (
                    <tr key={p}>
                      <th scope="row">{p}</th>
                      {SLAS.map((s) => (
                        <td key={s}>
                          <Link href={`/cases?priority=${p}&sla=${s}`}>{number(c[p]?.[s] ?? 0)}</Link>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Async>
        </section>
        <section aria-labelledby="top-exposure">
          <h2 id="top-exposure">{t('overview.topExposure')}</h2>
          <Async state={exposure}>
            {(res) =>
              res.items.length === 0 ? (
                <Empty k="exposure.none" />
              ) : (
                <ol class="top">
                  {res.items.map((c) => (
                    <li key={c.purl ?? c.name}>
                      <Link href={`/exposure?${new URLSearchParams({ q: c.name })}`}>{c.name}</Link> <Kev kev={c.kev} />{' '}
                      <span class="muted">{t('overview.atRisk', { n: number(c.productVersions) })}</span>
                    </li>
                  ))}
                </ol>
              )
            }
          </Async>
          <p>
            <Link href="/exposure">{t('overview.allExposure')}</Link>
          </p>
        </section>
      </div>
      <section aria-labelledby="trend">
        <h2 id="trend">{t('overview.trend')}</h2>
        <Async state={trend}>
          {(res) => (res.items.length === 0 ? <Empty k="overview.trendEmpty" /> : <Chart option={trendChart} label={t('overview.trendChart')} />)}
        </Async>
      </section>
      <section aria-labelledby="urgent">
        <h2 id="urgent">{t('overview.urgent')}</h2>
        <Async state={urgent}>
          {(res) => (res.items.length === 0 ? <Empty k="cases.none" /> : <CaseTable items={res.items} caption={t('overview.urgentCaption')} />)}
        </Async>
        <p>
          <Link href={path('cases')}>{t('overview.allCases')}</Link>
        </p>
      </section>
    </>
  );
}
