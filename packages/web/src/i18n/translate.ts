import { en, type MessageKey, type Messages } from './en.js';
import { ko } from './ko.js';

export type Lang = 'en' | 'ko';
export const LANGUAGES: ReadonlyArray<{ code: Lang; label: string }> = [
  { code: 'en', label: 'English' },
  { code: 'ko', label: '한국어' },
];
export const CATALOGS: Record<Lang, Messages> = { en, ko };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** A translator for one language; `{name}` placeholders are filled from `vars`. */
export function translator(lang: Lang): Translate {
  const catalog = CATALOGS[lang];
  return (key, vars) => format(catalog[key] ?? en[key], vars);
}

/** ko, ko-KR, … → Korean; everything else → English (the reference catalog). */
export function langFromLocale(locale: string | undefined): Lang {
  return (locale ?? '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
