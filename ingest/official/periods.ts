// The period of a published figure, in one of four shapes: `YYYY` (year),
// `YYYY-Qn` (quarter), `YYYY-MM` (month) or `YYYY-MM-DD` (a stock at that
// date). Read from the columns the mapping names; a period the publication
// cannot cover — before the first period its mapping declares, or starting
// after the load date — is refused.

export type PeriodType = 'year' | 'quarter' | 'month' | 'date';

export type PeriodOutcome =
  | {
      ok: true;
      period: string;
      /** First day of the period (YYYY-MM-DD). */
      start: string;
      /** Last day of the period (YYYY-MM-DD); a date's is the date itself. */
      last: string;
    }
  | { ok: false; rule: 'period_unreadable' };

const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

function year(text: string): number | undefined {
  return /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function quarterNumber(text: string): number | undefined {
  const t = text.trim().toUpperCase();
  if (/^[1-4]$/.test(t)) return Number(t);
  return ROMAN[t];
}

function isoDate(text: string): string | undefined {
  const t = text.trim();
  // A date-time (the Civil Protection's `2020-05-23T17:00:00`, the hour of its
  // daily bulletin) is a figure of that day.
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (!m) {
    const it = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
    if (it) m = [t, it[3], it[2], it[1]] as unknown as RegExpExecArray;
  }
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Last day of the month `months` months after the month of `start`, minus one: the end of a span. */
function lastDay(start: string, months: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months, 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** Period of a row from its year/quarter/month/date cells. */
export function readPeriod(
  type: PeriodType,
  cells: { year?: string; quarter?: string; month?: string; value?: string },
): PeriodOutcome {
  const bad = { ok: false, rule: 'period_unreadable' } as const;
  switch (type) {
    case 'year': {
      const y = year(cells.value ?? cells.year ?? '');
      return y ? { ok: true, period: String(y), start: `${y}-01-01`, last: `${y}-12-31` } : bad;
    }
    case 'quarter': {
      if (cells.value !== undefined) {
        const m = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(cells.value.trim());
        if (!m) return bad;
        const q = Number(m[2]);
        const start = `${m[1]}-${String(q * 3 - 2).padStart(2, '0')}-01`;
        return { ok: true, period: `${m[1]}-Q${q}`, start, last: lastDay(start, 3) };
      }
      const y = year(cells.year ?? '');
      const q = quarterNumber(cells.quarter ?? '');
      if (!y || !q) return bad;
      const start = `${y}-${String(q * 3 - 2).padStart(2, '0')}-01`;
      return { ok: true, period: `${y}-Q${q}`, start, last: lastDay(start, 3) };
    }
    case 'month': {
      const m = /^(\d{4})-(\d{2})$/.exec((cells.value ?? '').trim());
      const y = m ? Number(m[1]) : year(cells.year ?? '');
      const mo = m
        ? Number(m[2])
        : /^\d{1,2}$/.test((cells.month ?? '').trim())
          ? Number(cells.month)
          : NaN;
      if (!y || !(mo >= 1 && mo <= 12)) return bad;
      const p = `${y}-${String(mo).padStart(2, '0')}`;
      return { ok: true, period: p, start: `${p}-01`, last: lastDay(`${p}-01`, 1) };
    }
    case 'date': {
      const d = isoDate(cells.value ?? '');
      return d ? { ok: true, period: d, start: d, last: d } : bad;
    }
  }
}
