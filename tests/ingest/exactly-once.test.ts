// Exactly once: the same bytes (even renamed) are a duplicate no-op; a
// corrected file replaces rows by key and `revertLoad` restores the state
// before it; two concurrent loads of one file load it once; a load that
// cannot start (disk space) changes nothing.
import { describe, expect, it } from 'vitest';
import { LoadHistoryError, listLoads, revertLoad, showLoad } from '../../ingest/history.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import * as d from './data.ts';
import { useSeededWarehouse } from './setup.ts';

const opts = { source: 'test', today: d.TODAY };
const snapshot = `select placement_id, person_id, start_date, contract_type, end_date, load_id from core.placements order by placement_id`;

describe('exactly-once loading, replacement by key and revert', () => {
  const w = useSeededWarehouse();

  it('the same bytes under another name are a duplicate and change nothing', async () => {
    const { wh, dir } = w.get();
    const content = d.csv(d.PLACEMENT_HEADER, d.placementRows(5));
    const first = await loadFile(wh, d.write(dir, 'placements_a.csv', content), opts);
    expect(first.status).toBe('loaded');
    const before = await wh.rows(snapshot);
    // Renamed and sent without saying its feed: the history still says which feed its bytes went to.
    const again = await loadFile(wh, d.write(dir, 'renamed_copy.csv', content), opts);
    expect(again).toMatchObject({ status: 'duplicate', loadId: first.loadId, rows: 0, feed: 'placements' });
    expect(await wh.rows(snapshot)).toEqual(before);
    const attempt = await wh.one<{ status: string; file_name: string; feed: string | null }>(
      'select status, file_name, feed from ops.loads where load_id = $1',
      [again.attemptId!],
    );
    expect(attempt).toEqual({ status: 'duplicate', file_name: 'renamed_copy.csv', feed: 'placements' });
    await revertLoad(wh, first.loadId!);
  });

  it('a corrected file replaces rows by key; revert restores the state before it, and the file can be loaded again', async () => {
    const { wh, dir } = w.get();
    const original = d.placementRows(3);
    const a = await loadFile(
      wh,
      d.write(dir, 'placements_v1.csv', d.csv(d.PLACEMENT_HEADER, original)),
      opts,
    );
    expect(a.status).toBe('loaded');
    const afterA = await wh.rows(snapshot);

    const corrected = d.placementRows(4).slice(1);
    corrected[0][d.PLACEMENT_HEADER.indexOf('contract_type')] = 'traineeship';
    const bPath = d.write(dir, 'placements_v2.csv', d.csv(d.PLACEMENT_HEADER, corrected));
    const b = await loadFile(wh, bPath, opts);
    expect(b).toMatchObject({ status: 'loaded', replacedRows: 2 });
    expect(await wh.scalar('select count(*) from core.placements')).toBe(4);
    expect(
      await wh.scalar(`select contract_type from core.placements where placement_id = 'PL000002'`),
    ).toBe('traineeship');
    expect(
      await wh.scalar('select count(*) from ops.replaced_placements where replaced_by_load = $1', [
        b.loadId!,
      ]),
    ).toBe(2);

    const detailA = await showLoad(wh, a.loadId!);
    expect(detailA).toMatchObject({
      status: 'loaded',
      rows_current: 1,
      replaced_by_later: [b.loadId],
      in_ledger: true,
    });
    await expect(revertLoad(wh, a.loadId!)).rejects.toThrow(LoadHistoryError);
    await expect(revertLoad(wh, a.loadId!)).rejects.toThrow(new RegExp(`revert that first`));

    const reverted = await revertLoad(wh, b.loadId!);
    expect(reverted).toMatchObject({ deletedRows: 3, restoredRows: 2 });
    expect(await wh.rows(snapshot)).toEqual(afterA);
    expect(
      await wh.scalar('select count(*) from ops.replaced_placements where replaced_by_load = $1', [
        b.loadId!,
      ]),
    ).toBe(0);
    expect(await showLoad(wh, b.loadId!)).toMatchObject({
      status: 'reverted',
      in_ledger: false,
      rows_current: 0,
    });
    expect((await listLoads(wh, { status: 'reverted' })).map((l) => l.load_id)).toContain(b.loadId);
    await expect(revertLoad(wh, b.loadId!)).rejects.toThrow(/only a loaded load/);

    const again = await loadFile(wh, bPath, opts);
    expect(again.status).toBe('loaded');
    expect(again.loadId).not.toBe(b.loadId);
    await revertLoad(wh, again.loadId!);
    await revertLoad(wh, a.loadId!);
    expect(await wh.scalar('select count(*) from core.placements')).toBe(0);
  });

  it('refuses to revert a load other feeds still point at, unless forced', async () => {
    const { wh, dir } = w.get();
    const emp = await loadFile(
      wh,
      d.write(
        dir,
        'employers_extra.csv',
        d.csv(d.EMPLOYER_HEADER, [[d.hex('employer-new'), '62.01', d.BOLOGNA, 'micro', 'true']]),
      ),
      opts,
    );
    expect(emp.status).toBe('loaded');
    const rows = d.placementRows(1);
    rows[0][d.PLACEMENT_HEADER.indexOf('employer_id')] = d.hex('employer-new');
    const pl = await loadFile(
      wh,
      d.write(dir, 'placements_newemp.csv', d.csv(d.PLACEMENT_HEADER, rows)),
      opts,
    );
    expect(pl.status, JSON.stringify(pl.errors)).toBe('loaded');
    await expect(revertLoad(wh, emp.loadId!)).rejects.toThrow(
      /1 placements rows refer \(employer_id\)/,
    );
    await revertLoad(wh, pl.loadId!);
    await revertLoad(wh, emp.loadId!);
    expect(
      await wh.scalar('select count(*) from core.employers where load_id = $1', [emp.loadId!]),
    ).toBe(0);
  });

  it('two loads of one file at once: one loads, the other is a duplicate', async () => {
    const { wh, dir } = w.get();
    const file = d.write(
      dir,
      'placements_concurrent.csv',
      d.csv(d.PLACEMENT_HEADER, d.placementRows(2000)),
    );
    const s1 = await wh.session();
    const s2 = await wh.session();
    try {
      const results = await Promise.all([loadFile(s1, file, opts), loadFile(s2, file, opts)]);
      expect(
        results.map((r) => r.status).sort(),
        JSON.stringify(results.map((r) => r.errors)),
      ).toEqual(['duplicate', 'loaded']);
      const loaded = results.find((r) => r.status === 'loaded')!;
      const dup = results.find((r) => r.status === 'duplicate')!;
      expect(dup.loadId).toBe(loaded.loadId);
      expect(await wh.scalar('select count(*) from core.placements')).toBe(2000);
      expect(
        await wh.scalar('select count(*) from ops.file_ledger where checksum = $1', [
          loaded.checksum,
        ]),
      ).toBe(1);
      await revertLoad(wh, loaded.loadId!);
    } finally {
      s1.close();
      s2.close();
    }
  });

  it('refuses to start when disk space is short, and changes nothing', async () => {
    const { wh, dir } = w.get();
    const r = await loadFile(
      wh,
      d.write(dir, 'placements_disk.csv', d.csv(d.PLACEMENT_HEADER, d.placementRows(3))),
      {
        ...opts,
        minFreeBytes: Number.MAX_SAFE_INTEGER,
      },
    );
    expect(r.status).toBe('failed');
    expect(r.errors[0]).toMatchObject({ rule: 'disk_space' });
    expect(r.errors[0].message).toMatch(/free some space/);
    expect(await wh.scalar('select count(*) from core.placements')).toBe(0);
    expect(
      await wh.scalar('select count(*) from ops.file_ledger where checksum = $1', [r.checksum]),
    ).toBe(0);
  });
});
