// Values kept per open database (Session.memo): one read shared by
// concurrent callers and by every session of the database; dropped when a
// transaction commits; never taken from inside a transaction. The mart version
// every KPI request needs is one (latestRefresh), so a refresh must show at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestRefresh, refreshMarts } from '../../warehouse/marts/refresh.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('Session.memo', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('shares one read among concurrent callers and sessions, until a commit', async () => {
    let reads = 0;
    const read = async () => ++reads;
    const other = await t.wh.session();
    const got = await Promise.all([
      t.wh.memo('k', read),
      t.wh.memo('k', read),
      other.memo('k', read),
    ]);
    expect(got).toEqual([1, 1, 1]);
    await other.transaction(async (tx) => {
      // Inside a transaction: read, not kept.
      expect(await tx.memo('k', read)).toBe(2);
    });
    expect(await t.wh.memo('k', read)).toBe(3);
    expect(await t.wh.memo('k', read)).toBe(3);
    t.wh.forget('k');
    expect(await other.memo('k', read)).toBe(4);
    other.close();
  });

  it('a failed read is not kept', async () => {
    let calls = 0;
    const flaky = async () => {
      if (++calls === 1) throw new Error('first read fails');
      return 'ok';
    };
    await expect(t.wh.memo('flaky', flaky)).rejects.toThrow('first read fails');
    expect(await t.wh.memo('flaky', flaky)).toBe('ok');
  });

  it('the mart version changes as soon as a refresh commits', async () => {
    expect(await latestRefresh(t.wh)).toBeUndefined();
    const first = await refreshMarts(t.wh, { asOf: '2025-06-30' });
    expect(await latestRefresh(t.wh)).toEqual({ version: first.version, asOf: '2025-06-30' });
    const second = await refreshMarts(t.wh, { asOf: '2025-07-31' });
    expect(second.version).toBe(first.version + 1);
    const s = await t.wh.session();
    expect(await latestRefresh(s)).toEqual({ version: second.version, asOf: '2025-07-31' });
    s.close();
  });
});
