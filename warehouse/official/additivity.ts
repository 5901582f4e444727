// Adding official figures up only where their measure allows it (the
// catalogue's additivity, migration 080): a flow adds across territories and
// across periods; a stock adds across territories at one date, never across
// dates; distinct persons and ratios never add. Anything else is refused
// with a typed error rather than answered with a wrong number — averaging or
// summing quarters of a stock, or summing a rate, is the mistake this
// module exists to prevent.
import type { Session } from '../db.ts';
import type { Additivity } from './series.ts';

export class NotAdditive extends Error {
  readonly code = 'NOT_ADDITIVE';
  readonly status = 422;
}

/**
 * Whether figures of one measure for different territories (at the same
 * period) add up: flows and stocks do; distinct persons and ratios never.
 */
export function addsAcrossTerritories(a: Additivity): boolean {
  return a === 'flow' || a === 'stock';
}

export async function additivityOf(db: Session, measure: string): Promise<Additivity> {
  const row = await db.one<{ additivity: Additivity }>(
    `select additivity from core.official_measures where measure = $1`,
    [measure],
  );
  if (!row) throw new NotAdditive(`unknown measure '${measure}': load its publication first`);
  return row.additivity;
}

export interface Sum {
  value: number | null;
  /** Figures summed. */
  figures: number;
  /** Figures without a value (flag na): the sum is then null, never a partial total. */
  missing: number;
}

async function sumWhere(db: Session, where: string, params: (string | number)[]): Promise<Sum> {
  const r = (await db.one<{ value: number | null; figures: number; missing: number }>(
    `select case when count(*) filter (where value is null) = 0 then sum(value) end as value,
            count(*)::INTEGER as figures,
            count(*) filter (where value is null)::INTEGER as missing
       from core.official_series where ${where}`,
    params,
  ))!;
  return r;
}

/** Total of one measure over several territories, for one period and the total breakdowns. */
export async function sumAcrossTerritories(
  db: Session,
  q: { measure: string; period: string; territoryCodes: string[] },
): Promise<Sum> {
  const a = await additivityOf(db, q.measure);
  if (!addsAcrossTerritories(a))
    throw new NotAdditive(
      `'${q.measure}' is a ${a === 'ratio' ? 'ratio, share or mean' : 'count of distinct persons'}: it is never summed across territories`,
    );
  const codes = q.territoryCodes.map((_, i) => `$${i + 3}`).join(', ');
  return sumWhere(
    db,
    `measure = $1 and period = $2 and territory_code in (${codes || 'null'})
     and sex = '_T' and age_band = '_T' and contract_type = '_T' and gol_path = '_T'`,
    [q.measure, q.period, ...q.territoryCodes],
  );
}

/** Total of one measure over several periods of one territory (a flow only). */
export async function sumAcrossPeriods(
  db: Session,
  q: { measure: string; territoryCode: string; periods: string[] },
): Promise<Sum> {
  const a = await additivityOf(db, q.measure);
  if (a !== 'flow')
    throw new NotAdditive(
      a === 'stock'
        ? `'${q.measure}' is a stock at a date: take the figure at one date, never a sum or an average of dates`
        : `'${q.measure}' is a ${a === 'ratio' ? 'ratio, share or mean' : 'count of distinct persons'}: it is never summed across periods`,
    );
  const periods = q.periods.map((_, i) => `$${i + 3}`).join(', ');
  return sumWhere(
    db,
    `measure = $1 and territory_code = $2 and period in (${periods || 'null'})
     and sex = '_T' and age_band = '_T' and contract_type = '_T' and gol_path = '_T'`,
    [q.measure, q.territoryCode, ...q.periods],
  );
}
