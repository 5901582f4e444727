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

/**
 * A unit for a figure another body published (ISTAT, Eurostat): kept with
 * every decimal it was published with, never rounded to the table's digits.
 */
export const AS_PUBLISHED = 'as_published';

/** The decimals a published figure is written with (15252.69 → 2), at most 10. */
export function publishedDecimals(v: number): number {
  const m = /\.(\d+)(?:e-(\d+))?$/i.exec(String(v)) ?? /e-(\d+)$/i.exec(String(v));
  if (!m) return 0;
  const digits = m.length === 3 ? m[1].length + Number(m[2] ?? 0) : Number(m[1]);
  return Math.min(digits, 10);
}
