// Mismatch KPIs on the hand-made fixture (tests/fixtures/kpi), data as of 2025-06-30.
// Vacancies: V1 BA pos 2 filled 2 (30 d) · V2 BA pos 3 partly 1 (60 d, lack_of_candidates)
// · V3 BA pos 1 unfilled (inadequate_skills) · V4 BO pos 4 open since 2025-02-15
// · V5 BO pos 1 filled, filled_positions empty (10 d) · V6 BO pos 2 withdrawn · V7 BA pos 1 open since 2025-05-01.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { kpiWarehouse } from './fixture.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await kpiWarehouse();
}, 60_000);
afterAll(() => t?.cleanup());

const one = async (code: string, request = {}) => (await queryKpi(t.wh, code, request)).rows;

describe('mismatch KPIs', () => {
  it('MM_VAC counts vacancies and positions by publication month', async () => {
    expect(await one('MM_VAC')).toEqual([{ vacancies: 7, positions: 14 }]); // 2+3+1+4+1+2+1 = 14
    expect(await one('MM_VAC', { dims: ['month'] })).toEqual([
      { month: '2025-01', vacancies: 2, positions: 5 }, // V1 2 + V2 3
      { month: '2025-02', vacancies: 2, positions: 5 }, // V3 1 + V4 4
      { month: '2025-03', vacancies: 1, positions: 1 },
      { month: '2025-04', vacancies: 1, positions: 2 },
      { month: '2025-05', vacancies: 1, positions: 1 },
    ]);
    expect(await one('MM_VAC', { from: '2025-02', to: '2025-03' })).toEqual([{ vacancies: 3, positions: 6 }]);
  });

  it('MM_FILL: filled / positions of closed vacancies; open ones are censored, withdrawn ones count', async () => {
    // closed: V1 2 + V2 3 + V3 1 + V5 1 + V6 2 = 9 positions; filled 2 + 1 + 0 + 1 (outcome filled, count empty → all) + 0 = 4
    const [all] = await one('MM_FILL');
    expect(all).toMatchObject({ filled_positions: 4, closed_positions: 9 });
    expect(all.fill_rate).toBeCloseTo(4 / 9, 10);
    const byRegion = await one('MM_FILL', { dims: ['region'] });
    // Emilia-Romagna 08: V5 1 / (1 + 2); Puglia 16: (2 + 1 + 0) / (2 + 3 + 1)
    expect(byRegion.map((r) => [r.region, r.filled_positions, r.closed_positions])).toEqual([
      ['08', 1, 3],
      ['16', 3, 6],
    ]);
    expect(byRegion[1].fill_rate).toBe(0.5);
  });

  it('MM_FILL: division by zero gives null, not 0 or NaN', async () => {
    // no vacancy closed in 2025-01 (V1 closed 2025-02-09)
    expect(await one('MM_FILL', { from: '2025-01', to: '2025-01' })).toEqual([
      { fill_rate: null, filled_positions: 0, closed_positions: 0 },
    ]);
  });

  it('MM_TTF: median days to fill over filled vacancies, open ones reported as still open after N days', async () => {
    // filled: V1 30, V2 60 (Jan 20 → Mar 21), V5 10 → median 30
    // open at 2025-06-30: V4 135 days (13 + 31 + 30 + 31 + 30), V7 60 days (31 + 29) → median 97.5
    expect(await one('MM_TTF')).toEqual([
      { median_days_to_fill: 30, filled_vacancies: 3, open_vacancies: 2, median_open_days: 97.5 },
    ]);
  });

  it('MM_HTF: hard-to-fill share of closed vacancies, split by reason', async () => {
    // closed 5 (V1 V2 V3 V5 V6); V2 lack_of_candidates, V3 inadequate_skills → 2/5
    expect(await one('MM_HTF')).toEqual([
      {
        htf_share: 0.4,
        lack_of_candidates_share: 0.2,
        inadequate_skills_share: 0.2,
        conditions_refused_share: 0,
        other_reason_share: 0,
        hard_to_fill: 2,
        closed_vacancies: 5,
        // weighted by positions as Excelsior weights by planned hire: V2 3 + V3 1 of 2 + 3 + 1 + 1 + 2 = 4/9
        htf_positions_share: 4 / 9,
        htf_positions: 4,
        closed_positions: 9,
      },
    ]);
  });

  it('MM_DECL: declined / proposed candidates', async () => {
    // proposed 5 + 4 + 3 + 2 = 14, declined 1 + 2 + 3 + 0 = 6
    const [r] = await one('MM_DECL');
    expect(r).toMatchObject({ candidates_declined: 6, candidates_proposed: 14 });
    expect(r.decline_rate).toBeCloseTo(6 / 14, 10);
  });

  it('MM_TIGHT: open positions per available seeker by province × occupation group', async () => {
    // Bologna 237 group 8: V4 4 open positions / seekers a3, a6 (a4 inactive) = 2
    // Bari 272 group 2: V7 1 / a1, a2 = 0.5 · Bari group 5 (ISCO:5223 → CP2021 5): 0 / a7 (a5 deregistered) = 0
    expect(await one('MM_TIGHT')).toEqual([
      { province: '237', occupation_group: '8', tightness: 2, open_positions: 4, seekers: 2 },
      { province: '272', occupation_group: '2', tightness: 0.5, open_positions: 1, seekers: 2 },
      { province: '272', occupation_group: '5', tightness: 0, open_positions: 0, seekers: 1 },
    ]);
    // ISCO-08 major groups via ref.occupation_major_map: CP2021 8 → ISCO 9, 2 → 2, 5 → 5
    expect((await one('MM_TIGHT', { dims: ['isco_major'] })).map((r) => r.isco_major)).toEqual(['2', '5', '9']);
    expect(await one('MM_TIGHT', { dims: ['region'], filters: { isco_major: '9' } })).toEqual([
      { region: '08', tightness: 2, open_positions: 4, seekers: 2 },
    ]);
  });

  it('MM_FLAG: too few cases for two readable signals → not classified (classes: tests/kpi/mismatch-flag.test.ts)', async () => {
    // 237/8: 4 open + 2 seekers = 6 ≥ 5 → tightness readable: V/U 2 = the province's own 2 → 0; 2 closed, 1 filled,
    //        2 proposed, no vacancy in 2023-07…2024-06 → 1 signal · 272/2: 1 + 2 = 3 < 5, 2 closed → 0 signals
    // 272/5: 0 + 1 < 5, 1 closed → 0 signals. Fewer than 2 signals → no class.
    const rows = await one('MM_FLAG');
    expect(rows.map((r) => [r.province, r.occupation_group, r.flag, r.signals_read, r.sig_tightness, r.mean_days_to_fill_12m])).toEqual([
      ['237', '8', null, 1, 0, 10],
      ['272', '2', null, 0, null, 45],
      ['272', '5', null, 0, null, null],
    ]);
  });

  it('MM_CTX: ISTAT rows beside local figures, labelled as context (totals only)', async () => {
    const r = await queryKpi(t.wh, 'MM_CTX');
    expect(r.definition.context).toBe(true);
    expect(r.notes.some((n) => /context/i.test(n.en))).toBe(true);
    // the F row (14.2) is a breakdown, left out of the total-population series
    expect(r.rows).toEqual([
      { context_source: 'istat', indicator: 'UNEM_R', territory_code: '16', period: '2024', value: 11.6, units: 1, observations: 1 },
      { context_source: 'istat', indicator: 'UNEM_R', territory_code: 'IT', period: '2024', value: 6.5, units: 1, observations: 1 },
    ]);
  });
});
