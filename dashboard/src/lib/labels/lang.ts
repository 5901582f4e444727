// The page language and the Intl locale that formats numbers and dates in it.
export type Lang = 'it' | 'en';

/** Italian unless the URL asks for English (?lang=en). */
export function resolveLang(v: string | null | undefined): Lang {
  return v === 'en' ? 'en' : 'it';
}

/** The Intl locale of a page language (en-GB: day/month/year dates, as in Italian). */
export function locale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : 'it-IT';
}

/** A text in both languages: the shape of every label, here and in the warehouse's definitions. */
export interface Text {
  it: string;
  en: string;
}
