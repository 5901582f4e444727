// weightedMedian reads a median off a histogram (rows of value × count). It
// must give exactly what DuckDB's median gives over the units one by one:
// checked on seeded random histograms against the same rows expanded to one
// row per unit, with even and odd counts, groups with no value, rows sharing
// a value, negative values and large counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';
import { weightedMedian } from '../../warehouse/kpi/defs/common.ts';

describe('weightedMedian', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await Warehouse.open(':memory:');
    // Seeded and on one thread, so the same rows every run.
    await db.run(`set threads = 1`);
    await db.run(`select setseed(0.20251205)`);
    // 400 groups of up to 12 rows; a value is null in a fifth of the rows, and group 999 has none.
    await db.run(
      `create table h as
       select g, case when random() < 0.2 then null else (random() * 60)::BIGINT - 10 end as v, 1 + (random() * 4)::BIGINT as n
       from range(400) a(g), range(12) b(i) where random() < 0.7`,
    );
    await db.run(`insert into h values (999, null, 2), (999, null, 1)`);
    await db.run(`insert into h values (1000, 7, 3000000000), (1000, 9, 3000000000), (1001, null, 5), (1002, -3, 1)`);
  });
  afterAll(() => db?.close());

  it('equals median over the units, group by group', async () => {
    const expected = await db.rows(
      `select g, median(v)::DOUBLE as m from (select g, v from h, range(n) where g < 1000) group by g order by g`,
    );
    const actual = await db.rows(`select g, ${weightedMedian('v', 'n')}::DOUBLE as m from h where g < 1000 group by g order by g`);
    expect(actual).toEqual(expected);
    expect(expected.some((r) => typeof r.m === 'number' && r.m % 1 !== 0)).toBe(true);
    expect(expected.some((r) => r.m === null)).toBe(true);
    expect(expected.some((r) => typeof r.m === 'number' && r.m < 0)).toBe(true);
  });

  it('handles counts too large to expand, a group with no value and an empty input', async () => {
    const rows = await db.rows(`select g, ${weightedMedian('v', 'n')}::DOUBLE as m from h where g >= 1000 group by g order by g`);
    expect(rows).toEqual([
      { g: 1000, m: 8 },
      { g: 1001, m: null },
      { g: 1002, m: -3 },
    ]);
    expect(await db.rows(`select ${weightedMedian('v', 'n')} as m from h where false`)).toEqual([{ m: null }]);
  });
});
