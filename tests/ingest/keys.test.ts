// Keys stay unique without a primary-key index (migration 050): the load path
// replaces rows by key, and writers of one table take turns
// (ingest/writeLock.ts). Two files that share keys, loaded at the same time,
// must leave one row per key — without the turn-taking both transactions
// would insert the shared keys, since neither sees the other's rows.
import { describe, expect, it } from 'vitest';
import { revertLoad } from '../../ingest/history.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import * as d from './data.ts';
import { useSeededWarehouse } from './setup.ts';

const opts = { source: 'test', today: d.TODAY };
const P = d.PLACEMENT_HEADER;

describe('feed keys stay unique', () => {
  const w = useSeededWarehouse();

  for (const direct of [true, false]) {
    it(`two files sharing keys, loaded at once (${direct ? 'direct' : 'staged'} write): one row per key`, async () => {
      const { wh, dir } = w.get();
      const rows = d.placementRows(8);
      const a = rows.slice(0, 5);
      const b = rows.slice(3).map((r) => {
        const copy = [...r];
        copy[P.indexOf('contract_type')] = 'traineeship';
        return copy;
      });
      const [ra, rb] = await Promise.all([
        loadFile(wh, d.write(dir, `placements_a_${direct}.csv`, d.csv(P, a)), { ...opts, direct }),
        loadFile(wh, d.write(dir, `placements_b_${direct}.csv`, d.csv(P, b)), { ...opts, direct }),
      ]);
      expect([ra.status, rb.status]).toEqual(['loaded', 'loaded']);
      expect([ra.writtenBy, rb.writtenBy]).toEqual(
        direct ? ['direct', 'direct'] : ['staged', 'staged'],
      );
      const counts = await wh.one<{ n: number; keys: number }>(
        'select count(*) as n, count(distinct placement_id) as keys from core.placements',
      );
      expect(counts).toEqual({ n: 8, keys: 8 });
      // The shared keys (PL000004, PL000005) were replaced once, by whichever load came second.
      expect((ra.replacedRows ?? 0) + (rb.replacedRows ?? 0)).toBe(2);
      const [first, second] = ra.replacedRows ? [rb, ra] : [ra, rb];
      const shared = await wh.rows<{ placement_id: string; load_id: number }>(
        `select placement_id, load_id from core.placements where placement_id in ('PL000004', 'PL000005') order by 1`,
      );
      expect(shared.map((s) => s.load_id)).toEqual([second.loadId, second.loadId]);
      // Reverting the second load puts the first one's rows back, still one per key.
      await revertLoad(wh, second.loadId!);
      expect(
        await wh.one(
          'select count(*) as n, count(distinct placement_id) as keys from core.placements',
        ),
      ).toEqual({ n: 5, keys: 5 });
      await revertLoad(wh, first.loadId!);
      expect(await wh.scalar('select count(*) from core.placements')).toBe(0);
    });
  }

  it('a file whose rows are declined by the direct write leaves nothing behind and is reported by the staged path', async () => {
    const { wh, dir } = w.get();
    const rows = d.placementRows(4);
    rows[2][P.indexOf('start_date')] = '31/02/2024';
    const r = await loadFile(wh, d.write(dir, 'placements_bad_date.csv', d.csv(P, rows)), opts);
    expect(r.status).toBe('refused');
    expect(r.errors[0]).toMatchObject({ rule: 'type', column: 'start_date', row: 4, count: 1 });
    expect(await wh.scalar('select count(*) from core.placements')).toBe(0);
    expect(
      await wh.scalar('select count(*) from ops.file_ledger where checksum = $1', [r.checksum]),
    ).toBe(0);
  });
});
