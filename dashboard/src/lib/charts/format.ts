// Number and date formats for chart axes and tips, by unit and language. Tips
// use the same format as the table (formatValue); axis ticks are shorter:
// whole percentages, whole euros, compact above a million, so they fit on a
// phone. All through $lib/labels, so an Italian axis reads 5.000 and 50.000,
// never 5,000 or 5000.
import { formatCount, formatEuro, formatEuroCompact, formatPercent, formatPeriod, formatValue, locale, type Lang } from '../labels/index.ts';

/** The formatter for a value axis's ticks. */
export function axisFormat(lang: Lang, unit: string | null | undefined): (v: number) => string {
  if (unit === 'share' || unit === 'rate') return (v) => formatPercent(lang, v, 0);
  if (unit === 'euro') return (v) => (Math.abs(v) >= 1e6 ? formatEuroCompact(lang, v) : formatEuro(lang, v, true));
  return (v) => formatCount(lang, v, 2);
}

/** The formatter for a value in a tip or a table cell (same as the table). */
export function valueFormat(lang: Lang, unit: string | null | undefined): (v: unknown) => string {
  return (v) => formatValue(lang, v, unit);
}

/** Month ticks ('ott 2025' / 'Oct 2025') for a time axis. */
export function monthFormat(lang: Lang): (d: Date) => string {
  const f = new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (d) => f.format(d);
}

/** Period ticks and tips for a band axis of period codes ('III trim. 2025', 'ott 2025'). */
export function periodFormat(lang: Lang): (p: unknown) => string {
  return (p) => formatPeriod(lang, p === null || p === undefined ? null : String(p));
}
