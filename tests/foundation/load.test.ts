// The single load path on contract files: a good file loads and is recorded; a
// missing required column or a bad value is refused with the file, row and
// column named, and the warehouse is left exactly as it was.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const F = (name: string) => join(FIXTURES, 'foundation', name);

describe('load path', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  const state = async () => ({
    offices: await t.wh.scalar<number>(`select count(*) from core.offices`),
    ledger: await t.wh.scalar<number>(`select count(*) from ops.file_ledger`),
    loaded: await t.wh.scalar<number>(`select count(*) from ops.loads where status = 'loaded'`),
  });

  it('loads a good file in one go and records it in ops.loads and the ledger', async () => {
    const r = await loadFile(t.wh, F('offices_good.csv'), { source: 'test', today: '2025-10-31' });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.feed).toBe('offices');
    expect(r.rows).toBe(3);
    const load = await t.wh.one<{
      feed: string;
      source: string;
      rows: number;
      status: string;
      checksum: string;
    }>(`select feed, source, rows, status, checksum from ops.loads where load_id = $1`, [
      r.loadId!,
    ]);
    expect(load).toMatchObject({
      feed: 'offices',
      source: 'test',
      rows: 3,
      status: 'loaded',
      checksum: r.checksum,
    });
    expect(
      await t.wh.scalar<number>(`select count(*) from core.offices where load_id = $1`, [
        r.loadId!,
      ]),
    ).toBe(3);
    expect(
      await t.wh.scalar<number>(`select count(*) from ops.file_ledger where checksum = $1`, [
        r.checksum,
      ]),
    ).toBe(1);
  });

  it('refuses a file missing a required column, naming the column, and loads nothing', async () => {
    const before = await state();
    const r = await loadFile(t.wh, F('offices_missing_column.csv'), {
      feed: 'offices',
      source: 'test',
      today: '2025-10-31',
    });
    expect(r.status).toBe('refused');
    expect(r.file).toBe('offices_missing_column.csv');
    const issue = r.errors.find((e) => e.rule === 'missing_required_column');
    expect(issue?.column).toBe('kind');
    expect(await state()).toEqual(before);
  });

  it('refuses a value of the wrong type with its row and column, and loads nothing', async () => {
    const before = await state();
    const r = await loadFile(t.wh, F('offices_bad_type.csv'), {
      feed: 'offices',
      source: 'test',
      today: '2025-10-31',
    });
    expect(r.status).toBe('refused');
    const issue = r.errors.find((e) => e.rule === 'type');
    expect(issue).toMatchObject({ column: 'opened_on', row: 3 });
    // The message never echoes the cell value.
    expect(JSON.stringify(r.errors)).not.toContain('not a date');
    expect(await state()).toEqual(before);
    expect(
      await t.wh.scalar<number>(`select count(*) from core.offices where office_id = 'T-BA-3'`),
    ).toBe(0);
  });
});
