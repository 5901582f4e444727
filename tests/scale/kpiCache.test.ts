// The cache wired to the real query layer on a real warehouse: a repeated KPI
// request is answered from the cache, a mart refresh (new version) forces a new
// query, concurrent identical requests run one query, and scopes stay apart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, loadDemo } from '../../demo/index.ts';
import { accessScope as scopeKey } from '../../warehouse/access/roles.ts';
import { cachedKpiQueries, QueryCache } from '../../warehouse/kpi/cache.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('cachedKpiQueries', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    await loadDemo(t.wh, await generateDemo({ dir: join(t.dir, 'demo'), scale: 0.02 }));
    await refreshMarts(t.wh);
  }, 180_000);
  afterAll(() => t?.cleanup());

  it('hits, single flight, invalidation on refresh, scope isolation', async () => {
    const cache = new QueryCache();
    const analyst = cachedKpiQueries(scopeKey({ role: 'analyst', scope: { programmes: [], projects: [] } }), cache);
    const first = await analyst.rows(t.wh, 'MM_VAC', { dims: ['region'] });
    expect(first.rows).toEqual((await queryKpi(t.wh, 'MM_VAC', { dims: ['region'] })).rows);
    await analyst.rows(t.wh, 'MM_VAC', { dims: ['region'] });
    expect(cache.stats()).toMatchObject({ misses: 1, hits: 1 });

    await Promise.all(Array.from({ length: 8 }, () => analyst.arrow(t.wh, 'PL_RATE_6', {})));
    expect(cache.stats()).toMatchObject({ misses: 2, shared: 7 });

    const funder = cachedKpiQueries(scopeKey({ role: 'funder', scope: { programmes: ['PNRR-M5C1-I1.1-GOL'], projects: [] } }), cache);
    await funder.rows(t.wh, 'MM_VAC', { dims: ['region'] });
    expect(cache.stats().misses).toBe(3);

    await refreshMarts(t.wh);
    const again = await analyst.rows(t.wh, 'MM_VAC', { dims: ['region'] });
    expect(again.martVersion).toBe(first.martVersion + 1);
    expect(cache.stats()).toMatchObject({ misses: 4, entries: 1 });
  }, 60_000);
});
