// Session.rowsYielding: the same rows as rows() (same conversion rules), but
// the event loop runs between chunks while a large result is converted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';

describe('rowsYielding', () => {
  let wh: Warehouse;
  const SQL = `select i::BIGINT as n, 'R' || (i % 20) as region, DATE '2024-01-01' + (i % 300)::INTEGER as d,
                      (i % 7)::DECIMAL(10,2) as amount, case when i % 5 = 0 then null else [i, i + 1] end as pair
               from range(20000) r(i) order by i`;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
  });
  afterAll(() => wh.close());

  it('returns exactly what rows() returns', async () => {
    const [a, b] = [await wh.rows(SQL), await wh.rowsYielding(SQL)];
    expect(b.length).toBe(20000);
    expect(b).toEqual(a);
    expect(b[5]).toEqual({ n: 5, region: 'R5', d: '2024-01-06', amount: 5, pair: null });
    expect(await wh.rowsYielding('select $1::INTEGER + 1 as x', [41])).toEqual([{ x: 42 }]);
    expect(await wh.rowsYielding('select 1 as x where false')).toEqual([]);
  });

  it('lets other callbacks run between chunks while it converts', async () => {
    const ticksDuring = async (fn: () => Promise<unknown>) => {
      let ticks = 0;
      let on = true;
      const tick = () => {
        if (!on) return;
        ticks++;
        setImmediate(tick);
      };
      setImmediate(tick);
      await fn();
      on = false;
      return ticks;
    };
    const yielding = await ticksDuring(() => wh.rowsYielding(SQL));
    // 20,000 rows are ≥ 10 chunks of 2,048: the loop turned at least once per chunk
    expect(yielding).toBeGreaterThanOrEqual(9);
  });
});
