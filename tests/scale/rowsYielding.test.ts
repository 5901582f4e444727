// Session.rowsYielding: the same rows as rows() (same conversion rules), but
// the event loop runs between chunks while a large result is converted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { arrowStreamBytes, arrowStreamPiecesYielding } from '../../warehouse/arrow.ts';
import { Warehouse } from '../../warehouse/db.ts';

/** How many times the event loop turned while fn ran. */
async function ticksDuring(fn: () => Promise<unknown>): Promise<number> {
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
}

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
    const yielding = await ticksDuring(() => wh.rowsYielding(SQL));
    // 20,000 rows are ≥ 10 chunks of 2,048: the loop turned at least once per chunk
    expect(yielding).toBeGreaterThanOrEqual(9);
  });
});

describe('arrowYielding and arrowStreamPiecesYielding', () => {
  let wh: Warehouse;
  const SQL = `select i::BIGINT as n, 'R' || (i % 20) as region, DATE '2024-01-01' + (i % 300)::INTEGER as d,
                      (i % 7)::DECIMAL(10,2) as amount, (i % 3 = 0) as flag, case when i % 5 = 0 then null else 'x' || i end as label,
                      case when i % 4 = 0 then null else (i % 1000)::INTEGER end as small,
                      case when i % 6 = 0 then null else i / 7 end as ratio,
                      case when i % 9 = 0 then null else i % 2 = 0 end as maybe,
                      case when i % 11 = 0 then null else DATE '2024-01-01' + (i % 50)::INTEGER end as maybe_day
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
    const pieces = await arrowStreamPiecesYielding(b, async () => void pauses++, 4096);
    expect(pauses).toBe(5);
    expect(pieces.length).toBeGreaterThan(5);
    const back = tableFromIPC(Buffer.concat(pieces));
    expect(back.numRows).toBe(20000);
    expect(back.toArray().map((r) => r.toJSON())).toEqual(tableFromIPC(arrowStreamBytes(a)).toArray().map((r) => r.toJSON()));
    expect(back.get(7)!.toJSON()).toMatchObject({ n: 7, region: 'R7', amount: 0, flag: false, label: 'x7', small: 7, maybe: false });
    expect(back.get(9)!.toJSON()).toMatchObject({ maybe: null, small: 9 });
    expect(back.get(11)!.toJSON()).toMatchObject({ maybe_day: null, maybe: false, small: 11 });
    expect(back.get(12)!.toJSON()).toMatchObject({ small: null, ratio: null, label: 'x12' });
  });

  it('builds record batches of a few thousand rows, each string column with one dictionary they share', async () => {
    const b = await wh.arrowYielding(SQL);
    // 20,000 rows: 8,192 + 8,192 + 3,616
    expect(b.batches.map((x) => x.numRows)).toEqual([8192, 8192, 3616]);
    for (const name of ['region', 'label']) {
      const dictionaries = b.batches.map((x) => x.getChild(name)!.data[0]!.dictionary);
      expect(new Set(dictionaries).size).toBe(1);
    }
    // every distinct region once, in the order first seen
    expect(b.batches[0]!.getChild('region')!.data[0]!.dictionary!.toArray()).toEqual(Array.from({ length: 20 }, (_, i) => `R${i}`));
    // the IPC stream writes each dictionary once, not once per batch
    const stream = await arrowStreamPiecesYielding(b, async () => {});
    const region = Buffer.from('R19');
    const whole = Buffer.concat(stream);
    let seen = 0;
    for (let at = whole.indexOf(region); at >= 0; at = whole.indexOf(region, at + 1)) seen++;
    expect(seen).toBe(1);
  });

  it('gives the event loop a turn after every batch while it builds', async () => {
    let table: Awaited<ReturnType<Warehouse['arrowYielding']>> | undefined;
    const ticks = await ticksDuring(async () => {
      table = await wh.arrowYielding("select i, 'c' || (i % 300) as c from range(100000) r(i)");
    });
    expect(table!.batches.length).toBe(13);
    expect(ticks).toBeGreaterThanOrEqual(13);
  });

  it('an empty result keeps its columns and types', async () => {
    const [a, b] = [await wh.arrow(`${SQL} limit 0`), await wh.arrowYielding(`${SQL} limit 0`)];
    expect(b.numRows).toBe(0);
    expect(b.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(a.schema.fields.map((f) => `${f.name}:${f.type}`));
    expect(tableFromIPC(Buffer.concat(await arrowStreamPiecesYielding(b, async () => {}))).numRows).toBe(0);
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
