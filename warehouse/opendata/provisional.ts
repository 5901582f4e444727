// Provisional and final periods. Late files keep arriving for a while after
// a period ends (a placement is reported up to weeks late), so a period's
// figures are provisional until `months` whole months have passed after its
// last day, as of the data's as-of date; then they are final. A quarter
// ending 30/09 is final from 31/12 with the default of 3 months; a year from
// 31/03 of the next year. Each published row carries `period_status`.
import type { ProtectedTable } from '../disclosure/index.ts';
import { periodBounds } from './periods.ts';

export const DEFAULT_PROVISIONAL_MONTHS = 3;
export const PERIOD_STATUS_COLUMN = 'period_status';

/** The last day of the month `months` months after the month of `date` (YYYY-MM-DD). */
function endOfMonthAfter(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return new Date(Date.UTC(y, m + months, 0)).toISOString().slice(0, 10);
}

export function isProvisional(period: string, asOf: string, months: number): boolean {
  return asOf < endOfMonthAfter(periodBounds(period).end, months);
}

/** The periods of `periods` that are still provisional at `asOf`, sorted. */
export function provisionalPeriods(periods: Iterable<string>, asOf: string, months: number): string[] {
  return [...new Set(periods)].filter((p) => isProvisional(p, asOf, months)).sort();
}

/** Adds `period_status` ('provisional' or 'final') after the period's columns. */
export function withPeriodStatus(table: ProtectedTable, asOf: string, months: number): ProtectedTable {
  const at = table.columns.indexOf('period_level') + 1;
  const columns = [...table.columns.slice(0, at), PERIOD_STATUS_COLUMN, ...table.columns.slice(at)];
  const rows = table.rows.map((r) => {
    const out: typeof r = {};
    for (const c of columns) out[c] = c === PERIOD_STATUS_COLUMN ? (isProvisional(String(r.period), asOf, months) ? 'provisional' : 'final') : (r[c] ?? null);
    return out;
  });
  return { ...table, columns, rows };
}
