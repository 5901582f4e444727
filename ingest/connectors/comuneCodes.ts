// The comune and province codes a public file may carry, read from the
// warehouse once per file: today's comuni and every past code that leads to
// one (ref.comuni_old_codes: the roll-up of the lists loaded, the 2025
// Sardinian crosswalk, the shipped past codes since 1991), the same codes the
// load path accepts (ingest/validate.ts). Each code knows the comune that
// holds its territory today and that comune's region, so a connector can
// roll a row up to today's territory, or check its region without guessing
// and refuse it with row and column.
import type { Warehouse } from '../../warehouse/db.ts';

export interface ComuneCodes {
  /** comune code as a file may write it → today's comune code. */
  todayOf: Map<string, string>;
  /** comune code as a file may write it → cod_regione of today's comune. */
  regionOf: Map<string, string>;
  /** Historical province codes (the first 3 digits of every code above). */
  provinces: Set<string>;
}

export async function comuneCodes(wh: Warehouse): Promise<ComuneCodes> {
  const rows = await wh.rows<{ code: string; today: string; region: string }>(
    `select comune_code as code, comune_code as today, cod_regione as region from ref.comuni
     union all
     select o.old_code, o.current_code, c.cod_regione
     from ref.comuni_old_codes o join ref.comuni c on c.comune_code = o.current_code`,
  );
  const todayOf = new Map<string, string>();
  const regionOf = new Map<string, string>();
  for (const r of rows)
    if (!todayOf.has(r.code)) {
      todayOf.set(r.code, r.today);
      regionOf.set(r.code, r.region);
    }
  // A comune code is its province's historical code + its number inside it,
  // so the provinces a file may name are the prefixes of the codes above.
  const provinces = new Set([...regionOf.keys()].map((c) => c.slice(0, 3)));
  return { todayOf, regionOf, provinces };
}
