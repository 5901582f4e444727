// Change of a quarterly value against the previous quarter and against the
// same quarter a year earlier. A rate's change is in percentage points and
// needs both quarters to have at least SMALL_BASE cases in the denominator; a
// count's change is absolute, and relative only when the earlier count is at
// least SMALL_BASE. A missing comparison quarter is said, never filled in.
import { SMALL_BASE } from './overviewMeasures.ts';

/** One quarter of a KPI for the chosen cut: the headline value and, for a rate, the counts behind it. */
export interface QuarterPoint {
  /** 'YYYY-Qn'. */
  period: string;
  value: number;
  num: number | null;
  den: number | null;
}

export type ChangeKind = 'rate' | 'count';

export type Change =
  | { against: string; available: false }
  | {
      against: string;
      available: true;
      earlier: number;
      /** last − earlier, in the KPI's unit (a share for a rate: × 100 for points). */
      delta: number;
      /** delta / earlier for a count with an earlier base of at least SMALL_BASE; otherwise null. */
      relative: number | null;
      /** Too few cases on either side to read the change: shown as "pochi casi", without an arrow. */
      small: boolean;
    };

const QUARTER = /^(\d{4})-Q([1-4])$/;

function shiftQuarter(period: string, quarters: number): string {
  const m = QUARTER.exec(period);
  if (!m) throw new Error(`Not a quarter 'YYYY-Qn': '${period}'.`);
  const index = Number(m[1]) * 4 + Number(m[2]) - 1 + quarters;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export const previousQuarter = (period: string): string => shiftQuarter(period, -1);
export const sameQuarterYearBefore = (period: string): string => shiftQuarter(period, -4);

/** Whether a rate's quarter rests on too few cases (denominator below SMALL_BASE). */
export const isSmall = (p: Pick<QuarterPoint, 'den'>, min = SMALL_BASE): boolean => p.den !== null && p.den < min;

/** The change of `last` against the quarter `against` of the same series. */
export function changeAgainst(series: readonly QuarterPoint[], last: QuarterPoint, against: string, kind: ChangeKind, casesCount = true): Change {
  const earlier = series.find((p) => p.period === against);
  if (!earlier) return { against, available: false };
  const delta = last.value - earlier.value;
  if (kind === 'rate') {
    const small = casesCount && (isSmall(last) || isSmall(earlier));
    return { against, available: true, earlier: earlier.value, delta, relative: null, small };
  }
  const base = Math.abs(earlier.value) >= SMALL_BASE;
  return { against, available: true, earlier: earlier.value, delta, relative: base ? delta / earlier.value : null, small: casesCount && !base };
}

/** Both comparisons of the overview for the last quarter of a series. */
export function quarterChanges(series: readonly QuarterPoint[], last: QuarterPoint, kind: ChangeKind, casesCount = true): { previous: Change; yearBefore: Change } {
  return {
    previous: changeAgainst(series, last, previousQuarter(last.period), kind, casesCount),
    yearBefore: changeAgainst(series, last, sameQuarterYearBefore(last.period), kind, casesCount),
  };
}
