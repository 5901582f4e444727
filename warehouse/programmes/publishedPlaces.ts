// Where funded projects take place as OpenCoesione publishes it
// (core.project_places, from its localizzazioni file), placed in today's
// territory: a comune code that is no longer today's (the pre-2025 Sardinian
// codes, merged or renumbered comuni) is rolled up to the comune that holds
// its territory today, the way the marts read comune codes
// (warehouse/marts/intermediate/int_territory.sql, read here as is). A province-level place
// gets today's UTS when its historical province still exists as one (the old
// Sardinian provinces do not: region only). National, foreign and unplaced
// rows keep no territory code. The CUP comes from core.projects through the
// local project code, null when the project itself is not loaded.
import type { Session } from '../db.ts';
import { martSql } from '../marts/refresh.ts';

export type PublishedPlace = {
  local_code: string;
  /** Null when the project (its progetti row) is not loaded. */
  cup: string | null;
  level: 'comune' | 'provincia' | 'regione' | 'nazionale' | 'estero' | 'non_localizzato';
  /** Today's comune (rolled up), comune-level places only. */
  comune: string | null;
  /** Today's cod_uts, when known. */
  province: string | null;
  region: string | null;
  /** The name as the publication prints it. */
  name: string;
};

export function publishedProjectPlaces(db: Session, localCode?: string): Promise<PublishedPlace[]> {
  return db.rows<PublishedPlace>(
    `with territory as (
${martSql('int_territory')}
     ), province as (
       select cod_provincia_storico as code, any_value(cod_uts) as cod_uts
         from ref.provinces group by cod_provincia_storico having count(*) = 1
     )
     select pp.local_code, pr.cup, pp.place_level as level,
            t.current_comune as comune,
            coalesce(t.province, pv.cod_uts) as province,
            coalesce(t.region, pp.region_code) as region,
            pp.place_name as name
       from core.project_places pp
       left join territory t on pp.place_level = 'comune' and t.comune_code = pp.comune_code
       left join province pv on pp.place_level = 'provincia' and pv.code = pp.province_code
       left join (select local_code, min(cup) as cup from core.projects where local_code is not null group by local_code) pr
              on pr.local_code = pp.local_code
      where $1::VARCHAR is null or pp.local_code = $1
      order by pp.local_code, pp.place_level, pp.territory_code`,
    [localCode ?? null],
  );
}
