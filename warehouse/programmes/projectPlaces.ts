// Where each funded project is delivered: the offices that delivered its
// services (core.services carries the CUP and the office), with each office's
// comune, province and region. Projects carry no territory code of their own
// (core.projects.city is free text), so this is the one link from a project to
// the territory hierarchy. A project with no service recorded has one row with
// no office: it cannot be placed, and callers say so instead of guessing.
// No figures and no people: one row per project × office.
import type { Session } from '../db.ts';

export type ProjectPlace = {
  programme: string;
  project: string;
  /** Null when no service of the project is recorded. */
  office: string | null;
  comune: string | null;
  province: string | null;
  region: string | null;
};

export function projectPlaces(db: Session): Promise<ProjectPlace[]> {
  return db.rows<ProjectPlace>(
    `select p.programme_code as programme, p.cup as project, d.office_id as office,
            c.comune_code as comune, c.cod_uts as province, c.cod_regione as region
       from core.projects p
       left join (select distinct cup, office_id from core.services where cup is not null) d on d.cup = p.cup
       left join core.offices o on o.office_id = d.office_id
       left join ref.comuni c on c.comune_code = o.comune_code
      order by p.cup, d.office_id`,
  );
}
