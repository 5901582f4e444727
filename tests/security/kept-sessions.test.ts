// Sessions kept in memory between lookups (server/auth/sessions.ts):
// a burst of requests reads ops.sessions once, the idle clock moves with each
// request, logout ends the kept copy at once, and a change to the row (here
// an expiry written behind the store's back) is seen at the next recheck.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECHECK_MS, SessionStore } from '../../server/auth/sessions.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('kept sessions', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
  });
  afterAll(() => t.cleanup());
  afterEach(() => vi.useRealTimers());

  it('a burst of lookups reads the row once; logout ends the session at once', async () => {
    const store = new SessionStore(randomBytes(32));
    const token = await store.create(t.wh, 'analyst.one');
    expect(await store.resolve(t.wh, token)).toBe('analyst.one');
    // The row is gone, but the kept copy answers until the recheck …
    await t.wh.run('delete from ops.sessions');
    expect(await store.resolve(t.wh, token)).toBe('analyst.one');
    // … while logout through the store ends it now.
    await store.destroy(t.wh, token);
    expect(await store.resolve(t.wh, token)).toBeNull();
  });

  it('a change to the row is seen at the next recheck', async () => {
    const store = new SessionStore(randomBytes(32));
    const token = await store.create(t.wh, 'analyst.two');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    expect(await store.resolve(t.wh, token)).toBe('analyst.two');
    await t.wh.run(`update ops.sessions set expires_at = now()::TIMESTAMP - interval 1 second`);
    vi.setSystemTime(Date.now() + RECHECK_MS + 1);
    expect(await store.resolve(t.wh, token)).toBeNull();
    expect(
      await t.wh.scalar('select count(*) from ops.sessions where username = $1', ['analyst.two']),
    ).toBe(0);
  });

  it('the idle clock is checked on every lookup, from the kept copy', async () => {
    const store = new SessionStore(randomBytes(32), { idleMinutes: 30, absoluteHours: 8 });
    const token = await store.create(t.wh, 'analyst.three');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    expect(await store.resolve(t.wh, token)).toBe('analyst.three');
    // Still within the recheck window of the kept copy, but idle for longer than allowed.
    const kept = (
      store as unknown as { keptBy: WeakMap<object, Map<string, { readAt: number }>> }
    ).keptBy.get(t.wh)!;
    vi.setSystemTime(Date.now() + 31 * 60_000);
    for (const s of kept.values()) s.readAt = Date.now();
    expect(await store.resolve(t.wh, token)).toBeNull();
  });
});
