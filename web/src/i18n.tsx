// Japanese and English. The language is the viewer's choice, else the browser's; dates are shown
// in the viewer's own time zone (Intl's default).
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { en, ja, type MessageKey } from './messages.ts';

export type { MessageKey };
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['ja', 'en'];
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ja };
const CHOICE = 'kanshi.lang';

export function initialLang(): Lang {
  const chosen = localStorage.getItem(CHOICE);
  if (chosen === 'en' || chosen === 'ja') return chosen;
  return (navigator.languages ?? [navigator.language]).some((l) => /^ja\b/i.test(l)) ? 'ja' : 'en';
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** `t(prefix.value)` when the dictionary has it, else the value as the API gave it. */
  te(prefix: string, value: string): string;
  date(iso: string | null | undefined): string;
  number(n: number): string;
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[lang];
    const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const numbers = new Intl.NumberFormat(lang);
    const t = (key: MessageKey, vars: Record<string, string | number> = {}): string =>
      messages[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
    return {
      lang,
      setLang: (l) => {
        localStorage.setItem(CHOICE, l);
        setLangState(l);
      },
      t,
      te: (prefix, v) => {
        const key = `${prefix}.${v}`;
        return key in messages ? messages[key as MessageKey] : v;
      },
      date: (iso) => (iso ? dates.format(new Date(iso)) : '—'),
      number: (n) => numbers.format(n),
    };
  }, [lang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
