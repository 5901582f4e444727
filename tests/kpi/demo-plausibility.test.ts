// Demo data at scale 1 (demo/'s generator, loaded through the one load
// path) gives every KPI value inside the plausibility ranges the registry
// declares and docs/kpis.md prints (e.g. hard-to-fill 40–55%, Excelsior).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { generateDemo, loadDemo, REFERENCE_DATE } from '../../demo/index.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { listKpis } from '../../warehouse/kpi/registry.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  const demo = await generateDemo({ dir: join(t.dir, 'demo'), scale: 1 });
  await loadDemo(t.wh, demo);
  await refreshMarts(t.wh, { asOf: REFERENCE_DATE });
}, 300_000);
afterAll(() => t?.cleanup());

const ranged = listKpis().flatMap((d) => (d.plausible ?? []).map((p) => [d.code, p.measure, p.min, p.max] as const));

describe('demo data at scale 1', () => {
  it('declares ranges for the headline sanity figures', () => {
    expect(ranged.map(([c, m]) => `${c}.${m}`)).toEqual(
      expect.arrayContaining(['MM_HTF.htf_share', 'PL_RATE_6.employment_rate', 'PL_CONV.conversion_rate']),
    );
  });

  it.each(ranged)('%s %s within %s–%s', async (code, measure, min, max) => {
    const [row] = (await queryKpi(t.wh, code)).rows;
    const v = row[measure] as number;
    expect(v).toBeGreaterThanOrEqual(min);
    expect(v).toBeLessThanOrEqual(max);
  });

  it('every KPI answers with rows, and every rate is a share in [0, 1] or null', async () => {
    for (const d of listKpis()) {
      if (d.code === 'MM_CTX') continue; // the demo loads no ISTAT/Eurostat context
      const r = await queryKpi(t.wh, d.code);
      expect(r.rows.length, d.code).toBeGreaterThan(0);
      for (const m of d.measures.filter((x) => x.unit === 'share'))
        for (const row of r.rows) {
          const v = row[m.name];
          if (v !== null) {
            expect(v, `${d.code}.${m.name}`).toBeGreaterThanOrEqual(0);
            expect(v, `${d.code}.${m.name}`).toBeLessThanOrEqual(1);
          }
        }
    }
  });

  it('right-censoring bites where it should: longer horizons observe fewer leavers', async () => {
    const eligible = await Promise.all([1, 3, 6, 12].map(async (k) => (await queryKpi(t.wh, `PL_RATE_${k}`)).rows[0].eligible as number));
    expect(eligible[0]).toBeGreaterThan(eligible[1]);
    expect(eligible[1]).toBeGreaterThan(eligible[2]);
    expect(eligible[2]).toBeGreaterThan(eligible[3]);
  });

  it('the shortage / surplus classes all occur, and no clearly hard-to-fill occupation is called surplus', async () => {
    const cells = (await queryKpi(t.wh, 'MM_FLAG', { dims: ['province', 'occupation_group'] })).rows;
    const classes = new Set(cells.map((r) => r.flag));
    expect([...classes].filter((c) => c !== null).sort()).toEqual(['balanced', 'shortage', 'surplus']);
    const occupations = (await queryKpi(t.wh, 'MM_FLAG', { dims: ['province', 'occupation'] })).rows;
    for (const r of occupations)
      if (typeof r.htf_share_12m === 'number' && r.htf_share_12m >= 0.6 && (r.closed_12m as number) >= 5)
        expect(r.flag, `${r.province} ${r.occupation}`).not.toBe('surplus');
    // Plumbers (6.1.3.6.1): demanded at 2 per 100 vacancies, wanted by 0.4 per 100 seekers, propensity 0.8 → shortage somewhere
    expect(occupations.some((r) => r.occupation === '6.1.3.6.1' && r.flag === 'shortage')).toBe(true);
  });
});
