// The chosen language, remembered on this station; zh-CN unless someone switched.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { translate, type Locale, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'lectern.locale';

interface LocaleValue {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  toggle: () => void;
}

const LocaleContext = createContext<LocaleValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'));
  const toggle = useCallback(() => {
    setLocale((current) => {
      const next: Locale = current === 'zh-CN' ? 'en' : 'zh-CN';
      localStorage.setItem(STORAGE_KEY, next);
      document.documentElement.lang = next;
      return next;
    });
  }, []);
  const value = useMemo<LocaleValue>(
    () => ({ locale, toggle, t: (key, params) => translate(locale, key, params) }),
    [locale, toggle],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
