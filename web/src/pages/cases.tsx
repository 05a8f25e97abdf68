import { call, type Operations } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { Async, Empty, Pager, useLoad } from '../ui.tsx';
import { CaseTable } from './case-table.tsx';

type CaseQuery = Operations['listCases']['query'];

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const STATES = ['new', 'triage', 'affected', 'not_affected', 'fix_planned', 'fixed', 'risk_accepted', 'closed'] as const;
const SLAS = ['on-track', 'near-breach', 'breached'] as const;
const LIMIT = 50;

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: [string, string][]; onChange(v: string): void }) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('common.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every case the viewer may see, filtered by the query string (so a filtered view can be bookmarked). */
export function CasesPage({ url }: { url: URL }) {
  const { t, te } = useI18n();
  const q = url.searchParams;
  const filter = {
    priority: q.get('priority') ?? '',
    state: q.get('state') ?? '',
    sla: q.get('sla') ?? '',
    kev: q.get('kev') ?? '',
    product: q.get('product') ?? '',
  };
  const offset = Number(q.get('offset') ?? 0) || 0;
  const set = (key: string, value: string): void => {
    const next = new URLSearchParams(q);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'offset') next.delete('offset');
    navigate(`/cases${next.size ? `?${next}` : ''}`, true);
  };
  const cases = useLoad(
    () => call('listCases', { query: { ...filter, limit: LIMIT, offset } as CaseQuery }),
    [filter.priority, filter.state, filter.sla, filter.kev, filter.product, offset],
  );
  return (
    <>
      <h1>{t('cases.title')}</h1>
      <form class="filters" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
        <Select
          id="f-priority"
          label={t('case.priority')}
          value={filter.priority}
          options={PRIORITIES.map((p) => [p, p])}
          onChange={(v) => set('priority', v)}
        />
        <Select id="f-state" label={t('case.state')} value={filter.state} options={STATES.map((s) => [s, te('state', s)])} onChange={(v) => set('state', v)} />
        <Select id="f-sla" label={t('case.sla')} value={filter.sla} options={SLAS.map((s) => [s, te('sla', s)])} onChange={(v) => set('sla', v)} />
        <Select
          id="f-kev"
          label={t('kev.filter')}
          value={filter.kev}
          options={[
            ['true', t('common.yes')],
            ['false', t('common.no')],
          ]}
          onChange={(v) => set('kev', v)}
        />
        <div class="field">
          <label for="f-product">{t('case.product')}</label>
          <input id="f-product" value={filter.product} onChange={(e) => set('product', e.currentTarget.value.trim())} />
        </div>
      </form>
      <Async state={cases}>
        {(res) =>
          res.items.length === 0 ? (
            <Empty k="cases.none" />
          ) : (
            <>
              <CaseTable items={res.items} caption={t('cases.caption', { n: res.total })} />
              <Pager offset={offset} limit={LIMIT} total={res.total} onPage={(o) => set('offset', String(o))} />
            </>
          )
        }
      </Async>
    </>
  );
}
