// Spend KPIs on the hand-made fixture (tests/fixtures/kpi), data as of 2025-06-30.
// Project A B11B22000000001 (GOL, 2023-01-01 → 2025-12-31): snapshots 2024-12-31 (paid 300,000) and
// 2025-06-30 (programmed 1,000,000, admitted 900,000, committed 850,000, paid 450,000, certified 400,000).
// Project B F31D23000140007 (PNM, 2023-12-15 → 2026-12-15): snapshots 2024-06-30 (paid 100,000) and
// 2025-03-31 (4,000,000 × 3, paid 605,305.62). Placements with CUP: A PL1 PL3, B PL4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { kpiWarehouse } from './fixture.ts';

const A = 'B11B22000000001';
const B = 'F31D23000140007';
let t: TempWarehouse;
beforeAll(async () => {
  t = await kpiWarehouse();
}, 60_000);
afterAll(() => t?.cleanup());

const rows = async (code: string, request = {}) => (await queryKpi(t.wh, code, request)).rows;

describe('spend KPIs', () => {
  it('SP_STAGE: latest snapshot per project wins, history kept', async () => {
    expect(await rows('SP_STAGE', { dims: ['project'] })).toEqual([
      { project: A, programmed: 1_000_000, admitted: 900_000, legally_committed: 850_000, paid: 450_000, certified: 400_000, projects: 1, snapshot_as_of: '2025-06-30' },
      { project: B, programmed: 4_000_000, admitted: 4_000_000, legally_committed: 4_000_000, paid: 605_305.62, certified: 0, projects: 1, snapshot_as_of: '2025-03-31' },
    ]);
    const history = await t.wh.rows<{ project: string; as_of: string; is_latest: boolean }>(
      `select project, as_of, is_latest from mart.project_financial_history order by project, as_of`,
    );
    expect(history).toEqual([
      { project: A, as_of: '2024-12-31', is_latest: false },
      { project: A, as_of: '2025-06-30', is_latest: true },
      { project: B, as_of: '2024-06-30', is_latest: false },
      { project: B, as_of: '2025-03-31', is_latest: true },
    ]);
  });

  it('SP_PAID: paid / admitted', async () => {
    const [total] = await rows('SP_PAID');
    // (450,000 + 605,305.62) / (900,000 + 4,000,000) = 1,055,305.62 / 4,900,000
    expect(total.paid).toBe(1_055_305.62);
    expect(total.paid_share).toBeCloseTo(0.215368494, 8);
    const [b] = await rows('SP_PAID', { dims: ['project'], filters: { project: B } });
    expect(b.paid_share).toBeCloseTo(0.151326405, 8); // 605,305.62 / 4,000,000 (the contract's seed figures)
  });

  it('SP_PACE: paid share vs elapsed share, forecast at the current pace', async () => {
    // A: elapsed (2023-01-01 → 2025-06-30) 911 d / (→ 2025-12-31) 1095 d = 0.831963; paid share 0.5
    //    pace 0.5 / 0.831963 = 0.600988; forecast 450,000 × 1095 / 911 = 540,889.13
    const [a] = await rows('SP_PACE', { dims: ['project'], filters: { project: A } });
    expect(a.elapsed_share).toBeCloseTo(911 / 1095, 8);
    expect(a.paid_share).toBe(0.5);
    expect(a.pace).toBeCloseTo(0.5 / (911 / 1095), 8);
    expect(a.forecast_paid_at_end).toBeCloseTo(540_889.13, 2);
    // B: snapshot 2025-03-31: elapsed 472 d / 1096 d; forecast 605,305.62 × 1096 / 472 = 1,405,540.17
    const [b] = await rows('SP_PACE', { dims: ['project'], filters: { project: B } });
    expect(b.elapsed_share).toBeCloseTo(472 / 1096, 8);
    expect(b.forecast_paid_at_end).toBeCloseTo(1_405_540.17, 2);
  });

  it('SP_RISK: N+3 per cohesion-fund programme with equal annual tranches; none for PNRR', async () => {
    // GOL is PNRR (programmes.csv): Reg. (EU) 2021/1060 does not bind it, so nothing is due and nothing at risk.
    // PNM (FSE+) 2021–2027: 4,000,000 / 7 = 571,428.571; 2021 + 2022 tranches due = 1,142,857.14 − paid 605,305.62 = 537,551.52 at risk
    expect(await rows('SP_RISK')).toEqual([
      { programme: 'GOL', resources: 1_000_000, paid: 450_000, required_by_year_end: null, at_risk_amount: null, programmes_at_risk: 0, programmes_under_rule: 0 },
      { programme: 'PNM', resources: 4_000_000, paid: 605_305.62, required_by_year_end: 1_142_857.14, at_risk_amount: 537_551.52, programmes_at_risk: 1, programmes_under_rule: 1 },
    ]);
  });

  it('SP_TGT: status against the straight-line path, thresholds configurable and returned', async () => {
    const r = await queryKpi(t.wh, 'SP_TGT');
    expect(r.thresholds).toEqual({ onTrack: 0.95, atRisk: 0.8 });
    const status = Object.fromEntries(r.rows.map((x) => [`${x.project}/${x.target_kind}`, [x.status, x.progress]]));
    // TG1 A: expected 200 × 911/1095 = 166.39; actual 170 (latest report) → 1.0217 → on track
    expect(status[`${A}/target`][0]).toBe('on_track');
    expect(status[`${A}/target`][1]).toBeCloseTo(170 / ((200 * 911) / 1095), 8);
    // TG2 B: expected 100 + 900 × 563/1096 = 562.32; actual 500 → 0.8892 → at risk
    expect(status[`${B}/target`][0]).toBe('at_risk');
    expect(status[`${B}/target`][1]).toBeCloseTo(500 / (100 + (900 * 563) / 1096), 8);
    // TG3 GOL milestone due 2024-12-31 (passed): expected 300; actual = sum of its projects' latest = 170 → 0.567 → off track
    expect(status['none/milestone']).toEqual(['off_track', 170 / 300]);
    // TG4 territory target: no actual → no status (null, not off track)
    expect(r.rows.find((x) => x.indicator === 'PL_RATE_6')).toMatchObject({ actual: null, status: null });

    const lenient = await queryKpi(t.wh, 'SP_TGT', { thresholds: { onTrack: 0.85, atRisk: 0.5 } });
    expect(lenient.thresholds).toEqual({ onTrack: 0.85, atRisk: 0.5 });
    expect(lenient.rows.map((x) => x.status)).toEqual(['on_track', 'at_risk', 'on_track', null]);
  });

  it('SP_CPP: paid per attributed placement; no placements → null', async () => {
    const byProject = await rows('SP_CPP', { dims: ['project'] });
    // A: 450,000 / 2 = 225,000 · B: 605,305.62 / 1
    expect(byProject).toEqual([
      { project: A, cost_per_placement: 225_000, paid: 450_000, placements: 2 },
      { project: B, cost_per_placement: 605_305.62, paid: 605_305.62, placements: 1 },
    ]);
    // total: 1,055,305.62 / 3 = 351,768.54
    expect((await rows('SP_CPP'))[0].cost_per_placement).toBeCloseTo(351_768.54, 2);
  });
});
