import { useEffect, useState } from 'preact/hooks';
import { call, type Me } from './api.ts';
import { LANGS, useI18n, type MessageKey } from './i18n.tsx';
import { MeContext } from './me.tsx';
import { CasePage } from './pages/case.tsx';
import { CasesPage } from './pages/cases.tsx';
import { ExposurePage } from './pages/exposure.tsx';
import { FeedsPage } from './pages/feeds.tsx';
import { LoginPage } from './pages/login.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { ProductPage, ProductsPage, VersionPage } from './pages/products.tsx';
import { TeamPage, TeamsPage } from './pages/teams.tsx';
import { Link, segments, useLocation } from './router.tsx';
import { LOGGED_OUT, session } from './session.ts';
import { ErrorText } from './ui.tsx';

const NAV: [string, MessageKey][] = [
  ['/', 'nav.overview'],
  ['/exposure', 'nav.exposure'],
  ['/products', 'nav.products'],
  ['/cases', 'nav.cases'],
  ['/teams', 'nav.teams'],
  ['/feeds', 'nav.feeds'],
];

function Page({ url }: { url: URL }) {
  const s = segments(url);
  const [first, second, third, fourth] = s;
  if (s.length === 0) return <OverviewPage />;
  if (first === 'exposure' && s.length === 1) return <ExposurePage url={url} />;
  if (first === 'products' && s.length === 1) return <ProductsPage />;
  if (first === 'products' && second && s.length === 2) return <ProductPage product={second} />;
  if (first === 'products' && second && third === 'versions' && fourth && s.length === 4) return <VersionPage product={second} version={fourth} />;
  if (first === 'cases' && s.length === 1) return <CasesPage url={url} />;
  if (first === 'cases' && second && s.length === 2 && /^\d+$/.test(second)) return <CasePage id={Number(second)} />;
  if (first === 'teams' && s.length === 1) return <TeamsPage />;
  if (first === 'teams' && second && s.length === 2) return <TeamPage team={second} />;
  if (first === 'feeds' && s.length === 1) return <FeedsPage />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return <h1>{t('error.noPage')}</h1>;
}

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div class="lang" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button type="button" key={l} lang={l} aria-pressed={lang === l} onClick={() => setLang(l)}>
          {l === 'ja' ? '日本語' : 'English'}
        </button>
      ))}
    </div>
  );
}

export function App() {
  const { t, te } = useI18n();
  const url = useLocation();
  const [token, setToken] = useState(session.token());
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    const out = (): void => {
      setToken(null);
      setMe(null);
    };
    window.addEventListener(LOGGED_OUT, out);
    return () => window.removeEventListener(LOGGED_OUT, out);
  }, []);
  useEffect(() => {
    if (!token) return;
    call('getMe').then(setMe, setError);
  }, [token]);

  const signOut = (): void => {
    session.clear();
    setToken(null);
    setMe(null);
  };
  const current = (href: string): boolean => (href === '/' ? url.pathname === '/' : url.pathname.startsWith(href));

  return (
    <>
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header>
        <Link href="/" class="brand">
          {t('app.name')}
        </Link>
        {me && (
          <nav aria-label={t('nav.label')}>
            <ul>
              {NAV.map(([href, key]) => (
                <li key={href}>
                  <Link href={href} aria-current={current(href) ? 'page' : undefined}>
                    {t(key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div class="session">
          <LanguageSwitch />
          {me && (
            <>
              <span class="who">{me.team ? t('session.whoTeam', { role: te('role', me.role), team: me.team }) : te('role', me.role)}</span>
              <button type="button" onClick={signOut}>
                {t('session.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!token ? (
          <LoginPage onToken={(tk) => (session.set(tk), setError(undefined), setToken(tk))} />
        ) : me ? (
          <MeContext.Provider value={me}>
            <Page url={url} />
          </MeContext.Provider>
        ) : error !== undefined ? (
          <ErrorText error={error} />
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )}
      </main>
    </>
  );
}
