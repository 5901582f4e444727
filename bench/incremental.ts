// The incremental marts refresh against the full rebuild, in one run on the
// same warehouse: one month's files (the rows of the latest complete month of
// each monthly feed, sent again as a partner resends a month) go through
// loadFile — each replaces its rows by key and records what it touched — then
// refreshMartsIncrementally() is timed, then refreshMarts() on the same data.
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

/** The monthly feeds and the date that puts a row in a month. */
const MONTHLY: { feed: string; date: string }[] = [
  { feed: 'job_seekers', date: 'registered_on' },
  { feed: 'events', date: 'date' },
  { feed: 'services', date: 'start_date' },
  { feed: 'vacancies', date: 'published_on' },
  { feed: 'placements', date: 'start_date' },
];

export interface IncrementalMeasure {
  month: string;
  files: { feed: string; rows: number; loadMs: number }[];
  incremental: { ms: number; mode: string; reason?: string; tables: MartTableRefresh[] };
  full: { ms: number };
  /** incremental ms ÷ full ms */
  ratio: number;
}

export async function measureIncrementalRefresh(wh: Warehouse, workDir: string, log: (s: string) => void): Promise<IncrementalMeasure> {
  const month = String(await wh.scalar(`select strftime(as_of - interval 1 month, '%Y-%m') from mart.refresh_info`));
  const files: IncrementalMeasure['files'] = [];
  for (const m of MONTHLY) {
    const feed = getFeed(m.feed)!;
    const cols = feed.columns.map((c) =>
      c.type === 'string_list' ? `array_to_string(${sqlIdent(c.name)}, '|') as ${sqlIdent(c.name)}` : sqlIdent(c.name),
    );
    const path = join(workDir, `month-${month}-${m.feed}.csv`);
    await wh.run(
      `copy (select ${cols.join(', ')} from ${sqlTable(feed.table)} where strftime(${sqlIdent(m.date)}, '%Y-%m') = ${sqlString(month)})
       to ${sqlString(path)} (header, delimiter ',')`,
    );
    const t0 = performance.now();
    const r = await loadFile(wh, path, { feed: m.feed, source: 'bench', today: REFERENCE_DATE });
    if (r.status !== 'loaded' && !(r.status === 'refused' && r.rows === 0))
      throw new Error(`bench: the ${month} ${m.feed} file was ${r.status}: ${r.errors.map((e) => e.message).slice(0, 2).join('; ')}`);
    files.push({ feed: m.feed, rows: r.rows, loadMs: Math.round(performance.now() - t0) });
  }
  log(`one month's files (${month}): ${files.map((f) => `${f.feed} ${f.rows}`).join(', ')}; incremental refresh …`);
  const inc = await refreshMartsIncrementally(wh);
  log(`incremental refresh ${inc.ms} ms (${inc.mode}${inc.reason ? `: ${inc.reason}` : ''}); full rebuild …`);
  const full = await refreshMarts(wh);
  log(`full rebuild ${full.ms} ms`);
  return {
    month,
    files,
    incremental: { ms: inc.ms, mode: inc.mode, ...(inc.reason ? { reason: inc.reason } : {}), tables: inc.tables },
    full: { ms: full.ms },
    ratio: inc.ms / full.ms,
  };
}
