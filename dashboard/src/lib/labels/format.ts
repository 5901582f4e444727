// Numbers, dates and periods as a reader of the page's language writes them,
// through Intl: 1.205, 1.234,5 and 31/10/2025 in Italian, 1,205, 1,234.5 and
// 31/10/2025 in English; quarters as "III trim. 2025" / "Q3 2025"; timestamps
// in Italian local time (Europe/Rome), whatever the server's zone. One set of
// functions for tables, tiles, chart axes and tips.
import { AS_PUBLISHED, numberFormat as readableNumberFormat, publishedDecimals } from '../../../../warehouse/readableNumber.ts';
import { locale, type Lang } from './lang.ts';
import { valueText } from './values.ts';

/** Where the observatory's times are read: timestamps are stored in UTC and shown in this zone. */
export const DISPLAY_TIME_ZONE = 'Europe/Rome';

const EMPTY = '—';
const ROMAN = ['I', 'II', 'III', 'IV'] as const;

const cache = new Map<string, Intl.NumberFormat>();
/**
 * The number format of a page language, cached: every number the dashboard
 * writes comes from here. Grouping is decided once, for the pages and the
 * warehouse's texts alike (warehouse/readableNumber.ts): Italian groups
 * thousands from four digits (1.205), as Italian publications do.
 */
export function numberFormat(lang: Lang, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = readableNumberFormat(lang, options)));
  return f;
}

/** A count or amount with up to `digits` decimals (1.205, 1.234,5 / 1,205, 1,234.5). */
export function formatCount(lang: Lang, v: number, digits = 1): string {
  return numberFormat(lang, { maximumFractionDigits: digits }).format(v);
}

/** A share (0.529) as a percentage (52,9 % / 52.9%). */
export function formatPercent(lang: Lang, v: number, digits = 1): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(v);
}

/** An amount in euro, with cents unless `whole` (1.205,00 € / €1,205.00). */
export function formatEuro(lang: Lang, v: number, whole = false): string {
  return numberFormat(lang, { style: 'currency', currency: 'EUR', ...(whole ? { maximumFractionDigits: 0 } : {}) }).format(v);
}

/**
 * An amount in euro, millions and more written short for an axis (1,2 Mln € /
 * €1.2m). Below a million, Italian is written whole (500.000 €): the "500K €"
 * that ICU gives is not how an Italian table or newspaper writes it.
 */
export function formatEuroCompact(lang: Lang, v: number): string {
  if (lang === 'it' && Math.abs(v) < 1e6) return formatEuro(lang, v, true);
  return numberFormat(lang, { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/**
 * A change as it is printed: a share's or a rate's to a tenth of a point,
 * any other to one decimal. Its sign is the one to print and to draw an
 * arrow by, so a change that prints as 0 reads "±0", never "−0".
 */
export function printedChange(unit: string, delta: number): number {
  const r = unit === 'share' || unit === 'rate' ? Math.round(delta * 1000) / 1000 : Math.round(delta * 10) / 10;
  return r === 0 ? 0 : r; // no −0
}

/** A difference of two shares in percentage points (+3,2 p.p.). */
export function formatPoints(lang: Lang, diff: number, digits = 1): string {
  return `${numberFormat(lang, { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(diff * 100)} ${lang === 'it' ? 'p.p.' : 'pp'}`;
}

/**
 * A KPI value by its unit: share/rate as %, euro as currency, ratio with two
 * decimals, a published figure (ISTAT, Eurostat) with its own decimals, days
 * and counts with one; a text value (a status, a class) by its name; null as
 * a dash.
 */
export function formatValue(lang: Lang, v: unknown, unit?: string | null): string {
  if (v === null || v === undefined || v === '') return EMPTY;
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatTimestamp(lang, v) : PERIOD.test(v) ? formatPeriod(lang, v) : valueText(lang, v);
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return EMPTY;
  if (unit === 'share' || unit === 'rate') return formatPercent(lang, v);
  if (unit === 'euro') return formatEuro(lang, v);
  if (unit === AS_PUBLISHED) return numberFormat(lang, { maximumFractionDigits: publishedDecimals(v) }).format(v);
  if (unit === 'ratio') return formatCount(lang, v, 2);
  return formatCount(lang, v, 1);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^\d{4}-(\d{2}-\d{2}|\d{2}|Q[1-4]|S[12])$/;

/** A timestamp written without a zone ("2025-10-31 14:05:00"): the warehouse stores UTC, so it is read as UTC, not as the server's zone. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function toDate(iso: string): Date | null {
  const d = DAY.test(iso) ? new Date(`${iso}T12:00:00Z`) : ZONELESS.test(iso) ? new Date(`${iso.replace(' ', 'T')}Z`) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A day as 31/10/2025 (both languages); a timestamp gives its day in Italian local time. */
export function formatDate(lang: Lang, iso: string | Date | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return EMPTY;
  const d = iso instanceof Date ? iso : toDate(iso);
  if (!d) return String(iso);
  const zone = typeof iso === 'string' && DAY.test(iso) ? 'UTC' : DISPLAY_TIME_ZONE;
  return new Intl.DateTimeFormat(locale(lang), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: zone }).format(d);
}

/** A moment as 31/10/2025, 14:05 in Italian local time (Europe/Rome), from a UTC timestamp. */
export function formatTimestamp(lang: Lang, iso: string | Date | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return EMPTY;
  const d = iso instanceof Date ? iso : toDate(iso);
  if (!d) return String(iso);
  return new Intl.DateTimeFormat(locale(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: DISPLAY_TIME_ZONE,
  }).format(d);
}

/** A month (2025-10) as "ott 2025" / "Oct 2025". */
export function formatMonth(lang: Lang, ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m) return ym;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A quarter (2025-Q3) as "III trim. 2025" / "Q3 2025". */
export function formatQuarter(lang: Lang, yq: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(yq);
  if (!m) return yq;
  const q = Number(m[2]);
  return lang === 'it' ? `${ROMAN[q - 1]} trim. ${m[1]}` : `Q${q} ${m[1]}`;
}

/** A half-year (2025-S1) as "I sem. 2025" / "H1 2025". */
export function formatSemester(lang: Lang, ys: string): string {
  const m = /^(\d{4})-S([12])$/.exec(ys);
  if (!m) return ys;
  return lang === 'it' ? `${ROMAN[Number(m[2]) - 1]} sem. ${m[1]}` : `H${m[2]} ${m[1]}`;
}

/** Any period code the marts write (day, month, quarter, half-year, year), as the reader says it. */
export function formatPeriod(lang: Lang, p: string | null | undefined): string {
  if (p === null || p === undefined || p === '') return EMPTY;
  if (DAY.test(p)) return formatDate(lang, p);
  if (/^\d{4}-\d{2}$/.test(p)) return formatMonth(lang, p);
  if (/^\d{4}-Q[1-4]$/.test(p)) return formatQuarter(lang, p);
  if (/^\d{4}-S[12]$/.test(p)) return formatSemester(lang, p);
  return p;
}
