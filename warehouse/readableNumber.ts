// Numbers as people read them, Italian or English: in the dashboard's pages
// (dashboard/src/lib/labels/format.ts caches these) and in the text the
// warehouse writes (alert e-mails, the open-data revision notes). Italian
// publications (ISTAT, the Ministry's notes on mandatory communications,
// INAPP) group thousands from four digits, 1.205; Intl's it-IT follows CLDR,
// which leaves a 4-digit number ungrouped (1205 beside 12.050), so Italian
// asks for grouping always unless `options` says otherwise. English (en-GB)
// already writes 1,205. Files for spreadsheets are another matter: csv.ts
// writes numbers without grouping.

export type NumberLang = 'it' | 'en';

/** The number format of a language, Italian grouped from four digits. */
export function numberFormat(lang: NumberLang, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', lang === 'it' ? { useGrouping: 'always', ...options } : options);
}
