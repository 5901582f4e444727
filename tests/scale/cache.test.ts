// The KPI result cache: hits, invalidation by mart version, single flight and
// scope isolation. Plain values stand in for KPI results: the cache never
// looks inside them (the wiring test in kpiCache.test.ts uses the real query layer).
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { approximateBytes, cacheKey, QueryCache } from '../../warehouse/kpi/cache.ts';

const counter = () => {
  let n = 0;
  return {
    get calls() {
      return n;
    },
    fn: async (value: unknown = 'answer') => {
      n++;
      await new Promise((r) => setTimeout(r, 20));
      return value;
    },
  };
};

describe('QueryCache', () => {
  it('answers a repeated request from the cache', async () => {
    const cache = new QueryCache();
    const c = counter();
    const parts = { version: 1, scope: 'analyst', code: 'MM_VAC', request: { dims: ['region'] } };
    expect(await cache.get(parts, () => c.fn('a'))).toBe('a');
    expect(await cache.get(parts, () => c.fn('b'))).toBe('a');
    expect(c.calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('normalises the request: key order and filter value order/duplicates do not matter', () => {
    const a = cacheKey({ version: 3, scope: 'analyst', code: 'PL_RATE_6', request: { dims: ['region'], filters: { region: ['09', '05'], gender: 'F' } } });
    const b = cacheKey({ version: 3, scope: 'analyst', code: 'PL_RATE_6', request: { filters: { gender: ['F'], region: ['05', '09', '05'] }, dims: ['region'] } });
    expect(a).toBe(b);
    // dims order is the column order of the answer: it stays significant
    const c = cacheKey({ version: 3, scope: 'analyst', code: 'PL_RATE_6', request: { dims: ['gender', 'region'] } });
    const d = cacheKey({ version: 3, scope: 'analyst', code: 'PL_RATE_6', request: { dims: ['region', 'gender'] } });
    expect(c).not.toBe(d);
  });

  it('a new mart version invalidates older answers', async () => {
    const cache = new QueryCache();
    const c = counter();
    const v1 = { version: 1, scope: 'director', code: 'SP_PAID' };
    await cache.get(v1, () => c.fn('old'));
    expect(await cache.get({ ...v1, version: 2 }, () => c.fn('new'))).toBe('new');
    expect(c.calls).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 1, version: 2 });
    // an answer computed for an older version while a newer one exists is not stored
    await cache.get(v1, () => c.fn('late'));
    expect(cache.stats().entries).toBe(1);
  });

  it('concurrent identical requests share one execution (single flight)', async () => {
    const cache = new QueryCache();
    const c = counter();
    const parts = { version: 1, scope: 'analyst', code: 'MM_TIGHT', request: { dims: ['region'] } };
    const answers = await Promise.all(Array.from({ length: 25 }, () => cache.get(parts, () => c.fn('one'))));
    expect(c.calls).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['one']));
    expect(cache.stats()).toMatchObject({ misses: 1, shared: 24 });
  });

  it('failures are shared by the waiting callers but never cached', async () => {
    const cache = new QueryCache();
    let calls = 0;
    const failing = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('boom');
    };
    const parts = { version: 1, scope: 'analyst', code: 'MM_VAC' };
    const settled = await Promise.allSettled([cache.get(parts, failing), cache.get(parts, failing)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await cache.get(parts, async () => 'ok')).toBe('ok');
  });

  it('scopes never share an entry', async () => {
    const cache = new QueryCache();
    const c = counter();
    const req = { code: 'SP_PAID', version: 1, request: { dims: ['project'] } };
    const funderA = await cache.get({ ...req, scope: 'funder:p:2021IT05SFPR009' }, () => c.fn('A rows'));
    const funderB = await cache.get({ ...req, scope: 'funder:p:2021IT05SFPR010' }, () => c.fn('B rows'));
    const analyst = await cache.get({ ...req, scope: 'analyst' }, () => c.fn('all rows'));
    expect([funderA, funderB, analyst]).toEqual(['A rows', 'B rows', 'all rows']);
    expect(c.calls).toBe(3);
  });

  it('is bounded: least recently used entries go first, by count and by bytes', async () => {
    const cache = new QueryCache({ maxEntries: 2, maxBytes: 1000 });
    const key = (code: string) => ({ version: 1, scope: 'analyst', code });
    await cache.get(key('A'), async () => 'a');
    await cache.get(key('B'), async () => 'b');
    await cache.get(key('A'), async () => 'a2'); // A is now the most recent
    await cache.get(key('C'), async () => 'c'); // evicts B
    expect(await cache.get(key('A'), async () => 'miss')).toBe('a');
    expect(await cache.get(key('B'), async () => 'b again')).toBe('b again');
    const big = new QueryCache({ maxEntries: 100, maxBytes: 1000 });
    for (const code of ['X', 'Y', 'Z']) await big.get(key(code), async () => new Uint8Array(400));
    expect(big.stats().entries).toBe(2);
    expect(big.stats().bytes).toBeLessThanOrEqual(1000);
  });
});

describe('approximateBytes', () => {
  it('sizes large row sets from a sample (no full stringify) within 2× of their JSON', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ region: String(i % 20).padStart(2, '0'), month: `2024-${String(1 + (i % 12)).padStart(2, '0')}`, placements: i }));
    const exact = 2 * JSON.stringify(rows).length;
    const estimate = approximateBytes({ rows, columns: [] });
    expect(estimate).toBeGreaterThan(exact / 2);
    expect(estimate).toBeLessThan(exact * 2);
  });

  it('sizes Arrow tables and byte arrays from their buffers', () => {
    const table = tableFromArrays({ placements: Float64Array.from({ length: 10_000 }, (_, i) => i) });
    expect(approximateBytes(table)).toBeGreaterThanOrEqual(80_000);
    expect(approximateBytes(table)).toBeLessThan(200_000);
    expect(approximateBytes(new Uint8Array(1234))).toBe(1234);
  });
});
