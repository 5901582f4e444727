// Tables of counts per calendar year, printed at a reference date: INAPP's
// Focus GOL Tabella 1.1 gives, at 31/12/2025, the prese in carico of 2022,
// 2023, 2024 and 2025 in columns named by the year. Each such figure is the
// year's count as it stood at the reference date: its period is the year, and
// while the year is not over at that date the count is of the year so far,
// flagged `p` (provisional) until a later table gives the whole year. A year
// that begins after the reference date cannot have been counted at it.
import type { PeriodOutcome } from './periods.ts';

/** Flag of a year still running at the reference date: the count so far. */
export const PROVISIONAL_FLAG = 'p';

export type CountedYear =
  | { ok: true; period: string; start: string; last: string; provisional: boolean }
  | { ok: false; rule: 'period_outside_publication' };

/** True when a label names a calendar year (`2024`). */
export const isYearLabel = (label: string): boolean => /^\d{4}$/.test(label);

/** The year `label` names (`2024`), counted at `asOf`, the row's own period; undefined when `label` is no year. */
export function countedYear(
  label: string,
  asOf: Extract<PeriodOutcome, { ok: true }>,
): CountedYear | undefined {
  if (!isYearLabel(label)) return undefined;
  const start = `${label}-01-01`;
  const last = `${label}-12-31`;
  if (start > asOf.last) return { ok: false, rule: 'period_outside_publication' };
  return { ok: true, period: label, start, last, provisional: asOf.last < last };
}

/** A figure of a year counted at a date, with the row it was read from. */
interface Counted<F> {
  figure: F;
  countedAt: string;
  row: number;
}

/**
 * The years of one file, each at the newest date it was counted: a file that
 * collects several reference dates (the long form of twelve monthly Focus
 * GOL reports) gives 2024 at each of them, revised. The newest count is
 * loaded; the earlier ones are counted in the report, never dropped unseen.
 */
export class NewestCounts<F> {
  private readonly kept = new Map<string, Counted<F>>();

  /** `superseded`: the row whose count gave way (this one or the one kept before); `duplicate`: the same year at the same date twice. */
  add(
    key: string,
    c: Counted<F>,
  ): { outcome: 'kept' } | { outcome: 'superseded'; row: number } | { outcome: 'duplicate' } {
    const there = this.kept.get(key);
    if (!there) {
      this.kept.set(key, c);
      return { outcome: 'kept' };
    }
    if (there.countedAt === c.countedAt) return { outcome: 'duplicate' };
    if (c.countedAt < there.countedAt) return { outcome: 'superseded', row: c.row };
    this.kept.set(key, c);
    return { outcome: 'superseded', row: there.row };
  }

  /** The figures kept, each with the row it was read from. */
  entries(): { figure: F; row: number }[] {
    return [...this.kept.values()];
  }
}
