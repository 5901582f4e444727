// PL_QUAL and PL_RET read mart.placement_quality_area (the placements summed
// to province × programme × project × contract type × gender × month) when a
// request only uses those dimensions, and the profile, comune and work
// rollups for the cuts by a person attribute, a comune or an occupation; MM_FILL and MM_HTF read
// mart.vacancy_closed_area, MM_TTF the histogram of days mart.vacancy_days_area.
// The answer must be exactly the one the full-grain mart gives: same rows,
// same values, same order.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, loadDemo } from '../../demo/index.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { refreshRollup } from '../../warehouse/marts/people.ts';
import { MART_PLANS, type PeoplePlan } from '../../warehouse/marts/plans.ts';
import type { MartName } from '../../warehouse/marts/models.ts';
import { buildKpiSql, martFor, normaliseRequest, queryKpi } from '../../warehouse/kpi/query.ts';
import { kpiOrThrow, listKpis } from '../../warehouse/kpi/registry.ts';
import type { KpiRequest } from '../../warehouse/kpi/types.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('placement KPIs from the rollup mart', () => {
  let t: TempWarehouse;
  let region: string;
  let province: string;
  let month: string;
  beforeAll(async () => {
    t = await tempWarehouse();
    await loadDemo(t.wh, await generateDemo({ dir: join(t.dir, 'demo'), scale: 0.02 }));
    await refreshMarts(t.wh);
    const top = await t.wh.one<{ region: string; province: string; month: string }>(
      `select region, province, (select min(month) from mart.placement_quality) as month
         from mart.placement_quality where province is not null group by region, province order by sum(placements) desc, province limit 1`,
    );
    ({ region, province, month } = top!);
  }, 180_000);
  afterAll(() => t?.cleanup());

  const requests = (): KpiRequest[] => [
    {},
    { dims: ['region'] },
    { dims: ['province'] },
    { dims: ['contract_type'] },
    { dims: ['gender', 'year'] },
    { dims: ['programme', 'project', 'quarter'] },
    { dims: ['month'], filters: { region: [region] } },
    { dims: ['contract_type'], filters: { province: [province], gender: ['F'] } },
    { dims: ['region', 'month'], from: month, to: `${Number(month.slice(0, 4)) + 1}${month.slice(4)}` },
  ];

  it('answers the covered requests from the rollup, identical to the full-grain mart', async () => {
    const rows = Number(await t.wh.scalar(`select count(*) from mart.placement_quality`));
    const rollupRows = Number(await t.wh.scalar(`select count(*) from mart.placement_quality_area`));
    expect(rollupRows).toBeGreaterThan(0);
    expect(rollupRows).toBeLessThan(rows);
    for (const code of ['PL_QUAL', 'PL_RET']) {
      const def = kpiOrThrow(code);
      for (const request of requests()) {
        const req = normaliseRequest(def, request);
        expect(martFor(def, req), `${code} ${JSON.stringify(request)}`).toBe('placement_quality_area');
        const full = buildKpiSql({ ...def, rollups: undefined }, req);
        expect(full.sql).toContain('mart."placement_quality"');
        const expected = await t.wh.rows(full.sql, full.params);
        const answer = await queryKpi(t.wh, code, request);
        expect(answer.rows, `${code} ${JSON.stringify(request)}`).toEqual(expected);
        expect(answer.rows.length).toBeGreaterThan(0);
      }
    }
  });

  it('answers the single cuts by person, comune and work from their own rollups, identical to the full-grain mart', async () => {
    const rows = Number(await t.wh.scalar(`select count(*) from mart.placement_quality`));
    const comune = String(await t.wh.scalar(`select comune from mart.placement_quality where province = $1 and comune is not null group by comune order by count(*) desc, comune limit 1`, [province]));
    const byRollup: [string, KpiRequest[]][] = [
      [
        'placement_quality_profile',
        [
          { dims: ['citizenship'] },
          { dims: ['age_band', 'year'] },
          { dims: ['isced'], filters: { region: [region] } },
          { dims: ['target_group', 'gender', 'quarter'] },
          { dims: ['citizenship', 'month'], from: month, to: `${Number(month.slice(0, 4)) + 1}${month.slice(4)}` },
        ],
      ],
      ['placement_quality_comune', [{ dims: ['comune'] }, { dims: ['comune', 'month'], filters: { province: [province] } }, { dims: ['year'], filters: { comune: [comune] } }]],
      ['placement_quality_work', [{ dims: ['occupation_group'] }, { dims: ['isco_major', 'year'] }, { dims: ['sector_section'], filters: { region: [region] } }]],
    ];
    for (const [mart, requests] of byRollup) {
      const rollupRows = Number(await t.wh.scalar(`select count(*) from mart.${mart}`));
      expect(rollupRows, mart).toBeGreaterThan(0);
      expect(rollupRows, mart).toBeLessThan(rows);
      for (const code of ['PL_QUAL', 'PL_RET']) {
        const def = kpiOrThrow(code);
        for (const request of requests) {
          const req = normaliseRequest(def, request);
          expect(martFor(def, req), `${code} ${JSON.stringify(request)}`).toBe(mart);
          const full = buildKpiSql({ ...def, rollups: undefined }, req);
          const answer = await queryKpi(t.wh, code, request);
          expect(answer.rows, `${code} ${JSON.stringify(request)}`).toEqual(await t.wh.rows(full.sql, full.params));
          expect(answer.rows.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('MM_FILL and MM_HTF answer by province and month of closing from mart.vacancy_closed_area, identical to the vacancy grain', async () => {
    const rows = Number(await t.wh.scalar(`select count(*) from mart.vacancy_outcomes`));
    const rollupRows = Number(await t.wh.scalar(`select count(*) from mart.vacancy_closed_area`));
    expect(rollupRows).toBeGreaterThan(0);
    expect(rollupRows).toBeLessThan(rows);
    const closed = await t.wh.one<{ region: string; province: string; month: string }>(
      `select region, province, (select min(close_month) from mart.vacancy_outcomes) as month
         from mart.vacancy_outcomes where is_closed and province is not null group by region, province order by count(*) desc, province limit 1`,
    );
    const vacancyRequests: KpiRequest[] = [
      {},
      { dims: ['region'] },
      { dims: ['province', 'year'] },
      { dims: ['quarter'], filters: { region: [closed!.region] } },
      { dims: ['month'], filters: { province: [closed!.province] } },
      { dims: ['region'], from: closed!.month, to: `${Number(closed!.month.slice(0, 4)) + 1}${closed!.month.slice(4)}` },
    ];
    for (const code of ['MM_FILL', 'MM_HTF']) {
      const def = kpiOrThrow(code);
      for (const request of vacancyRequests) {
        const req = normaliseRequest(def, request);
        expect(martFor(def, req), `${code} ${JSON.stringify(request)}`).toBe('vacancy_closed_area');
        const full = buildKpiSql({ ...def, rollups: undefined }, req);
        expect(full.sql).toContain('mart."vacancy_outcomes"');
        const answer = await queryKpi(t.wh, code, request);
        expect(answer.rows, `${code} ${JSON.stringify(request)}`).toEqual(await t.wh.rows(full.sql, full.params));
        expect(answer.rows.length).toBeGreaterThan(0);
      }
      for (const request of [{ dims: ['occupation_group'] }, { dims: ['office'] }, { filters: { sector_section: ['C'] } }] as KpiRequest[])
        expect(martFor(def, normaliseRequest(def, request)), `${code} ${JSON.stringify(request)}`).toBe('vacancy_outcomes');
    }
    // The hard-to-fill share read from 0/1 columns equals the row-level definition.
    const direct = await t.wh.one<{ share: number; n: number }>(
      `select sum(case when hard_to_fill then 1 else 0 end)::DOUBLE / count(*) as share, count(*) as n from mart.vacancy_outcomes where is_closed`,
    );
    const viaKpi = await queryKpi(t.wh, 'MM_HTF', {});
    expect(viaKpi.rows[0]).toMatchObject({ htf_share: direct!.share, closed_vacancies: direct!.n });
  });

  it('MM_TTF answers by territory and month of publication from the histogram mart.vacancy_days_area, identical to the vacancy grain', async () => {
    const rows = Number(await t.wh.scalar(`select count(*) from mart.vacancy_outcomes`));
    const rollupRows = Number(await t.wh.scalar(`select count(*) from mart.vacancy_days_area`));
    expect(rollupRows).toBeGreaterThan(0);
    expect(rollupRows).toBeLessThan(rows);
    // The day columns are whole numbers there, so a histogram of them loses nothing.
    expect(
      await t.wh.scalar(`select count(*) from mart.vacancy_outcomes where days_to_fill <> round(days_to_fill) or open_days <> round(open_days)`),
    ).toBe(0);
    const top = await t.wh.one<{ region: string; province: string; month: string }>(
      `select region, province, (select min(pub_month) from mart.vacancy_outcomes) as month
         from mart.vacancy_outcomes where province is not null group by region, province order by count(*) desc, province limit 1`,
    );
    const { region: r, province: p, month: m } = top!;
    const nextYear = `${Number(m.slice(0, 4)) + 1}${m.slice(4)}`;
    const ttfRequests: KpiRequest[] = [
      {},
      { dims: ['region'] },
      { dims: ['province'] },
      { dims: ['year'] },
      { dims: ['quarter'] },
      { dims: ['month'] },
      { dims: ['province', 'month'] },
      { dims: ['region', 'quarter'] },
      { dims: ['month'], filters: { region: [r] } },
      { dims: ['province', 'year'], filters: { region: [r] } },
      { dims: ['year'], filters: { province: [p] } },
      { dims: ['region'], from: m, to: nextYear },
      { dims: ['province', 'month'], from: nextYear },
      { to: nextYear },
    ];
    const def = kpiOrThrow('MM_TTF');
    const answered: Record<string, unknown>[] = [];
    for (const request of ttfRequests) {
      const req = normaliseRequest(def, request);
      expect(martFor(def, req), JSON.stringify(request)).toBe('vacancy_days_area');
      // Summed to one row per group and day first, unless the groups are the rollup's own cells.
      const cells = req.dims.includes('province') && req.dims.includes('month');
      expect(buildKpiSql(def, req).sql.includes(' as histogram'), JSON.stringify(request)).toBe(!cells);
      const full = buildKpiSql({ ...def, rollups: undefined }, req);
      expect(full.sql).toContain('mart."vacancy_outcomes"');
      expect(full.sql).toContain('median(days_to_fill)');
      const answer = await queryKpi(t.wh, 'MM_TTF', request);
      expect(answer.rows, JSON.stringify(request)).toEqual(await t.wh.rows(full.sql, full.params));
      expect(answer.rows.length).toBeGreaterThan(0);
      answered.push(...answer.rows);
    }
    // The compared answers hold the cases a median from counts could get wrong:
    // an even number of filled vacancies with two different middle values, a
    // group with only open vacancies (no median to fill), and days shared by
    // several vacancies of a group.
    expect(answered.some((x) => typeof x.median_days_to_fill === 'number' && x.median_days_to_fill % 1 === 0.5)).toBe(true);
    expect(answered.some((x) => x.filled_vacancies === 0 && Number(x.open_vacancies) > 0 && x.median_days_to_fill === null && x.median_open_days !== null)).toBe(true);
    expect(
      Number(await t.wh.scalar(`select count(*) from (select pub_year, days_to_fill from mart.vacancy_outcomes where days_to_fill is not null group by all having count(*) > 1)`)),
    ).toBeGreaterThan(0);
    // The counts, now sums of vacancy_n, are the row-level definition's.
    const direct = await t.wh.one<{ filled: number; open: number }>(
      `select count(*) filter (where is_filled) as filled, count(*) filter (where open_days is not null) as open from mart.vacancy_outcomes`,
    );
    expect((await queryKpi(t.wh, 'MM_TTF', {})).rows[0]).toMatchObject({ filled_vacancies: direct!.filled, open_vacancies: direct!.open });
    // Any other cut reads the vacancy grain.
    for (const request of [
      { dims: ['occupation'] },
      { dims: ['occupation_group', 'year'] },
      { dims: ['isco_major'] },
      { dims: ['sector_section'] },
      { dims: ['comune'] },
      { dims: ['office'] },
      { dims: ['region'], filters: { sector_section: ['C'] } },
      { dims: ['month'], filters: { office: ['BA-CPI'] } },
    ] as KpiRequest[]) {
      const req = normaliseRequest(def, request);
      expect(martFor(def, req), JSON.stringify(request)).toBe('vacancy_outcomes');
      expect(buildKpiSql(def, req).sql).toContain('median(days_to_fill)');
    }
    expect((await queryKpi(t.wh, 'MM_TTF', { dims: ['office'] })).rows.length).toBeGreaterThan(0);
  });

  it('names only measures of the KPI in a rollup\'s own measure SQL', () => {
    for (const def of listKpis())
      for (const rollup of def.rollups ?? [])
        for (const name of Object.keys(rollup.measures ?? {}))
          expect(def.measures.map((m) => m.name), `${def.code} ${rollup.mart}`).toContain(name);
  });

  it('refuses to move a rollup whose columns are not the cohort mart’s, naming them', async () => {
    const plan = MART_PLANS.placement_quality as PeoplePlan;
    const bad = 'rollup_under_test' as MartName;
    const attempt = async (select: string) => {
      await t.wh.run(`create or replace table mart.rollup_under_test as ${select}`);
      try {
        return await refreshRollup(t.wh, bad, 'placement_quality', plan);
      } finally {
        await t.wh.run(`drop table mart.rollup_under_test`);
      }
    };
    await expect(attempt(`select region, 'x' as office, sum(placements) as placements from mart.placement_quality group by all`)).rejects.toThrow(
      /rollup_under_test\.sql sums mart\.placement_quality: .*office is not one of mart\.placement_quality's columns/,
    );
    await expect(attempt(`select region, sum(placements) as placements, sum(ret6) as retained from mart.placement_quality group by all`)).rejects.toThrow(/retained is not one/);
    await expect(attempt(`select sum(ret6) as ret6, region from mart.placement_quality group by all`)).rejects.toThrow(/it selects ret6, region/);
  });

  it('falls back to the full-grain mart for a cut no rollup holds whole', () => {
    const def = kpiOrThrow('PL_QUAL');
    const across = [
      { dims: ['comune', 'age_band'] },
      { dims: ['province', 'citizenship'] },
      { dims: ['comune'], filters: { isced: ['3'] } },
      { dims: ['sector_section', 'contract_type'] },
      { dims: ['occupation_group'], filters: { province: ['072'] } },
    ] as KpiRequest[];
    for (const request of across)
      expect(martFor(def, normaliseRequest(def, request)), JSON.stringify(request)).toBe('placement_quality');
  });
});
