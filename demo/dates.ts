// Demo dates are days counted from a fixed reference date, never from the
// clock, so a demo generated today and next year is the same.
export const REFERENCE_DATE = '2025-10-31';

const DAY = 86_400_000;
const REF_DAY = Date.parse(`${REFERENCE_DATE}T00:00:00Z`) / DAY;

/** Day number (days since 1970-01-01) of an ISO date. */
export function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY;
}

/** The reference date as a day number. */
export const REF = REF_DAY;

const cache = new Map<number, string>();
/** ISO date of a day number. */
export function iso(day: number): string {
  let s = cache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10);
    cache.set(day, s);
  }
  return s;
}
