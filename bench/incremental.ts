// The incremental marts refresh against the full rebuild, in one run on the
// same warehouse: one month's files (the rows of the latest complete month of
// each monthly feed, sent again as a partner resends a month) go through
// loadFile — each replaces its rows by key and records what it touched — then
// refreshMartsIncrementally() is timed, then refreshMarts() on the same data;
// then the same month again with every row corrected (every touched person
// and slice changes), refreshed incrementally and timed against that rebuild.
// Resending existing rows keeps the as-of date where it is: a month that moved
// it would rebuild everything (every right-censored figure depends on it).
import { join } from 'node:path';
import { REFERENCE_DATE } from '../demo/index.ts';
import { getFeed } from '../ingest/feeds/index.ts';
import { loadFile } from '../ingest/loadFile.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { refreshMartsIncrementally } from '../warehouse/marts/incremental.ts';
import { refreshMarts, type MartTableRefresh } from '../warehouse/marts/refresh.ts';
import { sqlIdent, sqlString, sqlTable } from '../warehouse/sql.ts';

/**
 * The monthly feeds, the date that puts a row in a month, and a correction
 * of every row (a value the marts count, changed within its code list): the
 * same month sent again with every row corrected touches the same people
 * and slices as the month resent as is, and every one of them changes.
 */
const MONTHLY: { feed: string; date: string; corrected: Record<string, string> }[] = [
  { feed: 'job_seekers', date: 'registered_on', corrected: { gender: `case gender when 'F' then 'M' else 'F' end` } },
  { feed: 'events', date: 'date', corrected: { hires_reported: 'coalesce(hires_reported, 0) + 1' } },
  { feed: 'services', date: 'start_date', corrected: { outcome: `case outcome when 'completed' then 'dropped' else 'completed' end` } },
  { feed: 'vacancies', date: 'published_on', corrected: { positions: 'positions + 1' } },
  { feed: 'placements', date: 'start_date', corrected: { working_time: `case working_time when 'full' then 'part' else 'full' end` } },
];

interface IncrementalRun {
  files: { feed: string; rows: number; loadMs: number }[];
  ms: number;
  mode: string;
  reason?: string;
  tables: MartTableRefresh[];
}

export interface IncrementalMeasure {
  month: string;
  /** The month's rows sent again as they are. */
  files: IncrementalRun['files'];
  incremental: Omit<IncrementalRun, 'files'>;
  full: { ms: number };
  /** incremental ms ÷ full ms */
  ratio: number;
  /** Then the same month sent again with every row corrected, refreshed incrementally; ratio to the same full rebuild. */
  corrected: IncrementalRun & { ratio: number };
}

export async function measureIncrementalRefresh(wh: Warehouse, workDir: string, log: (s: string) => void): Promise<IncrementalMeasure> {
  const month = String(await wh.scalar(`select strftime(as_of - interval 1 month, '%Y-%m') from mart.refresh_info`));
  const asIs = await loadMonthAndRefresh(wh, workDir, month, false, log);
  log('full rebuild …');
  const full = await refreshMarts(wh);
  log(`full rebuild ${full.ms} ms`);
  const corrected = await loadMonthAndRefresh(wh, workDir, month, true, log);
  const { files, ...incremental } = asIs;
  return {
    month,
    files,
    incremental,
    full: { ms: full.ms },
    ratio: asIs.ms / full.ms,
    corrected: { ...corrected, ratio: corrected.ms / full.ms },
  };
}

/** Sends the month's rows of each monthly feed through loadFile (as they are, or every row corrected), then refreshes incrementally. */
async function loadMonthAndRefresh(
  wh: Warehouse,
  workDir: string,
  month: string,
  correct: boolean,
  log: (s: string) => void,
): Promise<IncrementalRun> {
  const files: IncrementalRun['files'] = [];
  for (const m of MONTHLY) {
    const feed = getFeed(m.feed)!;
    const cols = feed.columns.map((c) => {
      const value = correct && m.corrected[c.name] ? m.corrected[c.name]! : sqlIdent(c.name);
      return c.type === 'string_list' ? `array_to_string(${value}, '|') as ${sqlIdent(c.name)}` : `${value} as ${sqlIdent(c.name)}`;
    });
    const path = join(workDir, `month-${month}-${m.feed}${correct ? '-corrected' : ''}.csv`);
    await wh.run(
      `copy (select ${cols.join(', ')} from ${sqlTable(feed.table)} where strftime(${sqlIdent(m.date)}, '%Y-%m') = ${sqlString(month)})
       to ${sqlString(path)} (header, delimiter ',')`,
    );
    const t0 = performance.now();
    const r = await loadFile(wh, path, { feed: m.feed, source: 'bench', today: REFERENCE_DATE });
    if (r.status !== 'loaded' && !(r.status === 'refused' && r.rows === 0))
      throw new Error(`bench: the ${month} ${m.feed} file${correct ? ' (corrected)' : ''} was ${r.status}: ${r.errors.map((e) => e.message).slice(0, 2).join('; ')}`);
    files.push({ feed: m.feed, rows: r.rows, loadMs: Math.round(performance.now() - t0) });
  }
  const what = correct ? 'every row corrected' : 'sent again as is';
  log(`one month's files (${month}, ${what}): ${files.map((f) => `${f.feed} ${f.rows}`).join(', ')}; incremental refresh …`);
  const inc = await refreshMartsIncrementally(wh);
  log(`incremental refresh (${what}) ${inc.ms} ms (${inc.mode}${inc.reason ? `: ${inc.reason}` : ''})`);
  return { files, ms: inc.ms, mode: inc.mode, ...(inc.reason ? { reason: inc.reason } : {}), tables: inc.tables };
}
