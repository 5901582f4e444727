// Issue 9 asks for KPI answers under 100 ms "on 10 M placements / 2 M
// vacancies"; the demo generator stops at scale 100 (about 2.5 M placements
// and 0.7 M vacancies, with 25 M rows in all). `--placements N --vacancies M`
// grows those two core tables to N and M rows after the demo is loaded, by
// copying their rows under new keys (`<key>~<k>`), before the marts are
// built. The copies keep every attribute, so the marts and every KPI answer
// grow in volume, not in variety: it measures the size the target names, and
// the results say that the rows were copied.
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
export async function growTable(wh: Session, table: string, key: string, target: number): Promise<Grown> {
  const t = sqlTable(table);
  const before = Number(await wh.scalar(`select count(*) from ${t}`));
  if (before === 0 || before >= target) return { table, before, after: before, ms: 0 };
  const copies = Math.ceil(target / before) - 1;
  const k = sqlIdent(key);
  const run = await timed(() =>
    wh.run(
      `insert into ${t} select c.* replace (c.${k} || '~' || g.k as ${k})
       from ${t} c cross join range(1, ${copies + 1}) g(k) limit ${target - before}`,
    ),
  );
  const after = Number(await wh.scalar(`select count(*) from ${t}`));
  return { table, before, after, ms: round(run.ms, 0) };
}
