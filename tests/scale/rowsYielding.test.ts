// Session.rowsYielding: the same rows as rows() (same conversion rules), but
// the event loop runs between chunks while a large result is converted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { arrowStreamBytes, arrowStreamBytesYielding } from '../../warehouse/arrow.ts';
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

describe('arrowYielding and arrowStreamBytesYielding', () => {
  let wh: Warehouse;
  const SQL = `select i::BIGINT as n, 'R' || (i % 20) as region, DATE '2024-01-01' + (i % 300)::INTEGER as d,
                      (i % 7)::DECIMAL(10,2) as amount, (i % 3 = 0) as flag, case when i % 5 = 0 then null else 'x' || i end as label
               from range(20000) r(i) order by i`;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
  });
  afterAll(() => wh.close());

  it('builds the same table as arrow(), and its chunked IPC stream decodes to the same rows', async () => {
    const [a, b] = [await wh.arrow(SQL), await wh.arrowYielding(SQL)];
    expect(b.numRows).toBe(20000);
    expect(b.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(a.schema.fields.map((f) => `${f.name}:${f.type}`));
    expect(b.toArray().map((r) => r.toJSON())).toEqual(a.toArray().map((r) => r.toJSON()));

    let pauses = 0;
    const bytes = await arrowStreamBytesYielding(b, async () => void pauses++, 4096);
    expect(pauses).toBe(5);
    const back = tableFromIPC(bytes);
    expect(back.numRows).toBe(20000);
    expect(back.toArray().map((r) => r.toJSON())).toEqual(tableFromIPC(arrowStreamBytes(a)).toArray().map((r) => r.toJSON()));
    expect(back.get(7)!.toJSON()).toMatchObject({ n: 7, region: 'R7', amount: 0, flag: false, label: 'x7' });
  });
});

describe('yielding reads on one shared connection', () => {
  it('concurrent calls each get their whole result (the server shares one connection)', async () => {
    const wh = await Warehouse.open(':memory:');
    try {
      const sql = (k: number) => `select i + ${k} as v, 'r' || i as label from range(${10_000 + k}) r(i) order by i`;
      const answers = await Promise.all([
        wh.rowsYielding(sql(1)),
        wh.arrowYielding(sql(2)),
        wh.rowsYielding(sql(3)),
        wh.arrowYielding(sql(4)),
      ]);
      expect(answers.map((a) => (Array.isArray(a) ? a.length : a.numRows))).toEqual([10_001, 10_002, 10_003, 10_004]);
      expect((answers[0] as { v: number }[])[10_000]).toEqual({ v: 10_001, label: 'r10000' });
    } finally {
      wh.close();
    }
  });
});
