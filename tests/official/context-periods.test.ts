// MM_CTX never averages: a cell that gathers several periods of a published
// series (here eighteen years of ISTAT road-accident counts for one comune, a
// real SDMX-CSV answer) has no value, instead of the mean of eighteen years;
// grouped by period, each value is the one published. Nor units: Eurostat's
// regional GDP in millions of euro and per inhabitant (a real TSV excerpt)
// never share a value. Nor territories: Italy's GDP and its provinces' are
// never averaged into one. Territories and the source's other
// classifications are named, not left as codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { codeNames } from '../../warehouse/reference/codeNames.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const ISTAT = join(FIXTURES, 'istat', 'istat_sdmx_csv_41_983_incidenti_bari.csv');
const GDP = join(FIXTURES, 'eurostat', 'tsv', 'estat_nama_10r_3gdp.tsv');
const UNEMPLOYMENT = join(FIXTURES, 'eurostat', 'une_rt_m_LU_slice.csv');

/** The cell of one series and year in the GDP excerpt, parsed here: `9823.02 ` → 9823.02. */
function gdp(unit: string, geo: string, year: string): number {
  const [header, ...lines] = readFileSync(GDP, 'utf8').split('\n').filter(Boolean);
  const k = header.split('\t').findIndex((p) => p.trim() === year);
  const line = lines.find((l) => l.startsWith(`A,${unit},${geo}\t`))!;
  return Number(line.split('\t')[k]);
}

/** The published (period, value) pairs of one ESITO/TIPO_DATO series, parsed here. */
function published(esito: string, tipo: string): [string, number][] {
  const [header, ...lines] = readFileSync(ISTAT, 'utf8').split(/\r?\n/).filter(Boolean);
  const h = header.split(',');
  return lines
    .map((l) => l.split(','))
    .filter((c) => c[h.indexOf('ESITO')] === esito && c[h.indexOf('TIPO_DATO')] === tipo)
    .map((c) => [c[h.indexOf('TIME_PERIOD')], Number(c[h.indexOf('OBS_VALUE')])]);
}

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  for (const file of [ISTAT, GDP, UNEMPLOYMENT]) {
    const r = await loadPublicFile(t.wh, file, { source: 'public', today: '2025-06-30' });
    expect(r!.results.every((x) => x.status === 'loaded')).toBe(true);
  }
  await refreshMarts(t.wh, { asOf: '2025-06-30' });
});
afterAll(() => t.cleanup());

describe('MM_CTX and periods', () => {
  it('a cell spanning several periods has no value; by period each value is as published', async () => {
    const series = published('F', 'KILLINJ');
    expect(series.length).toBeGreaterThan(1);
    const filters = { indicator: 'KILLINJ' };
    const across = await queryKpi(t.wh, 'MM_CTX', {
      dims: ['context_source', 'indicator', 'territory_code'],
      filters,
    });
    expect(across.rows.length).toBe(1);
    expect(across.rows[0].value).toBeNull();

    const byPeriod = await queryKpi(t.wh, 'MM_CTX', {
      dims: ['context_source', 'indicator', 'territory_code', 'period'],
      filters,
    });
    const values = new Map(byPeriod.rows.map((r) => [String(r.period), r]));
    expect(byPeriod.rows.length).toBe(series.length);
    for (const [period, value] of series) expect(values.get(period)?.value).toBe(value);
  });

  it('a cell holding several units has no value; each unit alone is as published', async () => {
    const dims = ['context_source', 'indicator', 'territory_code', 'period'];
    const basilicata2000 = { indicator: 'NAMA_10R_3GDP', territory_code: '17', period: '2000' };
    const mixed = await queryKpi(t.wh, 'MM_CTX', { dims, filters: basilicata2000 });
    expect(mixed.rows.map((r) => [r.value, r.units])).toEqual([[null, 3]]);
    for (const unit of ['MIO_EUR', 'EUR_HAB']) {
      const one = await queryKpi(t.wh, 'MM_CTX', { dims, filters: { ...basilicata2000, stat_unit: unit } });
      expect(one.rows.map((r) => [r.value, r.units])).toEqual([[gdp(unit, 'ITF5', '2000'), 1]]);
    }
  });

  it('a cell holding several territories has no value, never the mean of a nation and its provinces', async () => {
    const [header, ...lines] = readFileSync(GDP, 'utf8').split('\n').filter(Boolean);
    const k = header.split('\t').findIndex((p) => p.trim() === '2000');
    const published = lines.filter((l) => l.startsWith('A,MIO_EUR,') && !l.split('\t')[k].trim().startsWith(':'));
    expect(published.length).toBeGreaterThan(1);
    const r = await queryKpi(t.wh, 'MM_CTX', {
      dims: ['indicator', 'period'],
      filters: { indicator: 'NAMA_10R_3GDP', stat_unit: 'MIO_EUR', period: '2000' },
    });
    expect(r.rows.map((x) => [x.value, x.observations])).toEqual([[null, published.length]]);
  });

  it('names territories of every level and the source\'s other classifications', async () => {
    const territories = await codeNames(t.wh, 'territory_code', ['IT', '4', '17', '077', '037006']);
    expect(Object.fromEntries(Object.entries(territories).map(([k, v]) => [k, v.it]))).toEqual({
      IT: 'Italia',
      '4': 'Sud',
      '17': 'Basilicata',
      '077': 'Matera',
      '037006': 'Bologna',
    });
    // ISTAT's road-accident counts are by outcome (ESITO): a breakdown to group by.
    const byBreakdown = await queryKpi(t.wh, 'MM_CTX', { dims: ['stat_breakdown'], filters: { indicator: 'KILLINJ' } });
    expect(byBreakdown.rows.map((x) => x.stat_breakdown)).toEqual(['ESITO=F']);
    // Eurostat's unemployment excerpt (Luxembourg) is unadjusted: named as Eurostat's labels print it.
    const names = await codeNames(t.wh, 'stat_breakdown', ['s_adj=NSA', '_Z', 'ESITO=F']);
    expect(names['s_adj=NSA'].en).toBe('Unadjusted data (i.e. neither seasonally adjusted nor calendar adjusted data)');
    expect(names._Z.it).toBe('nessuna');
    // A pair the catalogue does not name keeps the source's code.
    expect(names['ESITO=F'].it).toBe('ESITO=F');
  });

  it('holds today\'s Italian territories only: another country\'s figure stays in the mart, not in a nameless row', async () => {
    // The GDP excerpt carries Albania (AL), which no Italian territory list names.
    expect(await t.wh.scalar(`select count(*) from mart.context_stats where territory_code is null and dataset = 'NAMA_10R_3GDP'`)).toBeGreaterThan(0);
    const r = await queryKpi(t.wh, 'MM_CTX', {
      dims: ['territory_code'],
      filters: { indicator: 'NAMA_10R_3GDP', stat_unit: 'EUR_HAB', period: '2021' },
    });
    expect(r.rows.map((x) => x.territory_code).sort()).toEqual(['076', '077', '17', '4', 'IT']);
  });
});
