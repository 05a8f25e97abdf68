// Small building blocks every page uses: loading an API answer, showing its state, badges.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { useI18n, type MessageKey } from './i18n.tsx';
import { Link } from './router.tsx';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `load` on mount and whenever `deps` change; the last answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  const text =
    error instanceof ApiError
      ? error.status === 404
        ? t('error.notFound')
        : error.status === 403
          ? t('error.forbidden')
          : `${t('error.api')} (${error.status} ${error.code})`
      : t('error.network');
  return (
    <p role="alert" class="error">
      {text}
    </p>
  );
}

/** Shows loading, the error, or the data through `children`. */
export function Async<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { t } = useI18n();
  if (state.error !== undefined) return <ErrorText error={state.error} />;
  if (state.data === undefined)
    return (
      <p class="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  return <>{children(state.data)}</>;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;

export function Severity({ value }: { value: string | null }) {
  const { t } = useI18n();
  const v = SEVERITIES.find((s) => s === value) ?? 'unknown';
  return <span class={`badge sev-${v}`}>{t(`severity.${v}`)}</span>;
}

export function Kev({ kev }: { kev: boolean }) {
  const { t } = useI18n();
  return kev ? (
    <span class="badge kev" title={t('kev.title')}>
      {t('kev.badge')}
    </span>
  ) : null;
}

export function Badge({ kind, label }: { kind: string; label: string }) {
  return <span class={`badge ${kind}`}>{label}</span>;
}

export function Empty({ k }: { k: MessageKey }) {
  const { t } = useI18n();
  return <p class="muted">{t(k)}</p>;
}

export function Card({ label, value, kind, href }: { label: string; value: number | string; kind?: string; href?: string }) {
  const body = (
    <>
      <span class="card-value">{value}</span>
      <span class="card-label">{label}</span>
    </>
  );
  return <div class={`card ${kind ?? ''}`}>{href ? <Link href={href}>{body}</Link> : body}</div>;
}

/** Previous / next over an offset-paged list. */
export function Pager({ offset, limit, total, onPage }: { offset: number; limit: number; total: number; onPage(offset: number): void }) {
  const { t, number } = useI18n();
  if (total <= limit) return null;
  return (
    <nav class="pager" aria-label={t('common.pages')}>
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        {t('common.previous')}
      </button>
      <span>{t('common.range', { from: number(offset + 1), to: number(Math.min(total, offset + limit)), total: number(total) })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        {t('common.next')}
      </button>
    </nav>
  );
}
