import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { readStorage, STORAGE_KEYS, writeStorage } from '../storage.js';
import type { Messages } from './en.js';
import { langFromLocale, loadCatalog, translator, type Lang, type Translate } from './translate.js';

export { LANGUAGES, type Lang, type Translate } from './translate.js';

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

/** A remembered choice wins; otherwise follow the browser. */
export function initialLang(): Lang {
  const saved = readStorage(STORAGE_KEYS.lang);
  if (saved === 'en' || saved === 'ko') return saved;
  return langFromLocale(globalThis.navigator?.language);
}

/** The language the page starts in, with its strings already loaded (the first render needs them). */
export interface StartingLanguage {
  lang: Lang;
  catalog: Messages;
}

export function I18nProvider({ initial, children }: { initial: StartingLanguage; children: ReactNode }) {
  const [{ lang, catalog }, setLanguage] = useState<StartingLanguage>(initial);

  useEffect(() => {
    // Screen readers, hyphenation and CJK font fallback follow <html lang>.
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    writeStorage(STORAGE_KEYS.lang, next);
    // The page stays in its language until the other's strings arrive; a failed fetch leaves it so.
    loadCatalog(next).then(
      (nextCatalog) => setLanguage({ lang: next, catalog: nextCatalog }),
      (error: unknown) => console.warn('[parley] could not load the language', next, error),
    );
  }, []);

  const value = useMemo(() => ({ lang, setLang, t: translator(catalog) }), [lang, catalog, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
