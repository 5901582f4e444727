// Mismatch KPIs by single occupation (the code as reported), the cut the
// /mismatch page ranks "occupations hardest to fill" in a territory with.
// Hand-made fixture (tests/fixtures/kpi), data as of 2025-06-30:
// Bari 272: V1 2.1.1.4.1 filled 30 d (proposed 5, declined 1) · V2 2.1.1.4.1 partly 60 d, lack_of_candidates (4, 2)
//           · V3 ISCO:5223 unfilled, inadequate_skills (3, 3) · V7 2.1.1.4.1 open since 2025-05-01 (60 d)
// Bologna 237: V4 8.1.4.3.0 open since 2025-02-15 (135 d) · V5 8.1.4.3.0 filled 10 d (2, 0) · V6 8.1.4.3.0 withdrawn
// Seekers available at as-of: 272 2.1.1.4.1 a1 a2 · 272 ISCO:5223 a7 (a5 deregistered) · 237 8.1.4.3.0 a3 a6 (a4 inactive)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { dimensionValues } from '../../warehouse/kpi/dimensions.ts';
import { KpiRequestError } from '../../warehouse/kpi/types.ts';
import { kpiWarehouse } from './fixture.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await kpiWarehouse();
}, 60_000);
afterAll(() => t?.cleanup());

const rows = async (code: string, request = {}) => (await queryKpi(t.wh, code, request)).rows;

describe('mismatch KPIs by occupation', () => {
  it('MM_HTF ranks the occupations of one province by hard-to-fill share, with counts and reasons', async () => {
    const bari = await rows('MM_HTF', { dims: ['occupation'], filters: { province: '272' } });
    // 2.1.1.4.1: closed V1, V2; V2 hard (lack_of_candidates) → 1/2 · ISCO:5223: V3 hard (inadequate_skills) → 1/1
    // by positions: 2.1.1.4.1 V2 3 of V1 2 + V2 3 → 3/5 · ISCO:5223 V3 1 of 1
    expect(bari).toEqual([
      {
        occupation: '2.1.1.4.1',
        htf_share: 0.5,
        lack_of_candidates_share: 0.5,
        inadequate_skills_share: 0,
        conditions_refused_share: 0,
        other_reason_share: 0,
        hard_to_fill: 1,
        closed_vacancies: 2,
        htf_positions_share: 0.6,
        htf_positions: 3,
        closed_positions: 5,
      },
      {
        occupation: 'ISCO:5223',
        htf_share: 1,
        lack_of_candidates_share: 0,
        inadequate_skills_share: 1,
        conditions_refused_share: 0,
        other_reason_share: 0,
        hard_to_fill: 1,
        closed_vacancies: 1,
        htf_positions_share: 1,
        htf_positions: 1,
        closed_positions: 1,
      },
    ]);
    // Bologna: V5 filled and V6 withdrawn are closed, neither hard → 0 of 2; open V4 is not counted
    expect(await rows('MM_HTF', { dims: ['occupation'], filters: { province: '237' } })).toEqual([
      expect.objectContaining({ occupation: '8.1.4.3.0', htf_share: 0, hard_to_fill: 0, closed_vacancies: 2 }),
    ]);
  });

  it('the occupation rows add up to the province total (no vacancy lost or counted twice)', async () => {
    const [total] = await rows('MM_HTF', { dims: ['province'], filters: { province: '272' } });
    expect(total).toMatchObject({ province: '272', hard_to_fill: 2, closed_vacancies: 3 });
    expect(total.htf_share).toBeCloseTo(2 / 3, 10);
  });

  it('MM_DECL by occupation: declined / proposed per occupation', async () => {
    // 2.1.1.4.1: V1 5/1 + V2 4/2 (+ V7 none) = 9 proposed, 3 declined · ISCO:5223: 3/3 · 8.1.4.3.0: V5 2/0
    const decl = await rows('MM_DECL', { dims: ['occupation'] });
    expect(decl.map((r) => [r.occupation, r.candidates_proposed, r.candidates_declined])).toEqual([
      ['2.1.1.4.1', 9, 3],
      ['8.1.4.3.0', 2, 0],
      ['ISCO:5223', 3, 3],
    ]);
    expect(decl[0].decline_rate).toBeCloseTo(1 / 3, 10);
    expect(decl[2].decline_rate).toBe(1);
  });

  it('MM_TTF by occupation: median days to fill, open vacancies censored and reported apart', async () => {
    // 2.1.1.4.1: filled V1 30, V2 60 → median 45; V7 open 60 d · 8.1.4.3.0: V5 10; V4 open 135 d · ISCO:5223: none filled
    expect(await rows('MM_TTF', { dims: ['occupation'] })).toEqual([
      { occupation: '2.1.1.4.1', median_days_to_fill: 45, filled_vacancies: 2, open_vacancies: 1, median_open_days: 60 },
      { occupation: '8.1.4.3.0', median_days_to_fill: 10, filled_vacancies: 1, open_vacancies: 1, median_open_days: 135 },
      { occupation: 'ISCO:5223', median_days_to_fill: null, filled_vacancies: 0, open_vacancies: 0, median_open_days: null },
    ]);
  });

  it('MM_TIGHT and MM_FLAG by province × occupation; the group totals are unchanged by the finer grain', async () => {
    // 237/8.1.4.3.0: 4 open / 2 seekers · 272/2.1.1.4.1: 1 / 2 · 272/ISCO:5223: 0 / 1
    expect(await rows('MM_TIGHT', { dims: ['province', 'occupation'] })).toEqual([
      { province: '237', occupation: '8.1.4.3.0', tightness: 2, open_positions: 4, seekers: 2 },
      { province: '272', occupation: '2.1.1.4.1', tightness: 0.5, open_positions: 1, seekers: 2 },
      { province: '272', occupation: 'ISCO:5223', tightness: 0, open_positions: 0, seekers: 1 },
    ]);
    // 2.1.1.4.1: 1 open + 2 seekers < 5, 2 closed (< 5), 9 proposed (< 10) → no readable signal, not classified;
    // mean days (30 + 60) / 2 = 45 · ISCO:5223: 0 + 1 < 5, 1 closed → not classified, no fills
    const flags = await rows('MM_FLAG', { dims: ['occupation'], filters: { province: '272' } });
    expect(flags.map((r) => [r.occupation, r.flag, r.signals_read, r.mean_days_to_fill_12m])).toEqual([
      ['2.1.1.4.1', null, 0, 45],
      ['ISCO:5223', null, 0, null],
    ]);
    expect(await rows('MM_TIGHT', { dims: ['occupation_group'], filters: { province: '272' } })).toEqual([
      { occupation_group: '2', tightness: 0.5, open_positions: 1, seekers: 2 },
      { occupation_group: '5', tightness: 0, open_positions: 0, seekers: 1 },
    ]);
  });

  it('occupation values carry CP2021 and ISCO-08 labels; malformed codes are refused before any SQL', async () => {
    const values = await dimensionValues(t.wh, 'occupation');
    expect(values.find((v) => v.value === '2.1.1.4.1')?.label.it).toMatch(/geolog/i);
    expect(values.find((v) => v.value === 'ISCO:5223')?.label.en).toMatch(/shop sales/i);
    await expect(queryKpi(t.wh, 'MM_HTF', { filters: { occupation: "5' or 1=1" } })).rejects.toBeInstanceOf(KpiRequestError);
  });
});
