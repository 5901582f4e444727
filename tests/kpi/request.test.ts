// Requests outside the allow-list are typed errors (KpiRequestError, stable
// code) raised before any SQL runs; the warehouse is untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { queryKpi, queryKpiArrow } from '../../warehouse/kpi/query.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { KpiRequestError, MartsNotBuiltError, type KpiRequest } from '../../warehouse/kpi/types.ts';
import { dimensionValues } from '../../warehouse/kpi/dimensions.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
}, 60_000);
afterAll(() => t?.cleanup());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(KpiRequestError);
    expect((err as KpiRequestError).status).toBe(400);
    return (err as KpiRequestError).code;
  }
  throw new Error('expected a KpiRequestError');
}

const tables = () =>
  t.wh.rows(`select table_schema, table_name from information_schema.tables order by all`);

describe('the allow-list', () => {
  it('refuses before the marts exist too (validation first), then says the marts are missing', async () => {
    expect(await codeOf(queryKpi(t.wh, 'NOPE'))).toBe('UNKNOWN_KPI');
    await expect(queryKpi(t.wh, 'MM_VAC')).rejects.toBeInstanceOf(MartsNotBuiltError);
    await refreshMarts(t.wh, { asOf: '2025-06-30' });
  });

  const bad: [string, string, KpiRequest, string][] = [
    ['injection as code', "MM_VAC'; drop table mart.vacancy_outcomes; --", {}, 'UNKNOWN_KPI'],
    ['injection as dimension', 'MM_VAC', { dims: ['region; drop table ops.loads'] }, 'UNKNOWN_DIMENSION'],
    ['injection as filter value', 'MM_VAC', { filters: { region: "16' or '1'='1" } }, 'INVALID_FILTER_VALUE'],
    ['injection as filter name', 'MM_VAC', { filters: { '1=1; drop table x': '1' } as never }, 'UNKNOWN_DIMENSION'],
    ['unknown dimension', 'MM_VAC', { dims: ['shoe_size'] }, 'UNKNOWN_DIMENSION'],
    ['dimension the KPI lacks', 'SP_PAID', { dims: ['gender'] }, 'DIMENSION_NOT_ALLOWED'],
    ['bad month', 'MM_VAC', { from: '2025-13' }, 'INVALID_PERIOD'],
    ['period as date', 'MM_VAC', { to: '2025-01-01' }, 'INVALID_PERIOD'],
    ['from after to', 'MM_VAC', { from: '2025-05', to: '2025-01' }, 'INVALID_PERIOD'],
    ['period on a snapshot KPI', 'MM_TIGHT', { from: '2025-01' }, 'PERIOD_NOT_SUPPORTED'],
    ['filter value not a string', 'MM_VAC', { filters: { region: [{}] as never } }, 'INVALID_FILTER_VALUE'],
    ['empty filter list', 'MM_VAC', { filters: { region: [] } }, 'INVALID_FILTER_VALUE'],
    ['too many dims', 'PL_RATE_6', { dims: ['region', 'office', 'gender', 'age_band', 'month'] }, 'TOO_MANY_DIMENSIONS'],
    ['thresholds on a non-target KPI', 'MM_VAC', { thresholds: { onTrack: 0.9 } }, 'INVALID_THRESHOLDS'],
    ['thresholds out of order', 'SP_TGT', { thresholds: { onTrack: 0.5, atRisk: 0.9 } }, 'INVALID_THRESHOLDS'],
  ];

  it.each(bad)('%s → KpiRequestError, nothing touched', async (_label, code, request, expected) => {
    const before = await tables();
    expect(await codeOf(queryKpi(t.wh, code, request))).toBe(expected);
    expect(await codeOf(queryKpiArrow(t.wh, code, request))).toBe(expected);
    expect(await tables()).toEqual(before);
    expect(await t.wh.scalar(`select count(*) from ops.mart_refreshes`)).toBe(1);
  });

  it('well-formed values that match nothing give an empty answer, not an error', async () => {
    const r = await queryKpi(t.wh, 'MM_VAC', { dims: ['region'], filters: { region: '99' } });
    expect(r.rows).toEqual([]);
  });

  it('dimensionValues labels filters from reference data', async () => {
    const provinces = await dimensionValues(t.wh, 'province');
    expect(provinces.find((p) => p.value === '272')?.label.it).toBe('Bari');
    expect((await dimensionValues(t.wh, 'age_band')).map((v) => v.value)).toContain('55+');
    await expect(dimensionValues(t.wh, 'nope')).rejects.toBeInstanceOf(KpiRequestError);
  });
});
