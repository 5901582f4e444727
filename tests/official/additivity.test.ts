// Official figures add up only as their measure allows: flows across
// territories and quarters, stocks across territories at one date but never
// across dates, distinct persons and ratios never. The sums are compared with
// sums computed from the fixture itself; the refusals are typed errors, not
// numbers. Saldo is attivati − cessati of the same quarter, beside the same
// quarter a year earlier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import {
  NotAdditive,
  sumAcrossPeriods,
  sumAcrossTerritories,
} from '../../warehouse/official/additivity.ts';
import { cobQuarterWithYearEarlier } from '../../warehouse/official/cobQuarter.ts';
import { readOfficialSeries } from '../../warehouse/official/series.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { COB, cobRows, GOL_1_2, golRows } from './fixture.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  for (const f of [COB, GOL_1_2]) {
    const r = await ingestFile(t.wh, resolveDataPaths({ dataDir: t.dir }), f, {
      source: 'osservatorio',
      keepOriginal: true,
    });
    expect(r.status).toBe('loaded');
  }
});
afterAll(() => t.cleanup());

const rapporti = (regione: string, anno: string, flusso: string) =>
  cobRows().find((x) => x.regione === regione && x.anno === anno && x.flusso === flusso)!.rapporti;

describe('additivity of official measures', () => {
  it('a flow adds across territories and across quarters', async () => {
    const south = await sumAcrossTerritories(t.wh, {
      measure: 'cob_rapporti_attivati',
      period: '2025-Q3',
      territoryCodes: ['17', '16'],
    });
    expect(south).toEqual({
      value:
        rapporti('Basilicata', '2025', 'avviamenti') + rapporti('Puglia', '2025', 'avviamenti'),
      figures: 2,
      missing: 0,
    });
    const twoYears = await sumAcrossPeriods(t.wh, {
      measure: 'cob_rapporti_attivati',
      territoryCode: '17',
      periods: ['2024-Q3', '2025-Q3'],
    });
    expect(twoYears.value).toBe(
      rapporti('Basilicata', '2024', 'avviamenti') + rapporti('Basilicata', '2025', 'avviamenti'),
    );
  });

  it('a stock adds across territories at one date, never across dates', async () => {
    const path1 = golRows(GOL_1_2).filter((x) => x.variabile === '1_reinserimento_lavorativo_ass');
    const both = await t.wh.scalar<number>(
      `select sum(value) from core.official_series where measure = 'gol_prese_in_carico' and gol_path = '1' and territory_code in ('17', '16')`,
    );
    expect(both).toBe(
      sum(
        path1
          .filter((x) => x.etichetta === 'Basilicata' || x.etichetta === 'Puglia')
          .map((x) => x.valore),
      ),
    );
    await expect(
      sumAcrossPeriods(t.wh, {
        measure: 'gol_prese_in_carico',
        territoryCode: '17',
        periods: ['2025-12-31'],
      }),
    ).rejects.toThrow(NotAdditive);
  });

  it('distinct persons and ratios are never summed', async () => {
    await expect(
      sumAcrossTerritories(t.wh, {
        measure: 'cob_lavoratori_attivati',
        period: '2025-Q3',
        territoryCodes: ['17', '16'],
      }),
    ).rejects.toThrow(/distinct persons/);
    await expect(
      sumAcrossTerritories(t.wh, {
        measure: 'cob_rapporti_per_lavoratore_attivati',
        period: '2025-Q3',
        territoryCodes: ['17'],
      }),
    ).rejects.toThrow(/ratio/);
    await expect(
      sumAcrossPeriods(t.wh, {
        measure: 'cob_lavoratori_attivati',
        territoryCode: '17',
        periods: ['2024-Q3', '2025-Q3'],
      }),
    ).rejects.toThrow(NotAdditive);
  });

  it('the COB quarter beside the same quarter a year earlier, with saldo', async () => {
    const q = await cobQuarterWithYearEarlier(t.wh, '17', '2025-Q3');
    const expected = (anno: string) => ({
      period: `${anno}-Q3`,
      attivati: rapporti('Basilicata', anno, 'avviamenti'),
      cessati: rapporti('Basilicata', anno, 'cessazioni'),
      saldo:
        rapporti('Basilicata', anno, 'avviamenti') - rapporti('Basilicata', anno, 'cessazioni'),
      publication: 'Allegato-III-Trimestre-CO-2025.xlsx',
    });
    expect(q).toEqual({ current: expected('2025'), yearEarlier: expected('2024') });
  });

  it('reads figures with their catalogue entry, filtered by period range', async () => {
    const rows = await readOfficialSeries(t.wh, {
      dataset: 'mlps_cob_regionale_trimestrale',
      territoryCodes: ['ND'],
      from: '2025-Q1',
      to: '2025-Q4',
    });
    expect(rows.map((r) => [r.measure, r.period, r.value])).toContainEqual([
      'cob_rapporti_attivati',
      '2025-Q3',
      rapporti('N.D. (c )', '2025', 'avviamenti'),
    ]);
    expect(
      rows.every((r) => r.period === '2025-Q3' && r.territory_level === 'non_ripartibile'),
    ).toBe(true);
  });
});

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
