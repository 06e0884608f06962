import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { readStorage, STORAGE_KEYS, writeStorage } from '../storage.js';
import { langFromLocale, translator, type Lang, type Translate } from './translate.js';

export { LANGUAGES, type Lang, type Translate } from './translate.js';

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

/** A remembered choice wins; otherwise follow the browser. */
function initialLang(): Lang {
  const saved = readStorage(STORAGE_KEYS.lang);
  if (saved === 'en' || saved === 'ko') return saved;
  return langFromLocale(globalThis.navigator?.language);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    // Screen readers, hyphenation and CJK font fallback follow <html lang>.
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    writeStorage(STORAGE_KEYS.lang, next);
    setLangState(next);
  }, []);

  const value = useMemo(() => ({ lang, setLang, t: translator(lang) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
