// Placement-outcome KPIs on the hand-made fixture (tests/fixtures/kpi), data as of 2025-06-30.
// People a1…a7 (pseudonyms 'a'×63 + n). Exit cohort from active measures (reception and
// guidance_basic are not measures): a1 exits 2024-05-31 (S2) · a2 2024-08-31 (S4) · a3 2024-06-30
// (S6; S7 ended 2024-06-15 in the same month → one member at the last exit) · a4 2024-09-30 (S11)
// · a5 2025-04-30 (S8). Placements: PL1 a1 2024-06-15…2024-12-14 · T1 a2 traineeship 2024-03-01…2024-08-31
// · PL3 a2 2024-09-30 permanent · T2 a3 traineeship 2024-07-01…2024-10-31 · PL4 a3 2024-12-01 apprenticeship
// · T3 a6 traineeship 2025-02-01…2025-06-15 · T4 a7 traineeship 2024-11-01…2025-01-31 (employer e1)
// · PL5 a7 2025-02-01 permanent (employer e2) · PL6 a5 2025-05-15 fixed term.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { kpiWarehouse } from './fixture.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await kpiWarehouse();
}, 60_000);
afterAll(() => t?.cleanup());

const rows = async (code: string, request = {}) => (await queryKpi(t.wh, code, request)).rows;

describe('placement KPIs', () => {
  it('PL_FUNNEL: each registration once per step', async () => {
    // registered 7; agreement (reception/guidance_basic after registration): a1 a2 a3 a6 = 4
    // active measure: a1 a2 a3 a4 a5 = 5; completed: same 5; employed after registration:
    // a1 a2 a3 a5 a6 a7 = 6 (a7's traineeship T4 predates the registration, PL5 does not)
    const [r] = await rows('PL_FUNNEL');
    expect(r).toMatchObject({ registered: 7, agreement: 4, active_measure: 5, completed: 5, employed: 6 });
    expect(r.employed_share).toBeCloseTo(6 / 7, 10);
  });

  it('PL_RATE_k: in employment k months after leaving, young cohorts excluded (not failures)', async () => {
    // In employment on exit + k months (any contract running that day, started before the exit included);
    // beside it the observatory's own placement_rate: a placement started between the exit and exit + k months.
    // k=1: all 5 eligible (a5: 2025-04-30 + 1 m = 2025-05-30 ≤ as-of). Running on exit + 1 m:
    //      a1 2024-06-30 PL1 · a2 2024-09-30 PL3 (starts that day) · a3 2024-07-30 T2 · a4 none · a5 2025-05-30 PL6 → 4
    //      started within 1 month: a1 a2 (exactly at the boundary) a3 a5 → 4
    expect(await rows('PL_RATE_1')).toEqual([{ employment_rate: 0.8, employed: 4, placement_rate: 0.8, placed: 4, eligible: 5, exits: 5 }]);
    // k=3: a5 censored (2025-07-30 > as-of); a1 2024-08-31 PL1 · a2 2024-11-30 PL3 · a3 2024-09-30 T2 · a4 none → 3/4
    expect(await rows('PL_RATE_3')).toEqual([{ employment_rate: 0.75, employed: 3, placement_rate: 0.75, placed: 3, eligible: 4, exits: 5 }]);
    // k=6: a1 2024-11-30 PL1 (to 2024-12-14) · a2 2025-02-28 PL3 · a3 2024-12-30 PL4 (from 2024-12-01) · a4 none → 3/4
    expect(await rows('PL_RATE_6')).toEqual([{ employment_rate: 0.75, employed: 3, placement_rate: 0.75, placed: 3, eligible: 4, exits: 5 }]);
    // k=12: a1 (2025-05-31) and a3 (2025-06-30, exactly the as-of date) eligible; a2, a4, a5 censored.
    //       a1's PL1 ended 2024-12-14: placed within 12 months but not in work at 12 months → employed 1 of 2, placed 2 of 2
    expect(await rows('PL_RATE_12')).toEqual([{ employment_rate: 0.5, employed: 1, placement_rate: 1, placed: 2, eligible: 2, exits: 5 }]);
    // by month: 2024-09 cohort (a4) has 0 employed of 1 eligible → 0, not null
    const byMonth = await rows('PL_RATE_3', { dims: ['month'] });
    expect(byMonth.find((r) => r.month === '2024-09')).toEqual({ month: '2024-09', employment_rate: 0, employed: 0, placement_rate: 0, placed: 0, eligible: 1, exits: 1 });
    // 2025-04 cohort (a5) fully censored at 3 months → null rate, never 0
    expect(byMonth.find((r) => r.month === '2025-04')).toEqual({ month: '2025-04', employment_rate: null, employed: 0, placement_rate: null, placed: 0, eligible: 0, exits: 1 });
  });

  it('PL_EECR: EECR04 in employment upon leaving (already working included), EECR05 six months after', async () => {
    // EECR04: eligible 5; a placement running on some day from the exit to 28 days after it:
    //   a1 (PL1 from day 15) · a2 (traineeship T1 runs to the exit day 2024-08-31: already in work at exit → counts)
    //   · a3 (T2 from day 1) · a5 (PL6 from day 15); a4 none → 4/5
    // EECR05: eligible a1 a2 a3 a4 (a5 censored); running at exit + 6 m: a1 (PL1 to 2024-12-14 ≥ 2024-11-30),
    //         a2 (PL3), a3 (PL4 from 2024-12-01 ≤ 2024-12-30) → 3/4
    expect(await rows('PL_EECR')).toEqual([
      { eecr04_rate: 0.8, eecr04: 4, eecr04_eligible: 5, eecr05_rate: 0.75, eecr05: 3, eecr05_eligible: 4 },
    ]);
  });

  it('PL_QUAL: permanent + apprenticeship share and full-time share, each placement once', async () => {
    // 9 placements; permanent PL3 PL5 + apprenticeship PL4 = 3 → 1/3
    // full time PL1 PL3 PL4 PL6 = 4 of 5 with working time reported (PL5 part) → 0.8
    const [r] = await rows('PL_QUAL');
    expect(r).toMatchObject({ permanent: 2, apprenticeship: 1, full_time: 4, working_time_known: 5, placements: 9 });
    expect(r.stable_share).toBeCloseTo(3 / 9, 10);
    expect(r.full_time_share).toBe(0.8);
  });

  it('PL_RET: still running 6 / 12 months after start, right-censored', async () => {
    // 6 m eligible (start ≤ 2024-12-30): PL1 T1 PL3 T2 PL4 T4 = 6; running at start + 6 m: PL3, PL4 = 2
    //   (PL1 ends 2024-12-14, one day before its 6-month date 2024-12-15 → not retained)
    // 12 m eligible (start ≤ 2024-06-30): PL1, T1 = 2; neither running → 0 (a real zero, not null)
    const [r] = await rows('PL_RET');
    expect(r).toMatchObject({ ret6: 2, ret6_eligible: 6, ret12: 0, ret12_eligible: 2, retention_12m: 0 });
    expect(r.retention_6m).toBeCloseTo(2 / 6, 10);
  });

  it('PL_CONV: day 30 converts, day 31 does not; windows still open are excluded', async () => {
    // T1 ends 2024-08-31, PL3 same employer starts 2024-09-30: gap 30 → converted
    // T2 ends 2024-10-31, PL4 same employer starts 2024-12-01: gap 31 → not converted
    // T4 ends 2025-01-31, PL5 starts next day with ANOTHER employer → not converted
    // T3 ends 2025-06-15: window to 2025-07-15 after the as-of date → excluded
    const [r] = await rows('PL_CONV');
    expect(r).toMatchObject({ converted: 1, eligible: 3, ended: 4 });
    expect(r.conversion_rate).toBeCloseTo(1 / 3, 10);
    const byMonth = await rows('PL_CONV', { dims: ['month'] });
    expect(byMonth.map((m) => [m.month, m.converted, m.eligible])).toEqual([
      ['2024-08', 1, 1],
      ['2024-10', 0, 1],
      ['2025-01', 0, 1],
      ['2025-06', 0, 0],
    ]);
  });

  it('PL_EVT: hires per event and per participant', async () => {
    // EV1 6 hires, 40 participants; EV2 4 hires, 100 participants → 10 / 2 = 5 per event, 10 / 140 per participant
    const [r] = await rows('PL_EVT');
    expect(r).toMatchObject({ events: 2, participants: 140, hires_reported: 10, hires_linked: 1, hires_per_event: 5 });
    expect(r.hires_per_participant).toBeCloseTo(10 / 140, 10);
  });

  it('PL_GOL: people by path, priority-group share, occupati alla data and nuovi occupati', async () => {
    // GOL people (taken in charge = registration with the path): a1 2024-01-15 (path 1, woman),
    // a2 2024-02-10 (2, man of 35), a3 2024-03-05 (3, 60 years in 2025), a5 2024-09-01 (1, 27 years)
    // priority: a1, a3, a5 = 3/4
    // in employment at the as-of date 2025-06-30: a2 (PL3), a3 (PL4), a5 (PL6); a1's PL1 ended 2024-12-14 → 3/4
    // newly employed (a job started after being taken in charge): a1 PL1, a2 T1, a3 T2, a5 PL6 → 4/4
    // at 180 days (all four taken in charge ≥ 180 days before the as-of date): day 180 is
    //   a1 2024-07-13 (PL1 running) · a2 2024-08-08 (T1 running) · a3 2024-09-01 (T2 running) · a5 2025-02-28 (PL6 not yet)
    //   → in employment 3/4; newly employed by day 180: a1, a2, a3 → 3/4
    // at 60 and 90 days (all four eligible): a1 2024-03-15 / 04-14 (PL1 starts 06-15: no) · a2 2024-04-10 / 05-10
    //   (T1 from 03-01: running, and new) · a3 2024-05-04 / 06-03 (T2 starts 07-01: no) · a5 2024-10-31 / 11-30 (no)
    //   → in employment 1/4 and newly employed 1/4 at both
    expect(await rows('PL_GOL')).toEqual([
      {
        taken_in_charge: 4,
        priority: 3,
        priority_share: 0.75,
        employed_at_date: 3,
        employed_at_date_share: 0.75,
        new_employed: 4,
        new_employed_share: 1,
        eligible_60: 4,
        employed_60: 1,
        employed_60_share: 0.25,
        new_employed_60: 1,
        new_employed_60_share: 0.25,
        eligible_90: 4,
        employed_90: 1,
        employed_90_share: 0.25,
        new_employed_90: 1,
        new_employed_90_share: 0.25,
        eligible_180: 4,
        employed_180: 3,
        employed_180_share: 0.75,
        new_employed_180: 3,
        new_employed_180_share: 0.75,
      },
    ]);
    expect((await rows('PL_GOL', { dims: ['gol_path'] })).map((r) => [r.gol_path, r.taken_in_charge])).toEqual([
      ['1', 2],
      ['2', 1],
      ['3', 1],
    ]);
  });
});
