// mart.project_financial_history: every snapshot with its own pace, forecast
// and the loader's stage-order flag — what the funder's project page charts.
// Fixture as in spend.test.ts (data as of 2025-06-30) plus one snapshot of
// project A dated 2025-03-31 whose paid (870,000) exceeds the committed
// (850,000): loaded and flagged by the loader (tests/fixtures/spend/).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { AS_OF, kpiWarehouse } from './fixture.ts';

const A = 'B11B22000000001';
const B = 'F31D23000140007';
let t: TempWarehouse;
let flaggedLoad: number;

beforeAll(async () => {
  t = await kpiWarehouse();
  const r = await loadFile(t.wh, join(FIXTURES, 'spend', 'project_financials_flagged.csv'), {
    feed: 'project_financials',
    source: 'spend-fixture',
    today: AS_OF,
  });
  expect(r.status).toBe('loaded');
  expect(r.flaggedRows).toBe(1);
  flaggedLoad = r.loadId!;
  await refreshMarts(t.wh, { asOf: AS_OF });
}, 60_000);
afterAll(() => t?.cleanup());

interface HistoryRow {
  project: string;
  as_of: string;
  paid_share: number | null;
  elapsed_share: number | null;
  forecast_paid_at_end: number | null;
  is_latest: boolean;
  stages_consistent: boolean;
  loader_flagged: boolean;
  load_id: number;
  end_date: string;
}

const history = () =>
  t.wh.rows<HistoryRow>(
    `select project, as_of::VARCHAR as as_of, paid_share, elapsed_share, forecast_paid_at_end, is_latest, stages_consistent,
            loader_flagged, load_id, end_date::VARCHAR as end_date
       from mart.project_financial_history order by project, as_of`,
  );

describe('project financial history', () => {
  it('keeps every snapshot with its own elapsed share, paid share and forecast', async () => {
    const rows = await history();
    expect(rows.map((r) => [r.project, r.as_of, r.is_latest])).toEqual([
      [A, '2024-12-31', false],
      [A, '2025-03-31', false],
      [A, '2025-06-30', true],
      [B, '2024-06-30', false],
      [B, '2025-03-31', true],
    ]);
    const [a1, a2, a3, b1] = rows;
    // A runs 2023-01-01 → 2025-12-31 (1095 days). 2024-12-31 is day 730: paid 300,000 of admitted 1,000,000.
    expect(a1.elapsed_share).toBeCloseTo(730 / 1095, 10);
    expect(a1.paid_share).toBe(0.3);
    expect(a1.forecast_paid_at_end).toBeCloseTo(450_000, 6); // 300,000 × 1095 / 730
    // 2025-03-31 is day 820: 870,000 / 900,000
    expect(a2.elapsed_share).toBeCloseTo(820 / 1095, 10);
    expect(a2.paid_share).toBeCloseTo(870_000 / 900_000, 10);
    // latest: the same figures SP_PACE reports (911 / 1095; forecast 540,889.13)
    expect(a3.forecast_paid_at_end).toBeCloseTo(540_889.13, 2);
    expect(a3.end_date).toBe('2025-12-31');
    // B runs 2023-12-15 → 2026-12-15 (1096 days); 2024-06-30 is day 198: 100,000 × 1096 / 198 = 553,535.35
    expect(b1.elapsed_share).toBeCloseTo(198 / 1096, 10);
    expect(b1.paid_share).toBe(0.025);
    expect(b1.forecast_paid_at_end).toBeCloseTo(553_535.35, 2);
  });

  it('carries the loader’s stage-order flag of the snapshot it flagged, and only that one', async () => {
    const rows = await history();
    const flagged = rows.filter((r) => r.loader_flagged);
    expect(flagged.map((r) => [r.project, r.as_of, r.load_id])).toEqual([[A, '2025-03-31', flaggedLoad]]);
    expect(flagged[0].stages_consistent).toBe(false);
    expect(rows.filter((r) => r !== flagged[0]).every((r) => r.stages_consistent && !r.loader_flagged)).toBe(true);
  });

  it('a flagged snapshot that is not the latest leaves the latest-snapshot KPIs unchanged', async () => {
    const [a] = (await queryKpi(t.wh, 'SP_PACE', { dims: ['project'], filters: { project: A } })).rows;
    expect(a.paid_share).toBe(0.5);
    expect(a.forecast_paid_at_end).toBeCloseTo(540_889.13, 2);
    expect(a.end_date).toBe('2025-12-31');
  });
});
