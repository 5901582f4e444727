// The demo's open-data releases, so a first start shows what a revision looks
// like: release 1 from the demo as loaded, then one placement reported late
// (loaded through the one load path, like any partner's file), the marts
// refreshed, and release 2 with its revision notes. Idempotent: it does only
// the steps still missing, so a restart publishes nothing new.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { loadFile } from '../ingest/loadFile.ts';
import { refreshMarts } from '../warehouse/marts/refresh.ts';
import { sqlIdent, sqlString } from '../warehouse/sql.ts';
import { listReleases, publishRelease, readPublishedTable, type ReleaseInfo } from '../warehouse/opendata/index.ts';
import { periodBounds } from '../warehouse/opendata/periods.ts';
import { TOTAL } from '../warehouse/disclosure/index.ts';
import { REFERENCE_DATE } from './dates.ts';
import { PLACEMENT_COLUMNS } from './placements.ts';

/** The late placement's id: a demo id, recognisable as the late record in ops.loads and core. */
export const LATE_PLACEMENT_ID = 'DEMO-LATE-0001';
/** Release dates of the demo: the demo's reference day, then the next date of the default calendar. */
export const DEMO_RELEASE_DATES = [REFERENCE_DATE, '2026-01-15'] as const;

export class DemoReleaseError extends Error {
  readonly code = 'DEMO_LATE_RECORD_REFUSED';
}

/**
 * The quarter the late placement starts in: the latest quarter whose total
 * of placements of women release 1 published (at a small demo scale most
 * cells are hidden, and a revision nobody can see would show nothing).
 */
function visibleQuarter(openData: string, release: number): string | null {
  const table = readPublishedTable(openData, 'placements_province_quarter_women', release);
  const quarters = (table?.rows ?? [])
    .filter((r) => String(r.period).includes('-Q') && r.territory === TOTAL && r.placements_women !== null)
    .map((r) => String(r.period))
    .sort();
  return quarters.length ? quarters[quarters.length - 1] : null;
}

/**
 * Writes the late placement's file: a copy of the most recent placement of a
 * woman in that quarter under a new id (same person, employer, place and
 * dates), so published counts go up by one. Columns are the feed's own, in the demo's order.
 */
async function writeLatePlacement(wh: Warehouse, dir: string, quarter: string | null): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'placements_late.csv');
  const columns = PLACEMENT_COLUMNS.filter((c) => c !== 'placement_id');
  const { start, end } = quarter ? periodBounds(quarter) : { start: '0001-01-01', end: '9999-12-31' };
  // COPY takes no parameters: the id, the dates and the path go in quoted, the columns are the demo's fixed list.
  await wh.run(
    `copy (select ${sqlString(LATE_PLACEMENT_ID)} as placement_id, ${columns.map(sqlIdent).join(', ')}
             from core.placements p
            where exists (select 1 from core.job_seekers s where s.person_id = p.person_id and s.gender = 'F')
              and start_date between ${sqlString(start)}::DATE and ${sqlString(end)}::DATE
            order by start_date desc, placement_id limit 1)
       to ${sqlString(file)} (header, delimiter ',')`,
  );
  return file;
}

export async function ensureDemoReleases(
  wh: Warehouse,
  paths: Pick<DataPaths, 'openData' | 'dataDir'>,
  options: { log?: (line: string) => void } = {},
): Promise<ReleaseInfo[]> {
  const log = options.log ?? (() => undefined);
  if (!listReleases(paths.openData).length) {
    log('Publishing open-data release 1…');
    await publishRelease(wh, paths, { date: DEMO_RELEASE_DATES[0] });
  }
  const releases = listReleases(paths.openData);
  if (releases.length !== 1) return releases;
  const late = Number((await wh.scalar<number>(`select count(*) from core.placements where placement_id = $1`, [LATE_PLACEMENT_ID])) ?? 0);
  if (!late) {
    log('Loading one placement reported late…');
    const r = await loadFile(wh, await writeLatePlacement(wh, join(paths.dataDir, 'demo'), visibleQuarter(paths.openData, releases[0].release)), { feed: 'placements', source: 'demo', today: REFERENCE_DATE });
    if (r.status !== 'loaded') throw new DemoReleaseError(`The demo's late placement was not loaded (${r.status}): ${JSON.stringify(r).slice(0, 500)}`);
    await refreshMarts(wh);
  }
  log('Publishing open-data release 2 with its revision notes…');
  const date = releases[0].date > DEMO_RELEASE_DATES[1] ? releases[0].date : DEMO_RELEASE_DATES[1];
  await publishRelease(wh, paths, { date });
  return listReleases(paths.openData);
}
