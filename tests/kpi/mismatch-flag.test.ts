// MM_FLAG on a fixture built so the class is obvious (tests/fixtures/kpi-mismatch,
// as of 2025-06-30, all in province 272 Bari). Hand computation:
// seekers: plumbers 1, secretaries 20, waiters 6, truck drivers 1 = 28;
// open positions: plumbers 6, secretaries 1, waiters 2 = 9 → province V/U 9 / 28.
// Vacancies closed in the last 12 months (2024-07…2025-06), all filled:
// plumbers 6 × 90 days, secretaries 6 × 10, waiters 6 × 40 → province mean 840 / 18 = 46.67 days.
//   plumbers:    V/U 6 / 1 = 6 = 18.7 × the province → +1; hard to fill 5/6 = 83 % ≥ 60 % → +1;
//                90 / 46.67 = 1.93 ≥ 1.25 → +1; declined 6/12 = 50 % ≥ 25 % → +1; trend unreadable
//                (no vacancy in 2023-07…2024-06) → net 4 → shortage
//   secretaries: V/U 1 / 20 = 0.05 = 0.156 × → −1; 0/6 ≤ 30 % → −1; 10 / 46.67 = 0.21 ≤ 0.75 → −1;
//                declined 0/12 → 0 → net −3 → surplus
//   waiters:     V/U 2 / 6 = 1.04 × → 0; 3/6 = 50 % → 0; 40 / 46.67 = 0.86 → 0; 1/12 = 8 % → 0 → balanced
//   truck drivers: 1 seeker, no position (< 5 cases) and no vacancy → no readable signal → not classified
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { rankOccupations } from '../../dashboard/src/lib/map/ranking.ts';

const AS_OF = '2025-06-30';
let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  for (const feed of ['offices', 'employers', 'job_seekers', 'vacancies']) {
    const r = await loadFile(t.wh, join(FIXTURES, 'kpi-mismatch', `${feed}.csv`), { feed, source: 'kpi-fixture', today: AS_OF });
    if (r.status !== 'loaded') throw new Error(`fixture ${feed}.csv: ${r.status} ${JSON.stringify(r.errors)}`);
  }
  await refreshMarts(t.wh, { asOf: AS_OF });
}, 60_000);
afterAll(() => t?.cleanup());

const flags = async (request = {}) => (await queryKpi(t.wh, 'MM_FLAG', request)).rows;

describe('MM_FLAG: shortage / surplus from several signals', () => {
  it('classes each occupation of the province from its signals', async () => {
    const rows = await flags({ dims: ['occupation'], filters: { province: '272' } });
    const byCode = Object.fromEntries(rows.map((r) => [r.occupation, r]));
    expect(byCode['6.1.3.6.1']).toMatchObject({ flag: 'shortage', net_signal: 4, signals_read: 4, sig_tightness: 1, sig_htf: 1, sig_ttf: 1, sig_decl: 1, sig_trend: null });
    expect(byCode['4.1.1.1.0']).toMatchObject({ flag: 'surplus', net_signal: -3, signals_read: 4, sig_tightness: -1, sig_htf: -1, sig_ttf: -1, sig_decl: 0 });
    expect(byCode['5.2.2.3.1']).toMatchObject({ flag: 'balanced', net_signal: 0, signals_read: 4 });
    expect(byCode['7.4.2.3.0']).toMatchObject({ flag: null, signals_read: 0, seekers: 1, open_positions: 0 });
  });

  it('reads tightness and time against the province’s own level', async () => {
    const [plumbers] = await flags({ dims: ['occupation'], filters: { occupation: '6.1.3.6.1' } });
    expect(plumbers.tightness).toBe(6);
    expect(plumbers.territory_tightness).toBeCloseTo(9 / 28, 10);
    expect(plumbers.htf_share_12m).toBeCloseTo(5 / 6, 10);
    expect(plumbers.mean_days_to_fill_12m).toBe(90);
    expect(plumbers.territory_days_to_fill).toBeCloseTo(840 / 18, 10);
    expect(plumbers.decline_rate_12m).toBe(0.5);
    expect(plumbers).toMatchObject({ closed_12m: 6, htf_12m: 5, filled_12m: 6, proposed_12m: 12, declined_12m: 6, published_12m: 8, published_prev_12m: 0 });
  });

  it('classes a CP2021 group from its own counts, and leaves aggregates of several cells unclassified', async () => {
    // one occupation per group here, so each group has its occupation's class
    const groups = await flags({ dims: ['province', 'occupation_group'] });
    expect(groups.map((r) => [r.occupation_group, r.flag])).toEqual([
      ['4', 'surplus'],
      ['5', 'balanced'],
      ['6', 'shortage'],
      ['7', null],
    ]);
    // the whole province is four cells: no class, but the additive counts are there
    const [province] = await flags({ dims: ['province'] });
    expect(province).toMatchObject({ province: '272', flag: null, open_positions: 9, seekers: 28, closed_12m: 18 });
  });

  it('hands the page each class with the reasons behind it', async () => {
    const rows = await flags({ dims: ['occupation'], filters: { province: '272' } });
    const ranked = rankOccupations(rows, [], [], rows);
    const plumbers = ranked.find((r) => r.occupation === '6.1.3.6.1')!;
    expect(plumbers.flag).toBe('shortage');
    expect(plumbers.flagReasons.it).toMatch(/^Carenza: saldo dei segnali \+4/);
    expect(plumbers.flagReasons.it).toMatch(/Posti aperti per persona disponibile: 6,00 \(6 su 1\); provincia 0,32 → \+1/);
    expect(plumbers.flagReasons.it).toContain('83,3%');
    expect(plumbers.flagReasons.en).toMatch(/Hard to fill: 83\.3% of vacancies closed in 12 months \(5 of 6\) → \+1/);
    const drivers = ranked.find((r) => r.occupation === '7.4.2.3.0')!;
    expect(drivers.flagReasons.it).toMatch(/^Non classificata: 0 segnali leggibili su 5/);
  });
});
