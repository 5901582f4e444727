// Shared steps of the release tests: a seeded warehouse with its marts, and a
// placement reported late (a copy, under a new id, of one already loaded in
// Bari), so the next release has something to revise.
import type { Session } from '../../warehouse/db.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { seedCore } from '../security/seed.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

export async function seededWarehouse(): Promise<TempWarehouse> {
  const t = await tempWarehouse();
  await seedCore(t.wh, { seekers: 1500, placements: 1200, vacancies: 800 });
  await refreshMarts(t.wh);
  return t;
}

export async function addLatePlacement(wh: Session, id = 'late-placement-1'): Promise<void> {
  await wh.run(
    `insert into core.placements by name
     select * replace ($1 as placement_id) from core.placements where comune_code = '072006' order by placement_id limit 1`,
    [id],
  );
  await refreshMarts(wh);
}
