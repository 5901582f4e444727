// The agency's network of offices in one region, as the "Mercato del lavoro"
// page lists it: each office of the offices feed with its kind (centro per
// l'impiego, HUB, SPOKE, sportello…, named as the office_kind code list names
// it) and its comune and province by name. The comuni each office serves are
// not known — no catchment list is loaded (docs/official-data.md) — so none
// is listed or guessed from where the office stands.
import type { Session } from '../db.ts';

export interface NetworkOffice {
  code: string;
  name: string;
  kind: string;
  kind_it: string;
  kind_en: string;
  comune: string;
  comune_name: string;
  province: string;
  province_name: string;
}

/** Offices whose comune lies in `region` (cod_regione), by province, comune and name. */
export function officeNetwork(db: Session, region: string): Promise<NetworkOffice[]> {
  return db.rows<NetworkOffice>(
    `select o.office_id as code, o.name, o.kind,
            coalesce(k.label_it, o.kind) as kind_it, coalesce(k.label_en, o.kind) as kind_en,
            c.comune_code as comune, c.name as comune_name, p.cod_uts as province, p.name as province_name
       from core.offices o
       -- An office coded with a past comune code stands in today's comune.
       left join ref.comuni_old_codes x on x.old_code = o.comune_code
       join ref.comuni c on c.comune_code = coalesce(x.current_code, o.comune_code)
       join ref.provinces p on p.cod_uts = c.cod_uts
       left join ref.code_lists k on k.list = 'office_kind' and k.code = o.kind
      where c.cod_regione = $1
      order by p.name, c.name, o.name, o.office_id`,
    [region],
  );
}
