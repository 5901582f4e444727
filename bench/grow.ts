// Issue 9 asks for KPI answers under 100 ms "on 10 M placements / 2 M
// vacancies"; the demo generator stops at scale 100 (about 2.5 M placements
// and 0.7 M vacancies, with 25 M rows in all). `--placements N --vacancies M`
// grows those two core tables to N and M rows after the demo is loaded, by
// copying their rows under new keys (`<key>~<k>`), before the marts are
// built. Copy k moves the row's dates 35·k days back (every date of the row,
// so their order holds), landing it in other months: the marts grow in rows
// as well as in counts, as they would with more history. A copy also moves
// through the codes of the spread columns (bench/run.ts: the comune among
// every comune of Italy, the occupation among every CP2021 unit, a
// placement's person among every registered person), so the copies vary
// in territories, occupations and people as national data would, not only
// in months; a code outside the spread's list (an ISCO code, an empty
// comune) is kept. The results say the rows were copied.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlTable } from '../warehouse/sql.ts';
import { round, timed } from './stats.ts';

export interface Grown {
  table: string;
  before: number;
  after: number;
  ms: number;
  /** Per spread column, how many distinct codes it holds after growing. */
  distinct?: Record<string, number>;
}

/** A column whose codes the copies move through. */
export interface Spread {
  column: string;
  /** A query giving every code the column may take, as one column `code`. */
  codes: string;
}

/** Copies rows of `table` under new keys until it holds `target` rows (no-op when it has as many). */
export async function growTable(
  wh: Session,
  table: string,
  key: string,
  target: number,
  dates: string[],
  spread: readonly Spread[] = [],
): Promise<Grown> {
  const t = sqlTable(table);
  const before = Number(await wh.scalar(`select count(*) from ${t}`));
  if (before === 0 || before >= target) return { table, before, after: before, ms: 0 };
  const copies = Math.ceil(target / before) - 1;
  const k = sqlIdent(key);
  const replaced = [`c.${k} || '~' || g.k as ${k}`, ...dates.map((d) => `c.${sqlIdent(d)} - (35 * g.k)::INTEGER as ${sqlIdent(d)}`)];
  const joins: string[] = [];
  for (const [j, s] of spread.entries()) {
    const codes = `temp.${sqlIdent(`grow_codes_${j}`)}`;
    await wh.run(`create or replace temp table ${sqlIdent(`grow_codes_${j}`)} as
      select code, (row_number() over (order by code) - 1)::BIGINT as i from (select distinct code from (${s.codes}) x where code is not null)`);
    const n = Number(await wh.scalar(`select count(*) from ${codes}`));
    // Copy k moves a code k steps of n/(copies+1) along the list: each copy lands elsewhere.
    const step = Math.max(1, Math.floor(n / (copies + 1)));
    const col = sqlIdent(s.column);
    joins.push(
      `left join ${codes} a${j} on a${j}.code = c.${col}`,
      `left join ${codes} b${j} on b${j}.i = (a${j}.i + g.k * ${step}) % ${n}`,
    );
    replaced.push(`coalesce(b${j}.code, c.${col}) as ${col}`);
  }
  const run = await timed(() =>
    wh.run(
      `insert into ${t} select c.* replace (${replaced.join(', ')})
       from ${t} c cross join range(1, ${copies + 1}) g(k) ${joins.join(' ')} limit ${target - before}`,
    ),
  );
  for (const j of spread.keys()) await wh.run(`drop table if exists temp.${sqlIdent(`grow_codes_${j}`)}`);
  const after = Number(await wh.scalar(`select count(*) from ${t}`));
  const distinct = spread.length
    ? Object.fromEntries(
        await Promise.all(
          spread.map(async (s) => [s.column, Number(await wh.scalar(`select count(distinct ${sqlIdent(s.column)}) from ${t}`))] as const),
        ),
      )
    : undefined;
  return { table, before, after, ms: round(run.ms, 0), ...(distinct ? { distinct } : {}) };
}
