// Issue 9 asks for KPI answers under 100 ms "on 10 M placements / 2 M
// vacancies"; the demo generator stops at scale 100 (about 2.5 M placements
// and 0.7 M vacancies, with 25 M rows in all). `--placements N --vacancies M`
// grows those two core tables to N and M rows after the demo is loaded, by
// copying their rows under new keys (`<key>~<k>`), before the marts are
// built. Copy k moves the row's dates 35·k days back (every date of the row,
// so their order holds), landing it in other months: the marts grow in rows
// as well as in counts, as they would with more history. Other attributes
// are kept, so variety across territories, occupations and people does not
// grow; the results say the rows were copied.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlTable } from '../warehouse/sql.ts';
import { round, timed } from './stats.ts';

export interface Grown {
  table: string;
  before: number;
  after: number;
  ms: number;
}

/** Copies rows of `table` under new keys until it holds `target` rows (no-op when it has as many). */
export async function growTable(
  wh: Session,
  table: string,
  key: string,
  target: number,
  dates: string[],
): Promise<Grown> {
  const t = sqlTable(table);
  const before = Number(await wh.scalar(`select count(*) from ${t}`));
  if (before === 0 || before >= target) return { table, before, after: before, ms: 0 };
  const copies = Math.ceil(target / before) - 1;
  const k = sqlIdent(key);
  const shifted = dates.map((d) => `, c.${sqlIdent(d)} - (35 * g.k)::INTEGER as ${sqlIdent(d)}`).join('');
  const run = await timed(() =>
    wh.run(
      `insert into ${t} select c.* replace (c.${k} || '~' || g.k as ${k}${shifted})
       from ${t} c cross join range(1, ${copies + 1}) g(k) limit ${target - before}`,
    ),
  );
  const after = Number(await wh.scalar(`select count(*) from ${t}`));
  return { table, before, after, ms: round(run.ms, 0) };
}
