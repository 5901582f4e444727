// A project's registry facts (core.projects, with its programme's name):
// title, beneficiary, city, fund and planned dates, for the project page's
// header. No figures and no people; callers still authorize the reader, so a
// funder outside the project's scope learns nothing about it.
import type { Session } from '../db.ts';

export type ProjectFacts = {
  project: string;
  programme: string;
  /** Null when the programme is not in core.programmes. */
  programme_name: string | null;
  title: string;
  beneficiary: string;
  city: string | null;
  fund: string | null;
  start_date: string | null;
  end_date: string | null;
};

/** The project with this CUP: one row, or none when the registry does not hold it. */
export function projectFacts(db: Session, cup: string): Promise<ProjectFacts[]> {
  return db.rows<ProjectFacts>(
    `select p.cup as project, p.programme_code as programme, g.name as programme_name, p.title, p.beneficiary, p.city, p.fund,
            p.start_date, p.end_date
       from core.projects p left join core.programmes g on g.programme_code = p.programme_code
      where p.cup = $1`,
    [cup],
  );
}
