// Whether a period on a time axis was still running at the data's as-of date.
// A quarter with six weeks of data has fewer placements, hires and euros than
// a whole one: drawn like the others, it reads as a collapse. Charts mark such
// a period as partial (and the caption says up to which date).

const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

/** The last day (ISO) of a period code of a time dimension, or null when the code is not a period of that dimension. */
export function periodEnd(dim: string, code: string): string | null {
  const last = (y: number, monthIndex: number) => new Date(Date.UTC(y, monthIndex + 1, 0)).toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})$/.exec(code);
  if ((dim === 'month' || dim === 'period') && m) return last(Number(m[1]), Number(m[2]) - 1);
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if ((dim === 'quarter' || dim === 'period') && q) return last(Number(q[1]), Number(q[2]) * 3 - 1);
  const y = /^(\d{4})$/.exec(code);
  if ((dim === 'year' || dim === 'period') && y) return `${y[1]}-12-31`;
  return null;
}

/** True when the period ends after the as-of date: its figures cover only part of it. */
export function isPartialPeriod(dim: string, code: string, asOf: string | null | undefined): boolean {
  if (!asOf || !ISO_DAY.test(asOf)) return false;
  const end = periodEnd(dim, code);
  return end !== null && end > asOf.slice(0, 10);
}
