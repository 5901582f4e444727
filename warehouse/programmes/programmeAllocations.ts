// What a programme was given by fund, as OpenCoesione publishes it
// (core.programme_allocations): at the newest reference date loaded for the
// programme, one row per fund with the categories of region added up — they
// are parts of one allocation (a PON's FESR money for less developed, transition
// and more developed regions). Dates are never added together: each date is
// the whole allocation as it stood then. An amount not printed stays null.
import type { Session } from '../db.ts';

export type ProgrammeAllocation = {
  programme: string;
  name: string;
  fund: string;
  as_of: string;
  total_amount: number | null;
  eu_amount: number | null;
  /** Categories of region added into the row. */
  categories: number;
};

export function programmeAllocations(db: Session, code?: string): Promise<ProgrammeAllocation[]> {
  return db.rows<ProgrammeAllocation>(
    `with latest as (
       select programme_code, max(as_of) as as_of from core.programme_allocations group by programme_code
     )
     select a.programme_code as programme, any_value(a.programme_name) as name, a.fund,
            strftime(a.as_of, '%Y-%m-%d') as as_of,
            -- A sum over categories is only a figure when every category printed one.
            case when count(a.total_amount) = count(*) then sum(a.total_amount)::DOUBLE end as total_amount,
            case when count(a.eu_amount) = count(*) then sum(a.eu_amount)::DOUBLE end as eu_amount,
            count(*)::INTEGER as categories
       from core.programme_allocations a join latest l using (programme_code, as_of)
      where $1::VARCHAR is null or a.programme_code = $1
      group by a.programme_code, a.fund, a.as_of
      order by a.programme_code, a.fund`,
    [code ?? null],
  );
}
