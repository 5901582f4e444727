// Number formats for chart axes and tips, by unit and language (Intl). Tips
// use the same format as the table (fmtNumber); axis ticks are shorter: whole
// euros, compact above a million, so they fit on a phone.
import { fmtNumber, locale, type Lang } from '../i18n.ts';

/** The formatter for a value axis's ticks. */
export function axisFormat(lang: Lang, unit: string | null | undefined): (v: number) => string {
  const loc = locale(lang);
  if (unit === 'share' || unit === 'rate') {
    const f = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 });
    return (v) => f.format(v);
  }
  if (unit === 'euro') {
    const whole = new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
    const compact = new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 });
    return (v) => (Math.abs(v) >= 1e6 ? compact.format(v) : whole.format(v));
  }
  const f = new Intl.NumberFormat(loc, { maximumFractionDigits: 2 });
  return (v) => f.format(v);
}

/** The formatter for a value in a tip or a table cell (same as the table). */
export function valueFormat(lang: Lang, unit: string | null | undefined): (v: unknown) => string {
  return (v) => fmtNumber(lang, v, unit ?? undefined);
}

/** Month ticks ('gen 2025' / 'Jan 2025') for a time axis. */
export function monthFormat(lang: Lang): (d: Date) => string {
  const f = new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (d) => f.format(d);
}
