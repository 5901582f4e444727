// The comuni a comune-level publication may name, read from the warehouse
// once per file — the living reference that `osservatorio reference update`
// keeps, not the list shipped with the code: today's comuni, every past code
// that leads to one of them (comuneCodes: the same codes the contract feeds
// and the other public connectors accept), the names those past comuni had,
// and, for the codes the lists loaded have seen come or go, the days on which
// they were proven not to be a comune (ref.comuni_validity, as for
// comune_not_valid_at_date).
import type { Warehouse } from '../../warehouse/db.ts';
import { comuneCodes } from '../connectors/comuneCodes.ts';

export interface ComuneValidity {
  /** First list without the code: from this day on it was no comune (null: still in the newest list). */
  validTo: string | null;
  /** Last list before the code appeared: on this day it was no comune yet (null: in the first list). */
  absentOn: string | null;
}

export interface ComuneReference {
  /** Code as a file may print it (today's or past) → today's comune code. */
  todayOf: Map<string, string>;
  /** Names of today's comuni (as ISTAT writes them, bilingual where they are). */
  names: { name: string; code: string }[];
  /** Names of past comuni, each with its code and the comune of today that holds its territory. */
  pastNames: { name: string; pastCode: string; code: string }[];
  validity: Map<string, ComuneValidity>;
}

export async function comuneReference(wh: Warehouse): Promise<ComuneReference> {
  const { todayOf } = await comuneCodes(wh);
  const today = await wh.rows<{ code: string; name: string }>(
    `select comune_code as code, name from ref.comuni order by comune_code`,
  );
  const past = await wh.rows<{ code: string; current: string; name: string | null }>(
    `with last_name as (
       select comune_code, arg_max(name_it, opened_by) as name_it
       from ref.comuni_history group by comune_code)
     select o.old_code as code, o.current_code as current,
            coalesce(h.name_it, p.old_name) as name
     from ref.comuni_old_codes o
     left join last_name h on h.comune_code = o.old_code
     left join ref.comuni_past_codes p on p.old_code = o.old_code
     order by o.old_code`,
  );
  const validity = await wh.rows<{
    code: string;
    valid_to: string | null;
    absent_on: string | null;
  }>(
    `select code, strftime(valid_to, '%Y-%m-%d') as valid_to, strftime(absent_on, '%Y-%m-%d') as absent_on
     from ref.comuni_validity
     where valid_to is not null or absent_on is not null`,
  );
  return {
    todayOf,
    names: today,
    pastNames: past
      .filter((p) => p.name)
      .map((p) => ({ name: p.name!, pastCode: p.code, code: p.current })),
    validity: new Map(
      validity.map((v) => [v.code, { validTo: v.valid_to, absentOn: v.absent_on }]),
    ),
  };
}

/**
 * True when the lists loaded prove `code` was no comune at any day of the
 * period [first, last]: it had left before the period began, or appeared
 * only after it ended. The legal date of a change lies between two lists, so
 * a period that overlaps that gap gets the benefit of the doubt.
 */
export function notValidThroughout(v: ComuneValidity, first: string, last: string): boolean {
  return (v.validTo !== null && first >= v.validTo) || (v.absentOn !== null && last <= v.absentOn);
}
