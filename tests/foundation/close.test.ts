// Closing the warehouse while a query still runs (a fire-and-forget audit
// write after a response, a request still in flight at shutdown) waits for it
// instead of closing under DuckDB's threads, which crashed the process.
import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';
import { tempWarehouse } from '../helpers/warehouse.ts';

describe('Warehouse.close with queries in flight', () => {
  it('lets a running query finish, then closes; later queries are refused with a clear error', async () => {
    const t = await tempWarehouse({ reference: false });
    const session = await t.wh.session();
    const running = t.wh.scalar<number>('select count(*) from range(30000000) a where a.range % 7 = 0');
    const onSession = session.scalar<number>('select sum(range) from range(1000000)');
    t.wh.close();
    expect(await running).toBe(4285715);
    expect(await onSession).toBe(499999500000);
    await expect(t.wh.scalar('select 1')).rejects.toThrow(/closed/);
    // The file is released: it opens again.
    const again = await Warehouse.open(t.dbPath);
    expect(await again.scalar<number>('select 42')).toBe(42);
    again.close();
    t.cleanup();
  });
});
