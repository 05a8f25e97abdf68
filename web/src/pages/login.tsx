import { useState } from 'preact/hooks';
import { OPERATIONS } from '../api.gen.ts';
import { useI18n } from '../i18n.tsx';

/** Asks for an API token and checks it against the API before keeping it for the session. */
export function LoginPage({ onToken }: { onToken(token: string): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const candidate = token.trim();
    if (!candidate) return setProblem(t('login.empty'));
    setBusy(true);
    try {
      const res = await fetch(OPERATIONS.getMe.path, { headers: { authorization: `Bearer ${candidate}` } });
      if (res.ok) return onToken(candidate);
      setProblem(res.status === 429 ? t('login.tooMany') : t('login.refused'));
    } catch {
      setProblem(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="login">
      <h1>{t('login.title')}</h1>
      <p>{t('login.lead')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="token">{t('login.token')}</label>
        <input id="token" type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} aria-describedby="token-help" />
        <p id="token-help" class="muted">
          {t('login.help')}
        </p>
        {problem && (
          <p role="alert" class="error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
