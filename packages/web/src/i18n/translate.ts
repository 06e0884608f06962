import type { MessageKey, Messages } from './en.js';
import { loadOnce } from '../loadOnce.js';

export type Lang = 'en' | 'ko';
export const LANGUAGES: ReadonlyArray<{ code: Lang; label: string }> = [
  { code: 'en', label: 'English' },
  { code: 'ko', label: '한국어' },
];

/** Each language's strings are a chunk of their own: a page loads only the one it shows, once. */
const CATALOGS: Record<Lang, () => Promise<Messages>> = {
  en: loadOnce(() => import('./en.js').then((module) => module.en)),
  ko: loadOnce(() => import('./ko.js').then((module) => module.ko)),
};

/** The strings of `lang`, fetched once per page (a failed fetch is tried again next time). */
export function loadCatalog(lang: Lang): Promise<Messages> {
  return CATALOGS[lang]();
}

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** A translator for one language's catalog (complete: `Messages` has every key); `{name}` placeholders are filled from `vars`. */
export function translator(catalog: Messages): Translate {
  return (key, vars) => format(catalog[key], vars);
}

/** ko, ko-KR, … → Korean; everything else → English (the reference catalog). */
export function langFromLocale(locale: string | undefined): Lang {
  return (locale ?? '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
