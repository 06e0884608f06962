import { LANGUAGES, useI18n, type Lang } from '../i18n/I18nProvider.js';
import { GlobeIcon } from './icons.js';

export function LanguageSelect() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="language-select">
      <GlobeIcon />
      <span className="visually-hidden">{t('language.label')}</span>
      <select data-testid="language-select" value={lang} onChange={(event) => setLang(event.target.value as Lang)}>
        {LANGUAGES.map(({ code, label }) => (
          <option key={code} value={code} lang={code}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
