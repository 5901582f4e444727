// The territory hierarchy behind the dashboard's territory picker: region →
// province → comune, and the offices (job centres, desks) located in them.
// Reference data plus the office registry only — no person-level values —
// so it is read without KPI authorization, like dimension labels.
//
// Only places where the observatory has a service network (an office) are
// offered as regions and provinces; Italy has ~7,900 comuni, so comuni are
// listed only for one chosen province.
import type { Session } from '../db.ts';

export interface Place {
  code: string;
  name: string;
}

export interface ProvincePlace extends Place {
  region: string;
}

export interface ComunePlace extends Place {
  province: string;
  region: string;
  /** Whether an office of the network is in this comune. */
  hasOffice: boolean;
}

export interface OfficePlace extends Place {
  comune: string;
  province: string;
  region: string;
}

export interface TerritoryTree {
  regions: Place[];
  provinces: ProvincePlace[];
  /** Comuni of the province asked for (empty when none was asked). */
  comuni: ComunePlace[];
  offices: OfficePlace[];
  /**
   * The province asked for when it is in the reference list but has no office
   * (so no data): the page names it and says it has no data, rather than
   * calling a real province unknown.
   */
  unlisted?: ProvincePlace[];
}

/**
 * Regions and provinces with at least one office (all of them when no office
 * is loaded yet, so a fresh warehouse still offers a choice), every office, and
 * the comuni of `province` (or of the province of `comune`) when given.
 */
export async function territoryTree(db: Session, province?: string | null, comune?: string | null): Promise<TerritoryTree> {
  // A comune named without its province (a shared URL ?comune=072006): list its province's comuni.
  if (!province && comune)
    province = (await db.rows<{ p: string }>(`select cod_uts as p from ref.comuni where comune_code = $1`, [comune]))[0]?.p ?? null;
  const offices = await db.rows<{ code: string; name: string; comune: string; province: string; region: string }>(
    `select o.office_id as code, o.name, o.comune_code as comune, c.cod_uts as province, c.cod_regione as region
       from core.offices o join ref.comuni c using (comune_code)
      where o.closed_on is null or o.closed_on > current_date
      order by c.cod_regione, c.cod_uts, o.name`,
  );
  const any = offices.length > 0;
  const regions = await db.rows<Place>(
    `select cod_regione as code, name from ref.regions r
      where not $1 or exists (select 1 from core.offices o join ref.comuni c using (comune_code) where c.cod_regione = r.cod_regione)
      order by name`,
    [any],
  );
  const provinces = await db.rows<ProvincePlace>(
    `select cod_uts as code, name, cod_regione as region from ref.provinces p
      where not $1 or exists (select 1 from core.offices o join ref.comuni c using (comune_code) where c.cod_uts = p.cod_uts)
      order by name`,
    [any],
  );
  const comuni = province
    ? await db.rows<ComunePlace>(
        `select c.comune_code as code, c.name_it as name, c.cod_uts as province, c.cod_regione as region,
                exists (select 1 from core.offices o where o.comune_code = c.comune_code) as "hasOffice"
           from ref.comuni c where c.cod_uts = $1 order by c.name_it`,
        [province],
      )
    : [];
  const unlisted =
    province && !provinces.some((p) => p.code === province)
      ? await db.rows<ProvincePlace>(`select cod_uts as code, name, cod_regione as region from ref.provinces where cod_uts = $1`, [province])
      : [];
  return { regions, provinces, comuni, offices, unlisted };
}
