// A territory's compulsory-communication flows for one quarter beside the
// same quarter a year earlier: relationships started, ended and their
// balance (saldo = attivati − cessati: the difference of two flows of the
// same territory and quarter, so it is computed here, not stored), with the
// publication each figure comes from.
import type { Session } from '../db.ts';

export interface CobQuarter {
  period: string;
  attivati: number | null;
  cessati: number | null;
  saldo: number | null;
  publication: string | null;
}

/** `2025-Q3` → `2024-Q3`. */
export function sameQuarterYearEarlier(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) throw new RangeError(`'${period}' is not a quarter (YYYY-Qn)`);
  return `${Number(m[1]) - 1}-Q${m[2]}`;
}

async function quarter(db: Session, territoryCode: string, period: string): Promise<CobQuarter> {
  const r = await db.one<{
    attivati: number | null;
    cessati: number | null;
    publication: string | null;
  }>(
    `select max(value) filter (where measure = 'cob_rapporti_attivati') as attivati,
            max(value) filter (where measure = 'cob_rapporti_cessati') as cessati,
            string_agg(distinct publication, ', ') as publication
       from core.official_series
      where dataset = 'mlps_cob_regionale_trimestrale' and territory_code = $1 and period = $2
        and measure in ('cob_rapporti_attivati', 'cob_rapporti_cessati')`,
    [territoryCode, period],
  );
  const attivati = r?.attivati ?? null;
  const cessati = r?.cessati ?? null;
  return {
    period,
    attivati,
    cessati,
    saldo: attivati !== null && cessati !== null ? attivati - cessati : null,
    publication: r?.publication ?? null,
  };
}

export async function cobQuarterWithYearEarlier(
  db: Session,
  territoryCode: string,
  period: string,
): Promise<{ current: CobQuarter; yearEarlier: CobQuarter }> {
  return {
    current: await quarter(db, territoryCode, period),
    yearEarlier: await quarter(db, territoryCode, sameQuarterYearEarlier(period)),
  };
}
