// Which projects a spend figure for a territory or office covers. A project
// counts for a place when every office that delivered its services is inside
// that place: its whole spend belongs there. A project delivered inside and
// outside the place is not split (the financial snapshots carry no
// per-office amounts) and a project with no service recorded cannot be
// placed; both are counted and named on the page, never silently dropped.
import type { ProjectPlace } from '../../../../warehouse/programmes/projectPlaces.ts';
import type { Place } from './territory.ts';

export interface ProjectsOfPlace {
  /** CUPs wholly delivered inside the place. */
  inside: string[];
  /** CUPs delivered both inside and outside the place: left out. */
  straddling: string[];
  /** CUPs with no service recorded: no place known. */
  unplaced: string[];
}

export function projectsOfPlace(rows: readonly ProjectPlace[], place: Place): ProjectsOfPlace {
  const byProject = new Map<string, ProjectPlace[]>();
  for (const r of rows) byProject.set(r.project, [...(byProject.get(r.project) ?? []), r]);
  const out: ProjectsOfPlace = { inside: [], straddling: [], unplaced: [] };
  for (const [cup, offices] of byProject) {
    if (offices.every((o) => o.office === null)) {
      out.unplaced.push(cup);
      continue;
    }
    const here = offices.filter((o) => o[place.level] === place.code).length;
    if (here === offices.length) out.inside.push(cup);
    else if (here > 0) out.straddling.push(cup);
  }
  return out;
}
