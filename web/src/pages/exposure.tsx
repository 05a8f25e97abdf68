import { useMemo, useState } from 'preact/hooks';
import { call, type ComponentExposure } from '../api.ts';
import { Chart } from '../charts.tsx';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, path } from '../router.tsx';
import { Async, Empty, Kev, Pager, Severity, useLoad } from '../ui.tsx';

const LIMIT = 20;

function WhereUsed({ q }: { q: string }) {
  const { t, te } = useI18n();
  const results = useLoad(() => call('whereUsed', { query: { q } }), [q]);
  return (
    <Async state={results}>
      {(res) =>
        res.results.length === 0 ? (
          <Empty k="whereUsed.none" />
        ) : (
          <div class="table-wrap">
            <table>
              <caption>{t('whereUsed.caption', { q, n: res.results.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('case.product')}</th>
                  <th scope="col">{t('product.version')}</th>
                  <th scope="col">{t('product.lifecycle')}</th>
                  <th scope="col">{t('component.name')}</th>
                  <th scope="col">{t('component.version')}</th>
                  <th scope="col">{t('component.dependency')}</th>
                </tr>
              </thead>
              <tbody>
                {res.results.map((r, i) => (
                  <tr key={i}>
                    <td>
                      <Link href={path('products', r.product)}>{r.product}</Link>
                    </td>
                    <td>
                      <Link href={path('products', r.product, 'versions', r.version)}>{r.version}</Link>
                    </td>
                    <td>{te('lifecycle', r.lifecycle)}</td>
                    <td>
                      {r.component.group ? `${r.component.group}/${r.component.name}` : r.component.name} <code>{r.component.purl ?? r.component.cpe}</code>
                    </td>
                    <td>{r.component.version ?? '—'}</td>
                    <td>{r.component.direct === null ? '—' : r.component.direct ? t('component.direct') : t('component.transitive')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Async>
  );
}

function ExposureTable({ items, total }: { items: ComponentExposure[]; total: number }) {
  const { t, number } = useI18n();
  return (
    <div class="table-wrap">
      <table>
        <caption>{t('exposure.caption', { n: total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('component.name')}</th>
            <th scope="col">{t('exposure.productVersions')}</th>
            <th scope="col">{t('exposure.vulnerabilities')}</th>
            <th scope="col">{t('exposure.versions')}</th>
            <th scope="col">{t('exposure.whereUsed')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.purl ?? c.name}>
              <th scope="row">
                {c.name} <Kev kev={c.kev} />
                <br />
                <code>{c.purl ?? '—'}</code>
              </th>
              <td>
                {number(c.productVersions)} <span class="muted">({t('exposure.products', { n: number(c.products) })})</span>
              </td>
              <td>
                <ul class="plain">
                  {c.vulnerabilities.map((v) => (
                    <li key={v.id}>
                      {v.id} <Severity value={v.severity} /> <Kev kev={v.kev} />
                      {v.fixedIn.length > 0 && <span class="muted"> {t('exposure.fixedIn', { v: v.fixedIn.join(', ') })}</span>}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul class="plain">
                  {c.versions.map((v) => (
                    <li key={v.version ?? ''}>
                      {v.version ?? '—'} ({number(v.productVersions)}) →{' '}
                      {v.smallestUpgrade ? t('exposure.upgrade', { v: v.smallestUpgrade }) : <span class="muted">{t('exposure.noUpgrade')}</span>}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <Link href={`/exposure?${new URLSearchParams({ where: c.purl ?? c.name })}`}>{t('exposure.showWhereUsed')}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Which components put the most product versions at risk, and where a component is used. */
export function ExposurePage({ url }: { url: URL }) {
  const { t } = useI18n();
  const params = url.searchParams;
  const q = params.get('q') ?? '';
  const kev = params.get('kev') === 'true';
  const where = params.get('where') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [qInput, setQInput] = useState(q);
  const [whereInput, setWhereInput] = useState(where);
  const go = (changes: Record<string, string>): void => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    navigate(`/exposure${next.size ? `?${next}` : ''}`, true);
  };
  const exposure = useLoad(
    () => call('exposureComponents', { query: { q: q || undefined, kev: kev ? 'true' : undefined, limit: LIMIT, offset } }),
    [q, kev, offset],
  );
  const chart = useMemo(() => {
    const items = exposure.data?.items.slice(0, 10).reverse() ?? [];
    return {
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: {},
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: items.map((c) => c.name) },
      series: [{ type: 'bar', name: t('exposure.productVersions'), data: items.map((c) => c.productVersions), itemStyle: { color: '#c0392b' } }],
    };
  }, [exposure.data, t]);
  return (
    <>
      <h1>{t('exposure.title')}</h1>
      <section aria-labelledby="where-used">
        <h2 id="where-used">{t('whereUsed.title')}</h2>
        <form
          class="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            go({ where: whereInput.trim() });
          }}
        >
          <div class="field wide">
            <label for="where">{t('whereUsed.label')}</label>
            <input id="where" type="search" value={whereInput} onInput={(e) => setWhereInput(e.currentTarget.value)} aria-describedby="where-help" />
            <p id="where-help" class="muted">
              {t('whereUsed.help')}
            </p>
          </div>
          <button type="submit">{t('whereUsed.submit')}</button>
        </form>
        {where && <WhereUsed q={where} />}
      </section>
      <section aria-labelledby="by-component">
        <h2 id="by-component">{t('exposure.byComponent')}</h2>
        <form
          class="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            go({ q: qInput.trim(), offset: '' });
          }}
        >
          <div class="field">
            <label for="exposure-q">{t('exposure.filter')}</label>
            <input id="exposure-q" type="search" value={qInput} onInput={(e) => setQInput(e.currentTarget.value)} />
          </div>
          <div class="field check">
            <input id="exposure-kev" type="checkbox" checked={kev} onChange={(e) => go({ kev: e.currentTarget.checked ? 'true' : '', offset: '' })} />
            <label for="exposure-kev">{t('exposure.kevOnly')}</label>
          </div>
          <button type="submit">{t('common.filter')}</button>
        </form>
        <Async state={exposure}>
          {(res) =>
            res.items.length === 0 ? (
              <Empty k="exposure.none" />
            ) : (
              <>
                <Chart option={chart} label={t('exposure.chart')} height={Math.max(160, 28 * Math.min(10, res.items.length) + 40)} />
                <ExposureTable items={res.items} total={res.total} />
                <Pager offset={offset} limit={LIMIT} total={res.total} onPage={(o) => go({ offset: String(o) })} />
              </>
            )
          }
        </Async>
      </section>
    </>
  );
}
