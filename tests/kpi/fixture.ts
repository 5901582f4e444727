// Loads tests/fixtures/kpi/*.csv through the one load path (loadFile) into a
// fresh warehouse and builds the marts with the data as-of date 2025-06-30.
import { join } from 'node:path';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';

export const KPI_FIXTURES = join(FIXTURES, 'kpi');
export const AS_OF = '2025-06-30';

/** Load order: referenced feeds before the feeds that refer to them. */
export const FIXTURE_FILES = [
  'offices',
  'employers',
  'programmes',
  'projects',
  'project_financials',
  'targets',
  'indicator_reports',
  'job_seekers',
  'services',
  'vacancies',
  'events',
  'placements',
  'context_stats',
];

export async function kpiWarehouse(): Promise<TempWarehouse> {
  const t = await tempWarehouse();
  for (const feed of FIXTURE_FILES) {
    const r = await loadFile(t.wh, join(KPI_FIXTURES, `${feed}.csv`), { feed, source: 'kpi-fixture', today: AS_OF });
    if (r.status !== 'loaded') {
      t.cleanup();
      throw new Error(`fixture ${feed}.csv: ${r.status} ${JSON.stringify(r.errors)}`);
    }
  }
  await refreshMarts(t.wh, { asOf: AS_OF });
  return t;
}
